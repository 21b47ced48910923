// Measurement helpers installed into the real webview page from outside (no hook in webview-ui):
// every animation-frame callback the page schedules is timed, including the style and layout it
// causes (read back at once), and recorded with how many characters had been delivered by then.
// Page code is passed as strings, so the test transpiler's helpers never leak into the page.
import type { CDPSession, Page } from 'playwright-core';

export const PROBE = `(() => {
  if (window.__bench) return;
  const raf = window.requestAnimationFrame.bind(window);
  const bench = { recording: false, chars: 0, flushes: [], raf };
  window.__bench = bench;
  window.requestAnimationFrame = (callback) => raf((time) => {
    const start = performance.now();
    callback(time);
    void document.body.offsetHeight;
    if (bench.recording) bench.flushes.push([performance.now() - start, bench.chars]);
  });
  bench.frames = (n) => new Promise((resolve) => { const step = () => (--n <= 0 ? resolve() : raf(step)); raf(step); });
  bench.post = (data) => window.dispatchEvent(new MessageEvent('message', { data }));
  // Dispatches chunk messages, perTick of them every tickMs, then waits for two frames.
  bench.stream = (exchangeId, pieces, perTick, tickMs, firstSeq) => new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      for (let k = 0; k < perTick && i < pieces.length; k++, i++) {
        bench.chars += pieces[i].length;
        bench.post({ type: 'turn/chunk', exchangeId, seq: firstSeq + i, text: pieces[i] });
      }
      if (i < pieces.length) setTimeout(tick, tickMs);
      else bench.frames(2).then(resolve);
    };
    tick();
  });
})();`;

/** Main-thread time as Chromium counts it (all tasks: script, style, layout, paint), in ms. */
export class MainThreadClock {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<MainThreadClock> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    return new MainThreadClock(cdp);
  }

  async now(): Promise<number> {
    return (await this.split()).task;
  }

  /** The main-thread total and its parts so far (ms): where a slow run spent its time. */
  async split(): Promise<{ task: number; script: number; layout: number; style: number }> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const ms = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { task: ms('TaskDuration'), script: ms('ScriptDuration'), layout: ms('LayoutDuration'), style: ms('RecalcStyleDuration') };
  }
}
