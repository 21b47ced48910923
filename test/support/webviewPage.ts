// The chat webview in headless Chromium, as VS Code would show it: the real HTML (renderWebviewHtml,
// so the CSP under test is the shipped one) and the built bundle from dist/webview, served over
// loopback HTTP, with `acquireVsCodeApi` stubbed. Used by the webview tests and the benchmarks.
//
//   const view = await openWebviewPage();
//   await view.post({ type: 'state/snapshot', snapshot });
//   await view.page.getByRole('article', { name: /^Gemini/ }).first().waitFor();
//   view.sent();                       // WebviewToHost messages, in order
//   await view.close();
//   await closeBrowser();              // once, at the end (the browser is shared between pages)
//
// The stubbed state lives in the page's sessionStorage, so `reload()` behaves like a disposed view
// coming back: the DOM is gone, getState() is not.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { renderWebviewHtml } from '../../src/host/webviewHtml';
import { ensureSystemPackages, SYSTEM_NEEDS } from '../../scripts/editor/ensureEditor';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist/webview');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export interface WebviewPageOptions {
  /** What `getState()` returns on first load (a view restored with a draft, say). */
  state?: unknown;
  viewport?: { width: number; height: number };
  /** Extra CSS served from the webview's origin and linked after the view's own, e.g. a theme's variables. */
  themeCss?: string;
  colorScheme?: 'light' | 'dark';
  /** Draw scrollbars, as VS Code does (headless Chromium hides them), for tests that drag one. */
  scrollbars?: boolean;
  /** The chat's kept files (by name: a sha256), served where the host's kept files would be. */
  keptFiles?: Record<string, Buffer>;
}

export interface WebviewPage {
  page: Page;
  /** The origin the page and bundle are served from (the stand-in for `webview.cspSource`). */
  origin: string;
  /** Delivers host messages to the webview as `message` events, in order, and returns once handled. */
  post(message: HostToWebview | HostToWebview[]): Promise<void>;
  /** Every message the webview posted so far, in order (also across reloads). */
  sent(): WebviewToHost[];
  /** Waits for the first message of `type` (matching `where`) posted after `since` messages. */
  waitForSent<T extends WebviewToHost['type']>(type: T, where?: (m: Extract<WebviewToHost, { type: T }>) => boolean, since?: number): Promise<Extract<WebviewToHost, { type: T }>>;
  /** What the webview last passed to setState. */
  state(): Promise<unknown>;
  /** Resolves after the next two animation frames (one render flush has run). */
  nextFrame(): Promise<void>;
  /** Reloads the page (the view disposed and shown again); state and `sent()` are kept. */
  reload(): Promise<void>;
  /** Page errors, console errors and CSP violations seen so far. */
  errors(): string[];
  close(): Promise<void>;
}

let browser: Promise<Browser> | undefined;
let browserWithScrollbars: Promise<Browser> | undefined;
let checkedBuild = false;

/** Builds dist/webview once per process when it is missing or older than its sources. */
export function ensureWebviewBuilt(): void {
  if (checkedBuild) return;
  checkedBuild = true;
  const bundle = path.join(DIST, 'main.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const sources = [...listFiles(path.join(ROOT, 'webview-ui/src')), path.join(ROOT, 'src/shared/protocol.ts'), path.join(ROOT, 'src/host/webviewHtml.ts')];
  if (built && sources.every((f) => statSync(f).mtimeMs <= built)) return;
  const result = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the webview failed:\n${result.stdout}${result.stderr}`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function launch(scrollbars = false): Promise<Browser> {
  // On a fresh machine (a benchmark, or one suite run before `npm test`), Debian's browser comes first.
  if (!browser && !browserWithScrollbars && !process.env.CHROMIUM_PATH) {
    ensureSystemPackages(SYSTEM_NEEDS.filter((n) => n.pkg === 'chromium'), (line) => console.error(line));
  }
  if (scrollbars) {
    browserWithScrollbars ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--hide-scrollbars'] });
    return browserWithScrollbars;
  }
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return browser;
}

/** Closes the shared browser (call once when done, e.g. in a mocha root `afterAll`). */
export async function closeBrowser(): Promise<void> {
  const open = [browser, browserWithScrollbars];
  browser = undefined;
  browserWithScrollbars = undefined;
  for (const b of open) if (b) await (await b).close();
}

export async function openWebviewPage(options: WebviewPageOptions = {}): Promise<WebviewPage> {
  ensureWebviewBuilt();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const nonce = randomBytes(16).toString('base64');
  const styleUris = [`${origin}/codicon.css`, `${origin}/main.css`, ...(options.themeCss !== undefined ? [`${origin}/theme.css`] : [])];
  const html = renderWebviewHtml({ cspSource: origin, nonce, scriptUri: `${origin}/main.js`, styleUris, keptFilesUri: `${origin}/kept` });
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', html);
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (url.pathname === '/theme.css' && options.themeCss !== undefined) return send(res, 200, CONTENT_TYPES['.css'] ?? '', options.themeCss);
    const kept = /^\/kept\/([0-9a-f]{64})$/.exec(url.pathname)?.[1];
    // A kept file has no extension: it is served with no image type.
    if (kept !== undefined) return options.keptFiles?.[kept] ? send(res, 200, 'application/octet-stream', options.keptFiles[kept]) : send(res, 404, 'text/plain', 'not found');
    const name = path.basename(url.pathname);
    const file = path.join(DIST, name);
    if (url.pathname !== `/${name}` || !existsSync(file)) return send(res, 404, 'text/plain', 'not found');
    send(res, 200, CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream', readFileSync(file));
  });

  const context: BrowserContext = await (await launch(options.scrollbars)).newContext({
    viewport: options.viewport ?? { width: 420, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const sent: WebviewToHost[] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  await page.exposeBinding('__recordPost', (_source, message: WebviewToHost) => {
    sent.push(message);
    for (const wake of [...waiters]) wake();
  });
  await page.exposeBinding('__recordViolation', (_source, text: string) => errors.push(text));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript({ content: stubVsCodeApi(options.state === undefined ? null : JSON.stringify(options.state)) });
  await page.goto(origin);

  const view: WebviewPage = {
    page,
    origin,
    async post(message) {
      const messages = Array.isArray(message) ? message : [message];
      // Dispatched synchronously, so when this resolves every message has been handled (rendering then
      // follows on the next animation frame: see nextFrame).
      await page.evaluate((all) => {
        const g = globalThis as unknown as PageGlobals;
        for (const data of all) g.dispatchEvent(new g.MessageEvent('message', { data }));
      }, messages);
    },
    sent: () => [...sent],
    waitForSent(type, where, since = 0) {
      type M = Extract<WebviewToHost, { type: typeof type }>;
      const find = (): M | undefined => sent.slice(since).find((m): m is M => m.type === type && (!where || where(m as M)));
      return new Promise<M>((resolve, reject) => {
        const check = (): void => {
          const found = find();
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the webview posted no ${type}; it posted: ${sent.map((m) => m.type).join(', ') || 'nothing'}`));
        }, 10_000);
        waiters.add(check);
        check();
      });
    },
    state: () =>
      page.evaluate(() => {
        const raw = (globalThis as unknown as PageGlobals).sessionStorage.getItem('__vscodeState');
        return raw === null ? undefined : (JSON.parse(raw) as unknown);
      }),
    nextFrame: () =>
      page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return new Promise<void>((resolve) => g.requestAnimationFrame(() => g.requestAnimationFrame(() => resolve())));
      }),
    async reload() {
      await page.reload();
    },
    errors: () => [...errors],
    async close() {
      await context.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return view;
}

/** The few browser globals used in page functions (this program has Node's types, not the DOM's). */
export interface PageGlobals {
  dispatchEvent(event: unknown): boolean;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  requestAnimationFrame(callback: () => void): number;
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Runs in the page before any of its scripts: VS Code's webview API, recorded. A string, not a
 * function, so the test transpiler's helpers (`__name`) never leak into the page.
 */
function stubVsCodeApi(initialState: string | null): string {
  return `(() => {
  const KEY = '__vscodeState';
  const initial = ${JSON.stringify(initialState)};
  if (initial !== null && sessionStorage.getItem(KEY) === null) sessionStorage.setItem(KEY, initial);
  let acquired = false;
  window.acquireVsCodeApi = () => {
    // VS Code allows one call per page load.
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return Object.freeze({
      // postMessage structured-clones its argument; JSON is close enough for this protocol.
      postMessage: (message) => window.__recordPost(JSON.parse(JSON.stringify(message))),
      getState: () => {
        const raw = sessionStorage.getItem(KEY);
        return raw === null ? undefined : JSON.parse(raw);
      },
      setState: (state) => {
        sessionStorage.setItem(KEY, JSON.stringify(state));
        return state;
      },
    });
  };
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__recordViolation('csp: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));
})();`;
}
