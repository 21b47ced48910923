// Case 4: what the extension costs VS Code. activate() (require of dist/extension.js + the call) in
// fresh Node processes against a stub `vscode` module; the extension and webview bundle sizes; the
// .vsix as `vsce package` makes it; and the time from a 1,000-exchange chat's snapshot reaching the
// real webview page to the view being interactive (rendered, a frame shown, the main thread free).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { closeBrowser, openWebviewPage } from '../../test/support/webviewPage';
import { summarize } from '../lib/stats';
import { row, single, type BenchOptions, type CaseResult, type Row } from '../lib/report';
import { chatSnapshot } from '../render/content';
import { PROBE } from '../render/pageProbe';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');

function build(): void {
  const r = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

function activationTimes(runs: number): { total: number[]; require: number[]; activate: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-bench-vscode-'));
  try {
    mkdirSync(path.join(dir, 'node_modules', 'vscode'), { recursive: true });
    copyFileSync(path.join(__dirname, 'vscodeStub.cjs'), path.join(dir, 'node_modules', 'vscode', 'index.js'));
    const out = { total: [] as number[], require: [] as number[], activate: [] as number[] };
    for (let i = 0; i < runs + 1; i++) {
      const r = spawnSync(process.execPath, [path.join(__dirname, 'activateChild.cjs'), path.join(DIST, 'extension.js')], {
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: path.join(dir, 'node_modules'), NODE_OPTIONS: '' },
      });
      if (r.status !== 0) throw new Error(`activate() failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { requireMs: number; activateMs: number };
      if (i === 0) continue; // the first run also warms the OS file cache
      out.require.push(m.requireMs);
      out.activate.push(m.activateMs);
      out.total.push(m.requireMs + m.activateMs);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function vsixBytes(): number | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-bench-vsix-'));
  try {
    const file = path.join(dir, 'gemini-chat.vsix');
    const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', file, '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links'], { cwd: ROOT, encoding: 'utf8' });
    return r.status === 0 ? statSync(file).size : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ms from the snapshot's JSON arriving in the page to a rendered frame and an idle main thread. */
async function openLongChat(exchanges: number): Promise<number> {
  const view = await openWebviewPage({ viewport: { width: 420, height: 800 } });
  try {
    await view.waitForSent('webview/ready');
    await view.page.evaluate(PROBE);
    const json = JSON.stringify({ type: 'state/snapshot', snapshot: chatSnapshot(exchanges) });
    // The JSON parse stands in for the structured clone of postMessage; "interactive": the view's
    // frame is drawn and a task queued behind it runs (nothing long is left on the main thread).
    const ms = (await view.page.evaluate(`(async () => {
      const json = ${JSON.stringify(json)};
      const start = performance.now();
      window.__bench.post(JSON.parse(json));
      await window.__bench.frames(1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return performance.now() - start;
    })()`)) as number;
    // Exchanges far from the viewport are boxes of their estimated height until they come near it.
    const shown = (await view.page.evaluate('document.querySelectorAll(".exchange").length')) as number;
    const last = (await view.page.evaluate(`document.querySelector('.exchange[data-exchange-id="ex-${exchanges - 1}"] article.turn-gemini')?.textContent ?? ''`)) as string;
    if (shown !== exchanges || !last.includes('That should be all you need.')) throw new Error(`case 4: the view has ${shown} exchanges, not ${exchanges}, or its last answer is not shown`);
    return ms;
  } finally {
    await view.close();
  }
}

export async function startCase(opts: BenchOptions): Promise<CaseResult> {
  // A smoke run (inside the unit suite, after `npm test` built) uses the bundles as they are.
  if (!opts.smoke || !existsSync(path.join(DIST, 'extension.js'))) {
    opts.log('case 4: build');
    build();
  }
  const runs = opts.smoke ? 1 : Math.max(opts.rounds, 11);
  opts.log('case 4: activate()');
  const act = activationTimes(runs);
  const extensionKB = statSync(path.join(DIST, 'extension.js')).size / 1024;
  // Activation requires only the shells in extension.js; the rest is required on first use.
  const chatHostKB = statSync(path.join(DIST, 'chatHost.js')).size / 1024;
  const js = readFileSync(path.join(DIST, 'webview', 'main.js'));
  const css = readFileSync(path.join(DIST, 'webview', 'main.css'));
  const webviewGzipKB = (gzipSync(js, { level: 9 }).length + gzipSync(css, { level: 9 }).length) / 1024;
  opts.log('case 4: vsce package');
  const vsix = opts.smoke ? undefined : vsixBytes();
  opts.log('case 4: 1,000-exchange chat');
  const exchanges = opts.smoke ? 20 : 1_000;
  const open: number[] = [];
  try {
    for (let i = 0; i < (opts.smoke ? 1 : Math.min(opts.rounds, 5)); i++) open.push(await openLongChat(exchanges));
  } finally {
    await closeBrowser();
  }
  const rows: Row[] = [
    row('activate(): require + call', 'ms', summarize(act.total), { max: 50 }),
    row('activate(): of which require of the bundle', 'ms', summarize(act.require)),
    row('activate(): of which the call', 'ms', summarize(act.activate)),
    single('extension bundle (dist/extension.js)', 'KB', extensionKB, { max: 1024, text: '≤ 1024' }),
    single('chat host bundle (dist/chatHost.js, required on first use)', 'KB', chatHostKB, { max: 1024, text: '≤ 1024' }),
    single('webview bundle, gzip (main.js + main.css)', 'KB', webviewGzipKB, { max: 300 }),
    ...(vsix !== undefined ? [single('.vsix', 'KB', vsix / 1024)] : []),
    row(`open a ${exchanges.toLocaleString('en-US')}-exchange chat → interactive`, 'ms', summarize(open), { max: 500 }),
  ];
  return { id: 4, title: 'Start and size', rows, details: { activation: act, extensionBytes: extensionKB * 1024, chatHostBytes: chatHostKB * 1024, webviewGzipBytes: webviewGzipKB * 1024, vsixBytes: vsix, open } };
}
