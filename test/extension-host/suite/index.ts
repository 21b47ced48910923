// Entry point loaded inside VS Code's extension host, by @vscode/test-electron (`extensionTestsPath`)
// or, in code-server, by the small runner extension (see ../codeServerHost.ts). Runs the suite with
// mocha and writes each test's result to $GEMINI_CHAT_EH_RESULTS for the launcher to report.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
}

export interface HostResults {
  /** Which editor ran it (VS Code's name and version). */
  host: string;
  results: HostTestResult[];
}

export async function run(): Promise<void> {
  // Loaded lazily: this module is also imported for its types by the launcher, outside any editor.
  const vscode = await import('vscode');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  const results: HostTestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((n) => resolve(n));
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
  });
  const report: HostResults = { host: `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost})`, results };
  const out = process.env.GEMINI_CHAT_EH_RESULTS;
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
