// In-page instruments for the hostile rendering tests, as init-script strings (the page has the DOM's
// types; this program has Node's):
// - every animation-frame callback is timed, since that is where the view renders (one flush per frame);
// - `__hostileScan()` lists what in the rendered conversation could load or run something.
import type { Page } from 'playwright-core';

/** Wraps requestAnimationFrame so each callback's duration is recorded in `__flushMs`. */
export const FLUSH_TIMER = `(() => {
  if (window.__flushMs) return;
  window.__flushMs = [];
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const start = performance.now();
    try { callback(time); } finally { window.__flushMs.push(performance.now() - start); }
  });
})();`;

/**
 * Lists, inside `root` (a selector), every element or attribute that could fetch or run: elements that
 * load resources or hold script, event-handler attributes, `style` attributes, id/name attributes
 * (DOM clobbering), links whose href is not http(s)/mailto, images whose src is not data:image.
 */
export const SCAN = `window.__hostileScan = (selector) => {
  const root = document.querySelector(selector) || document.body;
  const found = [];
  const active = 'script,style,link,meta,base,iframe,frame,object,embed,video,audio,source,picture,svg,math,form,input,button[formaction],template,noscript';
  for (const el of root.querySelectorAll(active)) {
    if (el.matches('button') || el.closest('.code-toolbar')) continue;
    found.push('element <' + el.tagName.toLowerCase() + '>');
  }
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (/^on/i.test(attr)) found.push('handler ' + attr + ' on <' + el.tagName.toLowerCase() + '>');
      // The view sets a few style properties of its own (through the CSSOM); inside model output there are none.
      const fromOutput = !!el.closest('.markdown');
      if ((attr === 'style' && fromOutput) || attr === 'srcset' || attr === 'poster' || attr === 'background' || attr === 'formaction') found.push(attr + ' on <' + el.tagName.toLowerCase() + '>');
      if ((attr === 'id' || attr === 'name') && fromOutput) found.push(attr + '=' + el.getAttribute(attr) + ' from model output');
    }
  }
  for (const a of root.querySelectorAll('[href]')) {
    const href = a.getAttribute('href') || '';
    // Web and mail links, and paths (the host opens only a file of the workspace): nothing else.
    let decoded = '';
    try { decoded = decodeURIComponent(href); } catch { decoded = '\\u0000'; }
    const path = href !== '' && !/^([a-z][a-z0-9+.-]*:|\\/\\/|#)/i.test(href) && !/[\\s\\p{Cc}]/u.test(href) && !/\\p{Cc}/u.test(decoded);
    if (!/^(https?:|mailto:)/i.test(href.trim()) && !path) found.push('link ' + href.slice(0, 60));
  }
  for (const img of root.querySelectorAll('img[src]')) {
    if (!/^data:image\\//i.test(img.getAttribute('src') || '')) found.push('image ' + (img.getAttribute('src') || '').slice(0, 60));
  }
  return found;
};`;

export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript({ content: `${FLUSH_TIMER}\n${SCAN}` });
  await page.evaluate(`${FLUSH_TIMER}\n${SCAN}`);
}

/** Durations of the frame callbacks since the last call (and clears them). */
export async function takeFlushTimes(page: Page): Promise<number[]> {
  return page.evaluate('(() => { const t = window.__flushMs || []; window.__flushMs = []; return t; })()') as Promise<number[]>;
}

export async function scan(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(`window.__hostileScan(${JSON.stringify(selector)})`) as Promise<string[]>;
}

/** Whether any payload marked the document (a script of it ran, whatever the CSP then allowed). */
export async function pwnedMark(page: Page): Promise<string | null> {
  return page.evaluate('document.documentElement.getAttribute("data-pwned")') as Promise<string | null>;
}

/** The payload marks of any script that ran, in every frame of the window. */
export async function scriptsRanIn(page: Page): Promise<string[]> {
  const marks: string[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const mark = await frame.evaluate('document.documentElement.getAttribute("data-pwned")').catch(() => null);
    if (typeof mark === 'string') marks.push(mark);
  }
  return marks;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
