// The chat in VS Code's own light, dark and high contrast themes: what the user reads there (inline
// code, an error's words, code's keywords, a chip's remove button) stands out from what is behind it.
// Contrast is WCAG's ratio of the colours the browser computed, text over the nearest opaque background.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { apiError, sse } from '../support/fakeGemini';
import { eventually } from './support/eventually';
import { textStream } from './support/geminiStream';
import { useE2ESession } from './support/session';

const THEMES = ['Dark Modern', 'Light Modern', 'Dark High Contrast', 'Light High Contrast'];

interface Looks {
  inlineCode: number;
  /** Inline code has a background or an outline of its own, not only another font. */
  inlineCodeSetApart: boolean;
  errorText: number;
  chipRemove: number;
  chipSize: number;
  /** The least readable of the highlighted code's colours, and which token class it is. */
  token: { contrast: number; className: string };
  /** The keyword's colour differs from the code's plain text. */
  keywordColoured: boolean;
}

describe('e2e: themes', function () {
  this.timeout(600_000);
  const e2e = useE2ESession('themes');

  it('inline code, an error, highlighted code and a chip are readable in light, dark and high contrast themes', async () => {
    e2e.fake.enqueue(sse(textStream(['Run `npm test` first, then:\n\n```ts\nclass Cart extends Base {\n  total(items: Item[], name = "cart"): number {\n    return add(1, 2); // three\n  }\n}\n```\n\nDone.'])));
    e2e.fake.enqueue(apiError(404, 'NOT_FOUND', 'models/gemini-nope is not found for API version v1beta.'));
    const chat = await e2e.newChat();
    await chat.send('How do I test?');
    await chat.answerWhere('to the end', (t) => t.includes('Done.'));
    await chat.send('And then?');
    await chat.answerWhere('showing the error', (t) => t.includes('is not found'));
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('notes.md'));
    await eventually('a chip for notes.md', async () => (await chat.composerChips()).includes('notes.md'));

    const seen: Record<string, Looks> = {};
    for (const theme of THEMES) {
      await e2e.workbench.runCommand('Preferences: Color Theme');
      // Typed, not clicked: the list shows only the first few themes.
      await e2e.workbench.answerQuickInput(theme);
      await eventually(`the ${theme} theme applied to the view`, async () => (await (await e2e.findChat()).frame.evaluate(() => (globalThis as unknown as { document: { body: { className: string } } }).document.body.className)).includes(theme.includes('High Contrast') ? 'vscode-high-contrast' : theme.startsWith('Light') ? 'vscode-light' : 'vscode-dark'));
      const view = await e2e.findChat();
      await e2e.shot(theme);
      seen[theme] = await looks(view.frame);
    }
    const failures: string[] = [];
    for (const [theme, l] of Object.entries(seen)) {
      if (l.inlineCode < 4.5) failures.push(`${theme}: inline code ${l.inlineCode.toFixed(2)}:1`);
      if (!l.inlineCodeSetApart) failures.push(`${theme}: inline code looks like the text around it`);
      if (l.errorText < 4.5) failures.push(`${theme}: error text ${l.errorText.toFixed(2)}:1`);
      if (l.chipRemove < 3) failures.push(`${theme}: a chip's remove button ${l.chipRemove.toFixed(2)}:1`);
      if (l.chipSize < 4.5) failures.push(`${theme}: a chip's size ${l.chipSize.toFixed(2)}:1`);
      if (l.token.contrast < 4.5) failures.push(`${theme}: highlighted code (${l.token.className}) ${l.token.contrast.toFixed(2)}:1`);
      if (!l.keywordColoured) failures.push(`${theme}: keywords drawn like plain code`);
    }
    assert.deepEqual(failures, [], JSON.stringify(seen));
  });
});

/**
 * Measures, in the webview, the contrast of each element a reader needs against what is behind it.
 * Plain JavaScript in a string: the test runner's transpiler would add helpers the page does not have.
 */
function looks(frame: Frame): Promise<Looks> {
  return frame.evaluate(LOOKS) as Promise<Looks>;
}

const LOOKS = `(() => {
  // rgb()/rgba() in 0–255, or color(srgb …) in 0–1 (what a color-mix() computes to).
  const rgba = (css) => {
    const n = (css.match(/[\\d.]+/g) || []).map(Number);
    return css.startsWith('color(srgb') ? n.map((x, i) => (i < 3 ? x * 255 : x)) : n;
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  // What is behind an element: its own and its ancestors' backgrounds, translucent ones blended over the first opaque one.
  const behind = (e) => {
    const layers = [];
    for (let at = e; at; at = at.parentElement) {
      const c = rgba(getComputedStyle(at).backgroundColor);
      if (c.length < 3 || c[3] === 0) continue;
      layers.push(c);
      if (c.length === 3 || c[3] >= 1) break;
    }
    let [r, g, b] = [255, 255, 255];
    for (const [lr, lg, lb, a = 1] of layers.reverse()) [r, g, b] = [lr * a + r * (1 - a), lg * a + g * (1 - a), lb * a + b * (1 - a)];
    return [r, g, b];
  };
  // The text's colour as drawn: translucent colour and the opacity of it and its ancestors blended over what is behind.
  const drawn = (e, under) => {
    const [r, g, b, a = 1] = rgba(getComputedStyle(e).color);
    let alpha = a;
    for (let at = e; at; at = at.parentElement) alpha *= Number(getComputedStyle(at).opacity);
    return [r * alpha + under[0] * (1 - alpha), g * alpha + under[1] * (1 - alpha), b * alpha + under[2] * (1 - alpha)];
  };
  const ratio = (e) => {
    const under = behind(e);
    const [a, b] = [luminance(drawn(e, under)), luminance(under)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const contrast = (selector) => {
    const e = document.querySelector(selector);
    return e ? ratio(e) : 0;
  };
  let token = { contrast: 0, className: 'no highlighted code' };
  for (const e of document.querySelectorAll('pre code [class^="hljs-"]')) {
    const c = ratio(e);
    if (token.className === 'no highlighted code' || c < token.contrast) token = { contrast: c, className: e.className };
  }
  const inline = document.querySelector('.markdown :not(pre) > code');
  const same = (a, b) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) < 1);
  const inlineStyle = inline && getComputedStyle(inline);
  const outlined = !!inlineStyle && parseFloat(inlineStyle.outlineWidth) > 0 && inlineStyle.outlineStyle !== 'none' && (rgba(inlineStyle.outlineColor)[3] ?? 1) > 0;
  const keyword = document.querySelector('.hljs-keyword');
  const code = keyword && keyword.closest('code');
  return {
    inlineCode: contrast('.markdown :not(pre) > code'),
    inlineCodeSetApart: !!inline && (outlined || !same(behind(inline), behind(inline.parentElement))),
    errorText: contrast('.status-error .status-text'),
    chipRemove: contrast('.composer .chip .action-button'),
    chipSize: contrast('.composer .chip .chip-size'),
    token,
    keywordColoured: !!keyword && !!code && getComputedStyle(keyword).color !== getComputedStyle(code).color,
  };
})()`;
