// Case 2: a long answer streamed through the real webview page (the shipped HTML, CSP and bundle) in
// headless Chromium. Four ways to show the same text, the first three interleaved:
//   streamed  – the real view fed N `turn/chunk` messages, a few per 16 ms tick, then the final update;
//   one-shot  – the real view handed the finished answer once;
//   floor     – the same messages shown as plain text, with no Markdown (see FLOOR_PAGE);
//   baseline  – the naive renderer: the same Markdown pipeline (renderMarkdown from webview-ui) run on
//               the whole message for every chunk, in a page with the same stylesheet.
// Main-thread time is Chromium's own TaskDuration over each run; flush times come from the probe.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeBrowser, openWebviewPage, type WebviewPage } from '../../test/support/webviewPage';
import type { HostToWebview } from '../../src/shared/protocol';
import { percentile, summarize, pairedRatio } from '../lib/stats';
import { row, type BenchOptions, type CaseResult, type Row } from '../lib/report';
import { chatSnapshot, cut, exchangeView, LAST_WORD, longAnswer } from './content';
import { MainThreadClock, PROBE } from './pageProbe';

const ROOT = path.resolve(__dirname, '../..');
const EXCHANGE = 'ex-stream';

interface Sizes {
  chars: number;
  chunks: number;
  codeBlocks: number;
  /** Where the per-flush p95 is taken: flushes while the answer had this many characters ±10%. */
  at: number;
}
const FULL: Sizes = { chars: 200_000, chunks: 4_000, codeBlocks: 30, at: 50_000 };
const SMOKE: Sizes = { chars: 4_000, chunks: 40, codeBlocks: 2, at: 2_000 };
/** 8 chunks per 16 ms: 4,000 chunks 2 ms apart, as they reach the view. */
const PER_TICK = 8;
const TICK_MS = 16;

async function freshView(): Promise<{ view: WebviewPage; clock: MainThreadClock }> {
  const view = await openWebviewPage({ viewport: { width: 420, height: 800 } });
  await view.waitForSent('webview/ready');
  await view.page.evaluate(PROBE);
  // One short finished exchange first: the Markdown, highlighting and sanitizing code has run once
  // (compiled, warmed) before anything is timed, as in a view that has shown any answer.
  await view.post({ type: 'state/snapshot', snapshot: chatSnapshot(1) });
  await view.page.evaluate('window.__bench.frames(2)');
  return { view, clock: await MainThreadClock.attach(view.page) };
}

type Split = Awaited<ReturnType<MainThreadClock['split']>>;
const minus = (a: Split, b: Split): Split => ({ task: a.task - b.task, script: a.script - b.script, layout: a.layout - b.layout, style: a.style - b.style });

async function streamed(text: string, sizes: Sizes): Promise<{ ms: number; split: Split; flushes: [number, number][] }> {
  const { view, clock } = await freshView();
  try {
    const start: HostToWebview = { type: 'turn/start', exchange: exchangeView(0, '', 'waiting') };
    await view.post({ ...start, exchange: { ...start.exchange, id: EXCHANGE } });
    await view.page.evaluate('window.__bench.frames(2)');
    const pieces = cut(text, sizes.chunks);
    const t0 = await clock.split();
    await view.page.evaluate(`(async () => {
      window.__bench.recording = true;
      await window.__bench.stream(${JSON.stringify(EXCHANGE)}, ${JSON.stringify(pieces)}, ${PER_TICK}, ${TICK_MS}, 0);
      window.__bench.post(${JSON.stringify({ type: 'turn/update', seq: sizes.chunks, exchange: { ...exchangeView(0, text), id: EXCHANGE } })});
      await window.__bench.frames(2);
      window.__bench.recording = false;
    })()`);
    const split = minus(await clock.split(), t0);
    const flushes = (await view.page.evaluate('window.__bench.flushes')) as [number, number][];
    await check(view, text);
    return { ms: split.task, split, flushes };
  } finally {
    await view.close();
  }
}

async function oneShot(text: string): Promise<Split> {
  const { view, clock } = await freshView();
  try {
    const t0 = await clock.split();
    await view.page.evaluate(`(async () => {
      window.__bench.post(${JSON.stringify({ type: 'turn/start', exchange: { ...exchangeView(0, text), id: EXCHANGE } })});
      await window.__bench.frames(2);
      // The view renders the blocks off screen a moment later (when idle): all of that is part of
      // rendering the text once, so the run ends when an idle period no longer adds text.
      const answer = document.querySelector('[data-exchange-id="${EXCHANGE}"] .turn-gemini .markdown');
      for (let last = -1; answer && answer.textContent.length !== last; ) {
        last = answer.textContent.length;
        await new Promise((resolve) => requestIdleCallback(resolve));
        await window.__bench.frames(1);
      }
    })()`);
    const split = minus(await clock.split(), t0);
    await check(view, text);
    return split;
  } finally {
    await view.close();
  }
}

/**
 * The floor: the least any view pays to show this stream as it arrives. The same chunk messages, shown
 * as plain text split into paragraphs at blank lines, in pages of 32 like the view's (so a frame's
 * layout stays in the last page), at most once per frame and no more than 30 times a second (as the
 * view holds a dense stream), kept scrolled to the bottom. No Markdown, no sanitizing, no spinner.
 */
const FLOOR_PAGE = `(() => {
  const scroller = document.querySelector('.transcript');
  const target = document.getElementById('target');
  let page, blocks = 32, paragraph, pending = '', scheduled = false, last = -Infinity;
  const flush = (time) => {
    scheduled = false;
    last = time;
    pending.split('\\n\\n').forEach((text, i) => {
      if (i > 0 || !paragraph) {
        if (blocks === 32) { page = document.createElement('div'); page.className = 'md-page'; target.append(page); blocks = 0; }
        paragraph = document.createElement('p');
        page.append(paragraph);
        blocks++;
      }
      if (text) paragraph.append(text);
    });
    pending = '';
    scroller.scrollTop = scroller.scrollHeight;
  };
  window.addEventListener('message', (event) => {
    if (event.data.type !== 'turn/chunk') return;
    pending += event.data.text;
    if (scheduled) return;
    scheduled = true;
    const wait = last + 20 - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(flush), wait);
    else requestAnimationFrame(flush);
  });
})();`;

/** A page with the view's stylesheet and transcript, and an empty answer to render into. */
async function bareAnswerPage(browser: Browser, origin: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 420, height: 800 } });
  const page = await context.newPage();
  await page.setContent(`<!doctype html><html><head><link rel="stylesheet" href="${origin}/codicon.css"><link rel="stylesheet" href="${origin}/main.css"></head>
    <body><main class="chat"><div class="transcript-pane"><div class="transcript"><article class="turn turn-gemini"><div class="answer-body"><div class="markdown" id="target"></div></div></article></div></div></main></body></html>`);
  await page.evaluate(PROBE);
  return page;
}

async function plainFloor(browser: Browser, origin: string, text: string, sizes: Sizes): Promise<number> {
  const page = await bareAnswerPage(browser, origin);
  try {
    await page.evaluate(FLOOR_PAGE);
    const clock = await MainThreadClock.attach(page);
    const t0 = await clock.now();
    await page.evaluate(`window.__bench.stream('floor', ${JSON.stringify(cut(text, sizes.chunks))}, ${PER_TICK}, ${TICK_MS}, 0)`);
    const ms = (await clock.now()) - t0;
    const shown = (await page.evaluate(`document.getElementById('target').textContent`)) as string;
    if (!shown.endsWith(LAST_WORD + '.')) throw new Error(`case 2: the floor does not show the answer's last word ${LAST_WORD}`);
    return ms;
  } finally {
    await page.context().close();
  }
}

/** The whole message rendered again per chunk, through webview-ui's own Markdown pipeline. */
let baselineBundle: Promise<string> | undefined;
function buildBaseline(): Promise<string> {
  baselineBundle ??= esbuild
    .build({
      stdin: {
        contents: `import { renderMarkdown } from './webview-ui/src/markdown/renderMarkdown';
          const target = document.getElementById('target');
          let full = '';
          window.__renderWhole = (text) => { full += text; target.replaceChildren(renderMarkdown(full, {})); };`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      logLevel: 'silent',
    })
    .then((r) => r.outputFiles[0]?.text ?? '');
  return baselineBundle;
}

/**
 * The naive renderer's main-thread time. It is quadratic, so it runs for at most `budgetMs` of wall
 * time; if it is stopped early, its figure is a lower bound and says how far it got.
 */
async function baseline(browser: Browser, origin: string, text: string, sizes: Sizes, budgetMs: number): Promise<{ ms: number; done: number }> {
  const page = await bareAnswerPage(browser, origin);
  try {
    await page.addScriptTag({ content: await buildBaseline() });
    const clock = await MainThreadClock.attach(page);
    const pieces = cut(text, sizes.chunks);
    const t0 = await clock.now();
    const done = (await page.evaluate(`(async () => {
      const pieces = ${JSON.stringify(pieces)};
      const deadline = performance.now() + ${budgetMs};
      let i = 0;
      await new Promise((resolve) => {
        const tick = () => {
          for (let k = 0; k < ${PER_TICK} && i < pieces.length; k++, i++) { window.__renderWhole(pieces[i]); void document.body.offsetHeight; }
          if (i < pieces.length && performance.now() < deadline) setTimeout(tick, ${TICK_MS}); else window.__bench.frames(2).then(resolve);
        };
        tick();
      });
      return i;
    })()`)) as number;
    return { ms: (await clock.now()) - t0, done };
  } finally {
    await page.context().close();
  }
}

/** The run showed the whole answer (its last words), or its figure means nothing. */
async function check(view: WebviewPage, text: string): Promise<void> {
  const tailWords = text.trim().split(/\s+/).slice(-1)[0] ?? '';
  const shown = (await view.page.evaluate(`document.querySelector('[data-exchange-id="${EXCHANGE}"] .turn-gemini .markdown')?.textContent ?? ''`)) as string;
  if (!shown.includes(tailWords)) throw new Error(`case 2: the answer's last word ${tailWords} is not shown`);
  // Script errors void the run; console noise (a CSP report, say) is the view's business, not timing's.
  const errors = view.errors().filter((e) => e.startsWith('pageerror'));
  if (errors.length) throw new Error(`case 2: page errors: ${errors.join('; ')}`);
}

export async function renderCase(opts: BenchOptions): Promise<CaseResult> {
  try {
    return await measure(opts);
  } finally {
    await closeBrowser();
  }
}

async function measure(opts: BenchOptions): Promise<CaseResult> {
  const sizes = opts.smoke ? SMOKE : FULL;
  const text = longAnswer(sizes.chars, sizes.codeBlocks);
  const rounds = opts.smoke ? 1 : Math.min(opts.rounds, 3);
  const streamedMs: number[] = [];
  const oneShotMs: number[] = [];
  const flushesAt: number[] = [];
  const allFlushes: number[] = [];
  const floorMs: number[] = [];
  const baselineMs: number[] = [];
  let baselineDone = 0;
  const splits: ({ run: string } & Split)[] = [];
  // Serves the stylesheet to the pages without the view (floor, baseline).
  const probe = await openWebviewPage();
  const browser = probe.page.context().browser();
  if (!browser) throw new Error('case 2: no browser');
  try {
    for (let r = 0; r < rounds; r++) {
      opts.log(`case 2: round ${r + 1}/${rounds}`);
      const order = r % 2 === 0 ? (['streamed', 'oneShot', 'floor'] as const) : (['floor', 'oneShot', 'streamed'] as const);
      for (const which of order) {
        if (which === 'oneShot') {
          const split = await oneShot(text);
          oneShotMs.push(split.task);
          splits.push({ run: 'once', ...split });
        } else if (which === 'floor') {
          floorMs.push(await plainFloor(browser, probe.origin, text, sizes));
        } else {
          const s = await streamed(text, sizes);
          streamedMs.push(s.ms);
          splits.push({ run: 'streamed', ...s.split });
          for (const [ms, chars] of s.flushes) {
            allFlushes.push(ms);
            if (chars >= sizes.at * 0.9 && chars <= sizes.at * 1.1) flushesAt.push(ms);
          }
        }
      }
      if (r === 0) {
        // The baseline is quadratic: one run (its figure is a lower bound for what it would cost, n = 1).
        opts.log('case 2: baseline (whole message per chunk)…');
        const b = await baseline(browser, probe.origin, text, sizes, opts.smoke ? 10_000 : 60_000);
        baselineMs.push(b.ms);
        baselineDone = b.done;
      }
    }
  } finally {
    await probe.close();
  }
  const kb = Math.round(sizes.chars / 1000);
  const label = `${kb} KB answer in ${sizes.chunks.toLocaleString('en-US')} chunks`;
  const stoppedNote = baselineDone < sizes.chunks ? `at least: stopped after 60 s at chunk ${baselineDone.toLocaleString('en-US')}` : undefined;
  const rows: Row[] = [
    row(`${label}: streamed, main-thread total`, 'ms', summarize(streamedMs)),
    row(`${label}: rendered once, main-thread total`, 'ms', summarize(oneShotMs)),
    row(`${label}: streamed / once`, '×', pairedRatio(streamedMs, oneShotMs), { max: 3 }),
    row(`${label}: plain-text floor, main-thread total`, 'ms', summarize(floorMs)),
    row(`${label}: plain-text floor / once`, '×', pairedRatio(floorMs, oneShotMs)),
    row(`${label}: streamed / plain-text floor`, '×', pairedRatio(streamedMs, floorMs)),
    row(`${label}: flush p95 at ${sizes.at / 1000}k chars`, 'ms', { median: percentile(flushesAt, 95), min: Math.min(...flushesAt), max: Math.max(...flushesAt), n: flushesAt.length }, { max: 8 }),
    row(`${label}: flush p95 over the whole stream`, 'ms', { median: percentile(allFlushes, 95), min: Math.min(...allFlushes), max: Math.max(...allFlushes), n: allFlushes.length }),
    row(`${label}: baseline (whole message per chunk), main-thread total`, 'ms', summarize(baselineMs), undefined, stoppedNote),
    row(`${label}: baseline / streamed`, '×', summarize(baselineMs.map((b) => b / summarize(streamedMs).median)), undefined, stoppedNote),
  ];
  return { id: 2, title: 'Rendering a streamed answer', rows, details: { sizes, splits, baselineChunksDone: baselineDone, streamedMs, oneShotMs, floorMs, baselineMs, flushesAt: flushesAt.length, flushes: allFlushes.length } };
}
