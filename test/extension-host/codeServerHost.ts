// Runs the in-host suite inside code-server's extension host (VS Code's own Node extension host, in
// the offline editor). code-server has no test-runner switch of its own, so a tiny extension that
// activates at startup loads the suite and runs it; the suite writes its results to a file.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { startEditor } from '../../scripts/editor/startEditor';
import { REPO, SUITE_ENTRY } from './buildSuite';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT_LIMIT_MS = 40_000;

function writeRunnerExtension(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-eh-runner-'));
  const manifest = {
    name: 'gemini-chat-test-runner',
    publisher: 'gemini-chat',
    version: '0.0.0',
    engines: { vscode: '^1.100.0' },
    main: './dist/runner.js',
    activationEvents: ['onStartupFinished'],
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  mkdirSync(path.join(dir, 'dist'));
  writeFileSync(
    path.join(dir, 'dist', 'runner.js'),
    [
      "'use strict';",
      '// Runs the extension-host suite named by the launcher. The suite writes its results; if it cannot',
      '// even load, this writes that as a failed test so the launcher reports why.',
      "const { writeFileSync } = require('node:fs');",
      'exports.activate = () => {',
      '  Promise.resolve().then(() => require(process.env.GEMINI_CHAT_EH_SUITE).run()).catch((e) => {',
      "    try { require('node:fs').accessSync(process.env.GEMINI_CHAT_EH_RESULTS); } catch {",
      "      writeFileSync(process.env.GEMINI_CHAT_EH_RESULTS, JSON.stringify({ host: 'code-server', results: [{ title: 'load the suite', state: 'failed', error: String(e && e.stack || e) }] }));",
      '    }',
      '  });',
      '};',
      '',
    ].join('\n'),
  );
  return dir;
}

export async function runInCodeServer(resultsFile: string, workspace: string): Promise<void> {
  mkdirSync(workspace, { recursive: true });
  const runnerDir = writeRunnerExtension();
  const editor = await startEditor({
    extensions: [REPO, runnerDir],
    env: { GEMINI_CHAT_EH_SUITE: SUITE_ENTRY, GEMINI_CHAT_EH_RESULTS: resultsFile },
    label: 'extension-host',
  });
  // code-server starts an extension host when a window connects: open one.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(editor.urlFor(workspace));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (!existsSync(resultsFile)) {
      if (Date.now() > deadline) throw new Error(`the suite wrote no results within ${WAIT_LIMIT_MS / 1000}s (editor log: ${editor.logFile})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await editor.stop();
    rmSync(runnerDir, { recursive: true, force: true });
  }
}
