// Case 5: chunk to screen in the real editor (code-server = VS Code's workbench and extension host,
// offline; scripts/editor/), driven through Chromium like the e2e suite. The loopback Gemini server
// runs in this process and notes when it writes; a probe in the chat webview notes when text lands
// in the DOM. Both read the system clock (epoch ms), so the difference is the whole path: server →
// extension host (SSE parsing, coalescing) → postMessage → webview render.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type * as http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { FakeGemini, type RecordedRequest } from '../../test/support/fakeGemini';
import { startEditor, type RunningEditor } from '../../scripts/editor/startEditor';
import { editorPaths } from '../../scripts/editor/editorPaths';
import { Workbench } from '../../test/e2e/support/workbench';
import { ChatView } from '../../test/e2e/support/chatView';
import { serveModelList, textStream } from '../../test/e2e/support/geminiStream';
import { percentile, summarize } from '../lib/stats';
import { row, type BenchOptions, type CaseResult, type Row } from '../lib/report';
import { cut, LAST_WORD, longAnswer } from '../render/content';
import { epochNow, FRAME_PROBE } from './frameProbe';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

interface Sizes {
  chunks: number;
  chunkGapMs: number;
  answerChars: number;
  answerChunks: number;
  pacedGapMs: number;
}
const FULL: Sizes = { chunks: 500, chunkGapMs: 20, answerChars: 200_000, answerChunks: 4_000, pacedGapMs: 2 };
const SMOKE: Sizes = { chunks: 10, chunkGapMs: 20, answerChars: 4_000, answerChunks: 40, pacedGapMs: 2 };

const sse = (events: unknown[]): Buffer[] => events.map((e) => Buffer.from(`data: ${JSON.stringify(e)}\r\n\r\n`));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Writes `pieces` so that piece i goes out at start + i·gap (catching up if a timer fires late). */
async function paced(res: http.ServerResponse, pieces: Buffer[], gapMs: number, onWrite?: (i: number, at: number) => void): Promise<number> {
  const start = epochNow();
  let last = start;
  for (let i = 0; i < pieces.length; ) {
    const due = start + i * gapMs;
    const wait = due - epochNow();
    if (wait > 1) await sleep(wait - 0.5);
    while (i < pieces.length && start + i * gapMs <= epochNow() + 0.5) {
      last = epochNow();
      onWrite?.(i, last);
      res.write(pieces[i] as Buffer);
      i++;
    }
  }
  res.end();
  return last;
}

interface Session {
  /** Frame clock minus this process's clock (ms), from the tightest round trip. */
  skew: number;
  fake: FakeGemini;
  editor: RunningEditor;
  browser: Browser;
  workbench: Workbench;
  chat: ChatView;
  workspace: string;
}

async function open(): Promise<Session> {
  const r = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  const fake = await FakeGemini.start();
  serveModelList(fake, ['gemini-2.5-flash']);
  const workspace = mkdtempSync(path.join(tmpdir(), 'gemini-chat-bench-ws-'));
  const editor = await startEditor({ extensions: [ROOT], label: 'bench', settings: { 'geminiChat.baseUrl': fake.baseUrl }, env: { GEMINI_API_KEY: 'bench-key-0000' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const workbench = new Workbench(page);
  await workbench.open(editor.urlFor(workspace));
  const chat = await ChatView.open(workbench);
  await chat.composer.waitFor({ state: 'visible' });
  await chat.frame.evaluate(FRAME_PROBE);
  return { skew: 0, fake, editor, browser, workbench, chat, workspace };
}

/**
 * The webview's clock against ours: both read the system clock, but each process fixes its origin
 * once, so they can differ by a few ms. The round trip with the least time bounds the error.
 */
async function calibrate(s: Session): Promise<{ skew: number; errorMs: number }> {
  let best = { rtt: Infinity, skew: 0 };
  for (let i = 0; i < 30; i++) {
    const before = epochNow();
    const there = (await s.chat.frame.evaluate('performance.timeOrigin + performance.now()')) as number;
    const after = epochNow();
    if (after - before < best.rtt) best = { rtt: after - before, skew: there - (before + after) / 2 };
  }
  return { skew: best.skew, errorMs: best.rtt / 2 };
}

async function close(s: Partial<Session>): Promise<void> {
  await s.browser?.close().catch(() => undefined);
  await s.editor?.stop();
  await s.fake?.close();
  if (s.workspace) rmSync(s.workspace, { recursive: true, force: true });
}

/** Waits (up to `limitMs`) for a value from the frame probe. */
async function waitInFrame<T>(s: Session, expr: string, done: (v: T) => boolean, limitMs = 120_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = (await s.chat.frame.evaluate(expr)) as T;
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`case 5: timed out waiting for ${expr}`);
    await sleep(50);
  }
}

/**
 * One exchange: a fresh chat, the message typed and Send pressed; `respond` writes the answer.
 * Returns Send → request ms.
 */
async function exchange(s: Session, lastWord: string, respond: (req: RecordedRequest, res: http.ServerResponse) => Promise<void>): Promise<{ sendToRequestMs: number; arrivedAt: number }> {
  let arrivedAt = 0;
  let finished: Promise<void> = Promise.resolve();
  s.fake.enqueue((req, res) => {
    arrivedAt = epochNow();
    finished = respond(req, res);
    return finished;
  });
  await s.chat.frame.evaluate(`window.__b5.reset(${JSON.stringify(lastWord)}); window.__b5.sendAt = 0;`);
  // Typing is not timed; on a loaded machine a composer reset (after New Chat) can still land in the
  // middle of it, so it is retried before the timed part (pressing Send) begins.
  for (let attempt = 1; ; attempt++) {
    try {
      await s.chat.type('Benchmark question: please answer at length.');
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await sleep(500);
    }
  }
  await s.chat.button('Send').click();
  const deadline = Date.now() + 30_000;
  while (!arrivedAt) {
    if (Date.now() > deadline) throw new Error('case 5: the request never reached the server');
    await sleep(5);
  }
  await finished;
  const sendAt = (await s.chat.frame.evaluate('window.__b5.sendAt')) as number;
  return { sendToRequestMs: sendAt ? arrivedAt - (sendAt - s.skew) : NaN, arrivedAt };
}

async function newChat(s: Session): Promise<void> {
  await s.workbench.runCommand('Gemini Chat: New Chat');
  s.chat = await ChatView.find(s.workbench);
  await s.chat.frame.evaluate(FRAME_PROBE);
  await s.chat.composer.waitFor({ state: 'visible' });
}

export async function editorCase(opts: BenchOptions): Promise<CaseResult> {
  if (opts.smoke && !existsSync(editorPaths().marker)) {
    return { id: 5, title: 'Chunk to screen in the real editor', rows: [], skipped: 'the offline editor is not installed (npm run test:e2e installs it)' };
  }
  const sizes = opts.smoke ? SMOKE : FULL;
  const rounds = opts.smoke ? 1 : Math.min(opts.rounds, 3);
  const s: Partial<Session> = {};
  try {
    opts.log('case 5: starting the editor');
    Object.assign(s, await open());
    const session = s as Session;
    const sends: number[] = [];
    const clock = await calibrate(session);
    session.skew = clock.skew;
    // A first exchange, not timed: the client, its connection and the view's renderer warm up, as in
    // any window that has answered once.
    opts.log('case 5: warm-up exchange');
    await exchange(session, 'warm-up-done', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await paced(res, sse(textStream(['Warming up: ', '`code`, *text*\n\n', '```ts\nconst a = 1;\n```\n\nwarm-up-done'])), 20);
    });
    await waitInFrame<number>(session, 'window.__b5.lastWordAt', (v) => v > 0);
    await newChat(session);

    // 1. Chunk → screen: markers ⟦i⟧ written one by one, `chunkGapMs` apart.
    opts.log(`case 5: ${sizes.chunks} chunks to screen`);
    const writes: number[] = [];
    const pieces = sse(textStream(Array.from({ length: sizes.chunks }, (_, i) => `\u27e6${i}\u27e7 word${i} `)));
    const marked = await exchange(session, `\u27e6${sizes.chunks - 1}\u27e7`, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      await paced(res, pieces, sizes.chunkGapMs, (i, at) => (writes[i] = at));
    });
    sends.push(marked.sendToRequestMs);
    const seen = await waitInFrame<Record<string, number>>(session, 'window.__b5.seen', (v) => Object.keys(v).length >= sizes.chunks);
    const latencies = writes.map((w, i) => (seen[String(i)] ?? NaN) - session.skew - w);

    // 2 and 3. The long answer in one write, and paced; a new chat each time.
    const text = longAnswer(sizes.answerChars);
    const events = sse(textStream(cut(text, sizes.answerChunks)));
    const oneWrite: number[] = [];
    const pacedLag: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const mode of r % 2 === 0 ? (['one', 'paced'] as const) : (['paced', 'one'] as const)) {
        opts.log(`case 5: round ${r + 1}/${rounds}: ${mode === 'one' ? 'one write' : 'paced'}`);
        await newChat(session);
        let lastByte = 0;
        const ex = await exchange(session, LAST_WORD, async (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          if (mode === 'one') {
            const body = Buffer.concat(events);
            lastByte = epochNow();
            res.end(body);
          } else {
            lastByte = await paced(res, events, sizes.pacedGapMs);
          }
        });
        sends.push(ex.sendToRequestMs);
        const shownAt = await waitInFrame<number>(session, 'window.__b5.lastWordAt', (v) => v > 0, 10 * 60_000);
        (mode === 'one' ? oneWrite : pacedLag).push(shownAt - session.skew - lastByte);
      }
    }
    const finite = latencies.filter(Number.isFinite);
    const rows: Row[] = [
      row(`chunk → screen p50 (${sizes.chunks} chunks, ${sizes.chunkGapMs} ms apart)`, 'ms', { median: percentile(finite, 50), min: Math.min(...finite), max: Math.max(...finite), n: finite.length }, { max: 15 }),
      row(`chunk → screen p95`, 'ms', { median: percentile(finite, 95), min: Math.min(...finite), max: Math.max(...finite), n: finite.length }, { max: 40 }),
      row('Send pressed → request at the server', 'ms', summarize(sends.filter(Number.isFinite)), { max: 150 }),
      row(`${Math.round(sizes.answerChars / 1000)} KB answer in one write → last word on screen`, 'ms', summarize(oneWrite), { max: 500 }),
      row(`${Math.round(sizes.answerChars / 1000)} KB answer as ${sizes.answerChunks.toLocaleString('en-US')} events ${sizes.pacedGapMs} ms apart: last byte → last word on screen`, 'ms', summarize(pacedLag), { max: 500 }),
    ];
    return { id: 5, title: 'Chunk to screen in the real editor', rows, details: { sizes, clock, latencies, sends, oneWrite, pacedLag } };
  } finally {
    await close(s);
  }
}
