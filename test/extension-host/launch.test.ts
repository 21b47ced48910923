// The extension-host suite's launcher (mocha with --delay): builds the suite, runs it inside a real
// editor, then reports each in-host test here, so `npm test` counts and prints them like any other.
// Where: VS Code via @vscode/test-electron when VSCODE_EXECUTABLE is set (or GEMINI_CHAT_TEST_HOST=electron
// on a machine that can download it), otherwise the offline editor (code-server). If neither can run,
// one failing test says why in one line: the suite never passes silently.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSuite } from './buildSuite';
import { runInCodeServer } from './codeServerHost';
import { runUnderTestElectron } from './electronHost';
import type { HostResults } from './suite/index';

const useElectron = Boolean(process.env.VSCODE_EXECUTABLE) || process.env.GEMINI_CHAT_TEST_HOST === 'electron';

async function runSuite(): Promise<HostResults> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-eh-'));
  const resultsFile = path.join(dir, 'results.json');
  try {
    await buildSuite();
    const workspace = path.join(dir, 'workspace');
    if (useElectron) {
      // test-electron rejects when a test failed; the results file says which.
      await runUnderTestElectron(resultsFile, workspace).catch((err: unknown) => {
        if (!existsSync(resultsFile)) throw err;
      });
    } else {
      await runInCodeServer(resultsFile, workspace);
    }
    if (!existsSync(resultsFile)) throw new Error('the editor ran but the suite reported nothing');
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResults;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const oneLine = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';

void runSuite().then(
  (report) => {
    describe(`extension host: ${report.host}`, () => {
      if (report.results.length === 0) it('runs the suite', () => assert.fail('the suite ran no tests'));
      for (const r of report.results) {
        if (r.state === 'pending') it(r.title);
        else
          it(r.title, () => {
            if (r.state === 'failed') throw new Error(r.error ?? 'failed');
          });
      }
    });
    run();
  },
  (err: unknown) => {
    describe('extension host', () => {
      it(`runs in ${useElectron ? 'VS Code (test-electron)' : 'the offline editor (code-server)'}`, () => {
        throw new Error(`cannot run the extension-host suite: ${oneLine(err)}`);
      });
    });
    run();
  },
);
