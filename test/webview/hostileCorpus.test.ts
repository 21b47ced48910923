// Issue 7, "Leaks", in the real webview page (the shipped HTML and CSP, the built bundle) in headless
// Chromium: every payload of the injection corpus (test/hostile/corpus.ts) streams in as an answer,
// the way the host posts it (turn/start, turn/chunk…, turn/update), then the view is reloaded and the
// whole history re-rendered from a snapshot, as after a window reload. Measured throughout: requests
// reaching the loopback attacker server, scripts run (a page binding the payloads call, and a DOM
// mark), anything in the rendered DOM that could load or run, links that are not web or mail, what a
// click on every link sends to the host, and the time of each render flush and message handling.
// The exported Markdown of the same answers is opened in a page too (see the last test).
import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { chromium, type Browser } from 'playwright-core';
import { openWebviewPage, type WebviewPage } from '../support/webviewPage';
import { Attacker } from '../hostile/attacker';
import { corpusFor, CORPUS } from '../hostile/corpus';
import { installProbes, percentile, pwnedMark, scan, takeFlushTimes } from '../hostile/pageProbes';
import { recordFigures } from '../hostile/figures';
import { chatToMarkdown } from '../../src/core/export/markdownExport';
import { TRANSCRIPT_VERSION, type ChatRecord } from '../../src/core/transcript';
import type { HostToWebview } from '../../src/shared/protocol';
import { chat, exchange, snapshot } from './builders';

const FLUSH_BUDGET_MS = 50;
/** A render still running after this long is reported as stuck (the page is then closed). */
const STUCK_MS = 20_000;

/**
 * Runs `work` against a page, giving up after `ms`: true when it finished. A page that stops answering
 * (a render that never ends) makes Playwright's own calls time out too; that counts as not finished.
 */
async function within(ms: number, work: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    const run = work().then(
      () => true as const,
      (err: unknown) => {
        if (/Timeout \d+ms exceeded/.test(String(err))) return false as const;
        throw err;
      },
    );
    // Past the deadline the page is closed under it: that rejection is expected, not a failure.
    run.catch(() => undefined);
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const PIECES = 12;
/** An ordinary answer rendered first, so timings are of a view in use, not of its first paint. */
const WARM_UP = '# Warm-up\n\nSome *text*, a [link](https://example.com) and code:\n\n```ts\nconst x: number = 1;\n```\n\n- a\n- b\n';

/** A payload cut into pieces the way a stream would bring it (the cuts fall anywhere, mid-tag too). */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / PIECES));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Dispatches host messages one task each, timing the synchronous handling of each. */
async function postTimed(view: WebviewPage, messages: HostToWebview[]): Promise<number[]> {
  return view.page.evaluate((all) => {
    const g = globalThis as unknown as { dispatchEvent(e: unknown): void; MessageEvent: new (t: string, i: { data: unknown }) => unknown; performance: { now(): number } };
    return all.map((data) => {
      const start = g.performance.now();
      g.dispatchEvent(new g.MessageEvent('message', { data }));
      return g.performance.now() - start;
    });
  }, messages);
}

describe('hostile: the injection corpus in the real webview', function () {
  this.timeout(300_000);
  let attacker: Attacker;
  let view: WebviewPage;
  const ran: string[] = [];
  const corpus = (): ReturnType<typeof corpusFor> => corpusFor(attacker.origin);
  const figures: Record<string, number | string | boolean> = {};
  /** What went over the flush budget, measured by the rendering tests and asserted on its own. */
  const overBudget: { streamed?: string[]; reloaded?: string[] } = {};

  before(async () => {
    attacker = await Attacker.start();
    view = await openWebviewPage({ viewport: { width: 480, height: 900 } });
    await view.page.exposeBinding('__hostile', (_source, id: string) => void ran.push(id));
    await installProbes(view.page);
    await view.waitForSent('webview/ready');
    await view.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([]) }) });
    await view.nextFrame();
  });

  after(async () => {
    await view?.close();
    await attacker?.close();
    recordFigures('webview', {
      what:
        'Each corpus payload streamed into the real webview page (shipped HTML, CSP and bundle) in headless Chromium, then the history re-rendered after a reload; a loopback attacker server counts requests.',
      figures,
      cases: CORPUS.map((p) => p.id),
    });
  });

  it(`has at least 40 payloads`, () => {
    assert.ok(CORPUS.length >= 40, `${CORPUS.length} payloads`);
    assert.equal(new Set(CORPUS.map((p) => p.id)).size, CORPUS.length, 'ids are unique');
  });

  it('the exported Markdown, opened in a permissive renderer (raw HTML on, no CSP), fetches nothing and runs nothing', async () => {
    const record: ChatRecord = {
      version: TRANSCRIPT_VERSION,
      id: 'hostile-export',
      title: 'Hostile <img src=x onerror=alert(1)> title',
      model: 'gemini-2.5-flash',
      config: {},
      createdAt: 0,
      updatedAt: 0,
      exchanges: corpus().map((p, i) => ({
        id: `ex-${i}`,
        createdAt: i,
        text: `question ${p.id}`,
        attachments: [],
        user: { role: 'user', parts: [{ text: `question ${p.id}` }] },
        model: [{ role: 'model', parts: [{ text: p.markdown }] }],
        status: 'complete',
      })),
    };
    const { markdown } = await chatToMarkdown(record, { exportedAt: 0 });
    // The worst reader of an export: raw HTML allowed, no sanitizer, no CSP (many previewers are like this).
    const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
    let browser: Browser | undefined;
    const exportRan: string[] = [];
    try {
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
      const page = await browser.newPage();
      await page.exposeBinding('__hostile', (_source, id: string) => void exportRan.push(id));
      const requestsBefore = attacker.requests.length;
      // No wrapping: Chromium lays out a 1 MB word in quadratic time, which would only time this out.
      const style = '<style>p{white-space:nowrap}</style>';
      await page.setContent(`<!DOCTYPE html><html><head>${style}</head><body>${html}</body></html>`, { waitUntil: 'load' });
      await page.evaluate(SCAN_EXPORT);
      await new Promise((r) => setTimeout(r, 750));
      const found = (await page.evaluate('window.__exportScan()')) as string[];
      const requests = attacker.requests.slice(requestsBefore);
      const mark = (await page.evaluate('document.documentElement.getAttribute("data-pwned")')) as string | null;
      figures['export: payloads exported'] = record.exchanges.length;
      figures['export: requests reaching the attacker'] = requests.length;
      figures['export: scripts run'] = exportRan.length + (mark ? 1 : 0);
      figures['export: images, frames, scripts or styles in the rendered export'] = found.length;
      assert.deepEqual(requests.map((r) => r.payload ?? r.url), [], 'opening the export made requests');
      assert.deepEqual(exportRan, []);
      assert.equal(mark, null);
      assert.deepEqual(found, []);
    } finally {
      await browser?.close();
    }
  });
  it('streams every payload: no request reaches the attacker, no script runs, nothing active in the DOM', async () => {
    const handling: number[] = [];
    const flushes: number[] = [];
    const slow: string[] = [];
    const found: string[] = [];
    const csp: string[] = [];
    const pageErrors: string[] = [];
    let answers = 0;
    let marks = 0;
    // Ordinary payloads stream one after another into one warm view (the page of `before`, which has
    // rendered an answer already); each stress payload gets a fresh page, so one that hangs the renderer
    // cannot hide what the others do.
    await view.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('warm-up', { markdown: WARM_UP, status: 'complete' }, 'warm')]) }) });
    await view.nextFrame();
    await takeFlushTimes(view.page);
    for (const payload of corpus()) {
      const fresh = payload.kind === 'stress';
      const page = fresh ? await openWebviewPage({ viewport: { width: 480, height: 900 } }) : view;
      try {
        if (fresh) {
          await page.page.exposeBinding('__hostile', (_source, id: string) => void ran.push(id));
          await installProbes(page.page);
          await page.waitForSent('webview/ready');
          await page.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('warm-up', { markdown: WARM_UP, status: 'complete' }, 'warm')]) }) });
          await page.nextFrame();
          await takeFlushTimes(page.page);
        }
        const id = `ex-${payload.id}`;
        const start = exchange(`Summarise the attached file (${payload.id})`, { markdown: '', status: 'waiting' }, id);
        // As the host numbers them: the status turns to streaming, then the chunks, then the final update.
        let seq = 0;
        const streaming: HostToWebview = { type: 'turn/update', exchange: { ...start, answer: { ...start.answer, status: 'streaming' } }, seq: seq++ };
        const chunks = pieces(payload.markdown).map((text): HostToWebview => ({ type: 'turn/chunk', exchangeId: id, seq: seq++, text }));
        const done = exchange(start.user.text, { markdown: payload.markdown, status: 'complete', finishReason: 'STOP' }, id);
        const batches: HostToWebview[][] = [[{ type: 'turn/start', exchange: start }, streaming], ...chunks.map((c) => [c]), [{ type: 'turn/update', exchange: done, seq: seq++ }]];
        const times: number[] = [];
        const finished = await within(STUCK_MS, async () => {
          for (const batch of batches) {
            times.push(...(await postTimed(page, batch)));
            await page.nextFrame();
          }
        });
        if (!finished) {
          slow.push(`${payload.id}: not rendered within ${STUCK_MS / 1000} s`);
          continue;
        }
        const frames = await takeFlushTimes(page.page);
        handling.push(...times);
        flushes.push(...frames);
        const worst = Math.max(...times, ...frames);
        if (worst > FLUSH_BUDGET_MS) slow.push(`${payload.id}: ${worst.toFixed(1)} ms`);
        // Each stress payload's own worst time, so a finding names its payload.
        if (fresh) figures[`longest flush or handling, ms (streamed, ${payload.id})`] = Math.round(worst);
        answers += await page.page.locator(`[data-exchange-id="${id}"] article[aria-label^="Gemini"]`).count();
        if (payload.visible) assert.ok((await page.page.locator('.transcript').innerText()).includes(payload.visible), `${payload.id} is shown`);
        // Give anything that slipped through time to reach the network.
        await new Promise((r) => setTimeout(r, 100));
        if (fresh) {
          found.push(...(await scan(page.page, '.transcript')).map((f) => `${payload.id}: ${f}`));
          if (await pwnedMark(page.page)) marks++;
          csp.push(...page.errors().filter((e) => e.startsWith('csp:')).map((e) => `${payload.id}: ${e}`));
          pageErrors.push(...page.errors().filter((e) => !e.startsWith('csp:')).map((e) => `${payload.id}: ${e}`));
        }
      } finally {
        if (fresh) await page.close();
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    found.push(...(await scan(view.page, '.transcript')));
    if (await pwnedMark(view.page)) marks++;
    csp.push(...view.errors().filter((e) => e.startsWith('csp:')));
    pageErrors.push(...view.errors().filter((e) => !e.startsWith('csp:')));
    const all = [...handling, ...flushes];
    figures['payloads tried'] = CORPUS.length;
    figures['answers rendered (streamed)'] = answers;
    figures['requests reaching the attacker (streamed)'] = attacker.requests.length;
    figures['scripts run (streamed)'] = ran.length + marks;
    figures['active elements or attributes in the DOM (streamed)'] = found.length;
    figures['CSP violations (streamed)'] = csp.length;
    figures['render flushes and message handlings (streamed)'] = all.length;
    figures['longest flush or handling, ms (streamed)'] = Math.round(Math.max(0, ...all));
    figures['p95 flush or handling, ms (streamed)'] = Math.round(percentile(all, 95));
    figures[`payloads over the ${FLUSH_BUDGET_MS} ms budget (streamed)`] = slow.length;
    if (slow.length) figures[`which payloads, worst time (streamed)`] = slow.join('; ');

    assert.deepEqual(attacker.summary(), [], 'requests reached the attacker');
    assert.deepEqual(ran, [], 'payload scripts ran');
    assert.equal(marks, 0, 'a payload marked the document');
    assert.deepEqual(found, [], 'something that could load or run is in the DOM');
    assert.deepEqual(csp, [], 'something got past the sanitizer and was stopped only by the CSP');
    assert.deepEqual(pageErrors, [], 'the page had errors');
    assert.equal(answers + slow.filter((x) => x.includes('not rendered')).length, CORPUS.length, 'every payload rendered as an answer');
    overBudget.streamed = slow;
  });

  // The flush times are figures for SECURITY.md (speed goals are the benchmark's, not a test's); a
  // payload that never finishes rendering is a hang, and fails.
  it('streamed: every payload finishes rendering (no hang)', () => {
    assert.ok(overBudget.streamed, 'measured by the test before');
    assert.deepEqual(overBudget.streamed.filter((x) => x.includes('not rendered')), []);
  });

  it('a click on every link and image placeholder asks the host to open web or mail links only, and never navigates', async () => {
    // Every payload but the stress ones (they have no links, and are timed on their own above).
    const views = corpus()
      .filter((p) => p.kind !== 'stress')
      .map((p) => exchange(`Summarise (${p.id})`, { markdown: p.markdown, status: 'complete' }, `ex-${p.id}`));
    await view.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat(views) }) });
    const articles = view.page.getByRole('article', { name: /^Gemini/ });
    for (let i = (await articles.count()) - 1; i >= 0; i--) {
      await articles.nth(i).evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
      await view.nextFrame();
    }
    const since = view.sent().length;
    const url = view.page.url();
    const targets = view.page.locator('.transcript a, .transcript [data-href]');
    const n = await targets.count();
    for (let i = 0; i < n; i++) await targets.nth(i).dispatchEvent('click');
    await view.nextFrame();
    const opened = view.sent().slice(since).filter((m) => m.type === 'link/open').map((m) => (m.type === 'link/open' ? m.href : ''));
    // Paths go to the host, which opens only a file of the workspace: anything with another scheme or a host is bad.
    const bad = opened.filter((href) => !/^(https?:|mailto:)/i.test(href) && (/^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(href) || /[\s\p{Cc}]/u.test(href)));
    figures['links and placeholders clicked'] = n;
    figures['links other than web, mail or a path sent to the host on click'] = bad.length;
    assert.ok(n > 10, `clicked ${n} links`);
    assert.deepEqual(bad, []);
    assert.equal(view.page.url(), url, 'the webview navigated');
    assert.deepEqual(attacker.summary(), [], 'a click made a request');
    assert.deepEqual(ran, []);
  });

  it('after a reload (history re-rendered from a snapshot): still no request, no script', async () => {
    // Oldest first in the history: the stress payloads, so if one of them stalls the renderer, every
    // other answer (rendered newest first as it scrolls into view) has been checked already.
    const ordered = [...corpus().filter((p) => p.kind === 'stress'), ...corpus().filter((p) => p.kind !== 'stress')];
    const views = ordered.map((p) => exchange(`Summarise the attached file (${p.id})`, { markdown: p.markdown, status: 'complete' }, `ex-${p.id}`));
    const page = await openWebviewPage({ viewport: { width: 480, height: 900 } });
    try {
      await page.page.exposeBinding('__hostile', (_source, id: string) => void ran.push(id));
      await installProbes(page.page);
      await page.waitForSent('webview/ready');
      await page.post({ type: 'state/snapshot', snapshot: snapshot({ chat: chat([exchange('warm-up', { markdown: WARM_UP, status: 'complete' }, 'warm')]) }) });
      // The view disposed and shown again: its DOM is gone, the host sends the whole history.
      const sent = page.sent().length;
      await page.reload();
      await page.waitForSent('webview/ready', undefined, sent);
      await takeFlushTimes(page.page);
      const handling: number[] = [];
      let n = 0;
      // The view renders lazily near the viewport: bring every answer into view once, newest first.
      const finished = await within(STUCK_MS * 3, async () => {
        handling.push(...(await postTimed(page, [{ type: 'state/snapshot', snapshot: snapshot({ chat: chat(views) }) }])));
        await page.nextFrame();
        // Exchanges far from the view are empty boxes until they come near it.
        const exchanges = page.page.locator('.transcript .exchange');
        n = await exchanges.count();
        for (let i = n - 1; i >= 0; i--) {
          await exchanges.nth(i).evaluate((el) => (el as unknown as { scrollIntoView(): void }).scrollIntoView());
          await page.nextFrame();
        }
      });
      const flushes = finished ? await takeFlushTimes(page.page) : [];
      await new Promise((r) => setTimeout(r, 500));
      const found = finished ? await scan(page.page, '.transcript') : [];
      const mark = finished ? await pwnedMark(page.page) : null;
      const csp = page.errors().filter((e) => e.startsWith('csp:'));
      const rendered = finished ? await page.page.locator('.transcript .markdown').count() : 0;
      const all = [...handling, ...flushes];
      figures['answers re-rendered after reload'] = rendered;
      figures['requests reaching the attacker (after reload)'] = attacker.requests.length;
      figures['scripts run (after reload)'] = ran.length + (mark ? 1 : 0);
      figures['active elements or attributes in the DOM (after reload)'] = found.length;
      figures['CSP violations (after reload)'] = csp.length;
      figures['longest flush or handling, ms (after reload)'] = finished ? Math.round(Math.max(0, ...all)) : `over ${STUCK_MS * 3} (stuck)`;
      figures[`flushes over the ${FLUSH_BUDGET_MS} ms budget (after reload)`] = all.filter((t) => t > FLUSH_BUDGET_MS).length + (finished ? 0 : 1);
      assert.deepEqual(attacker.summary(), []);
      assert.deepEqual(ran, []);
      assert.equal(mark, null);
      assert.deepEqual(found, []);
      assert.deepEqual(csp, []);
      overBudget.reloaded = [
        ...(finished ? [] : [`re-rendering the history did not finish within ${(STUCK_MS * 3) / 1000} s`]),
        ...all.filter((t) => t > FLUSH_BUDGET_MS).map((t) => `${t.toFixed(1)} ms`),
      ];
      if (finished) {
        assert.equal(n, CORPUS.length);
        assert.ok(rendered >= CORPUS.length, `every answer rendered (${rendered})`);
      }
    } finally {
      await page.close();
    }
  });

  it('after a reload: the whole history re-renders (no hang)', () => {
    assert.ok(overBudget.reloaded, 'measured by the test before');
    assert.deepEqual(overBudget.reloaded.filter((x) => x.includes('did not finish')), []);
  });

});

/** What could load or run in a rendered export (there is no transcript container there). */
const SCAN_EXPORT = `window.__exportScan = () => {
  const found = [];
  for (const el of document.body.querySelectorAll('img,script,style,link,iframe,object,embed,video,audio,source,svg,math,meta,base,form,input')) found.push(el.tagName.toLowerCase() + ' ' + (el.getAttribute('src') || el.getAttribute('href') || '').slice(0, 60));
  for (const el of document.body.querySelectorAll('*')) for (const a of el.getAttributeNames()) if (/^on/i.test(a) || a === 'style') found.push(a + ' on ' + el.tagName.toLowerCase());
  for (const a of document.body.querySelectorAll('a[href]')) if (/^\\s*(javascript|data|vbscript|command|file|vscode):/i.test(a.getAttribute('href') || '')) found.push('link ' + a.getAttribute('href').slice(0, 60));
  return found;
};`;
