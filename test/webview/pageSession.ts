// One fresh webview page per test, closed after it; the test fails if the page logged an error or
// broke its CSP.
import { strict as assert } from 'node:assert';
import type { Locator } from 'playwright-core';
import { openWebviewPage, type WebviewPage, type WebviewPageOptions } from '../support/webviewPage';

export function useWebviewPage(options: WebviewPageOptions = {}): () => WebviewPage {
  let view: WebviewPage | undefined;
  beforeEach(async () => {
    view = await openWebviewPage(options);
    await view.waitForSent('webview/ready');
  });
  afterEach(async () => {
    const errors = view?.errors() ?? [];
    await view?.close();
    view = undefined;
    assert.deepEqual(errors, [], 'the page logged errors or CSP violations');
  });
  return () => {
    if (!view) throw new Error('no page open');
    return view;
  };
}

/** Polls `read` until `check` passes (the view renders on animation frames), then returns its value. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) assert.fail(`${what}: last seen ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/**
 * Waits until the reader's wheel has scrolled `scroller` (Playwright's wheel returns before the page has
 * scrolled, and under load the scroll can land a while later), then until it rests for three reads.
 */
export async function wheelScrolled(scroller: Locator, from: number): Promise<number> {
  const top = (): Promise<number> => scroller.evaluate((el) => el.scrollTop);
  let last = await eventually(top, (t) => Math.abs(t - from) > 1, 'the wheel scrolled');
  for (let same = 0; same < 3; ) {
    await new Promise((r) => setTimeout(r, 50));
    const now = await top();
    same = Math.abs(now - last) < 1 ? same + 1 : 0;
    last = now;
  }
  return last;
}
