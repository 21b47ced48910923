// `npm test`: builds once, runs every suite (unit, webview, end-to-end) and ends with one line that
// counts them all. A suite that cannot run says why and counts as failed: nothing passes silently.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const only = process.argv.slice(2);
const suites = [
  { name: 'unit', config: 'test/unit/.mocharc.json' },
  { name: 'webview', config: 'test/webview/.mocharc.json' },
  // A real VS Code (the offline editor, or test-electron's): the extension host, then every user path.
  { name: 'extension-host', config: 'test/extension-host/.mocharc.json' },
  { name: 'e2e', config: 'test/e2e/.mocharc.json' },
].filter((s) => only.length === 0 || only.includes(s.name));

const countsFile = join(mkdtempSync(join(tmpdir(), 'gemini-chat-tests-')), 'counts.jsonl');
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

let failedToRun = 0;
// From a fresh clone: the packages, then the system packages and the offline editor the browser and
// editor suites need (installed into a cache outside the clone; a second run finds them there).
if (!existsSync('node_modules/.bin/esbuild') && run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
  console.log('npm ci failed');
  process.exit(1);
}
if (suites.some((s) => s.name !== 'unit') && run('npx', ['tsx', 'scripts/editor/ensureEditorCli.ts']) !== 0) {
  console.log('the browser and editor suites cannot run: see the line above');
  process.exit(1);
}
if (run('node', ['scripts/build.mjs']) !== 0) {
  console.log('build failed');
  process.exit(1);
}
for (const suite of suites) {
  if (!existsSync(suite.config)) {
    console.log(`suite ${suite.name}: no ${suite.config}`);
    failedToRun++;
    continue;
  }
  console.log(`\n=== ${suite.name} tests ===`);
  const status = run('npx', ['mocha', '--config', suite.config, '--reporter', 'test/support/countingReporter.cjs'], {
    TEST_COUNTS_FILE: countsFile,
    TEST_SUITE_NAME: suite.name,
  });
  const reported = existsSync(countsFile) && readFileSync(countsFile, 'utf8').includes(`"suite":"${suite.name}"`);
  if (!reported) {
    console.log(`suite ${suite.name} exited with ${status} before reporting`);
    failedToRun++;
  }
}

const rows = existsSync(countsFile) ? readFileSync(countsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
rmSync(dirname(countsFile), { recursive: true, force: true });
const sum = (k) => rows.reduce((n, r) => n + r[k], 0);
const passed = sum('passes');
const failed = sum('failures') + failedToRun;
const skipped = sum('pending');
for (const r of rows) console.log(`  ${r.suite}: ${r.passes} passed, ${r.failures} failed${r.pending ? `, ${r.pending} skipped` : ''}`);
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
