// The multi-line text field. The toolkit's text area sets its own aria-label from its text content
// when it connects, so the label goes in as content: a visually hidden span
// that also serves as its <label>.
import { h } from '../views/dom';

export interface TextAreaElement extends HTMLElement {
  value: string;
  placeholder: string;
  rows: number;
}

/** The box grows with its text up to this many lines; longer text scrolls inside it. */
const MAX_ROWS = 12;

/**
 * Fits the box's height to its text, between its `rows` and MAX_ROWS lines. Call it after every change
 * of the text (typed or set).
 */
export function fitToText(area: TextAreaElement, retried = false): void {
  const inner = area.shadowRoot?.querySelector('textarea');
  if (!inner) return;
  // Text set from code reaches the toolkit's inner box only in its next frame update; measure after it.
  if (inner.value !== area.value && !retried) {
    requestAnimationFrame(() => fitToText(area, true));
    return;
  }
  inner.style.height = '';
  const style = getComputedStyle(inner);
  const borders = inner.offsetHeight - inner.clientHeight;
  const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  const max = MAX_ROWS * (parseFloat(style.lineHeight) || 18) + padding + borders;
  const needed = inner.scrollHeight + borders;
  if (needed > inner.offsetHeight) inner.style.height = `${Math.min(needed, max)}px`;
}

/**
 * Sets the box's text. The toolkit copies a value set from code into its inner box only in its next
 * frame update: keys typed before then (right after Enter sent a message) would land in the old text, and
 * the sent message would come back with them. So the inner box gets the text at once too.
 */
export function setText(area: TextAreaElement, text: string): void {
  area.value = text;
  const inner = area.shadowRoot?.querySelector('textarea');
  if (inner && inner.value !== text) inner.value = text;
}

/**
 * Whether the box wraps its lines; unwrapped, it scrolls sideways. Call it before fitToText: wrapping
 * changes the height the text needs.
 */
export function setWrapping(area: TextAreaElement, wrap: boolean): void {
  const inner = area.shadowRoot?.querySelector('textarea');
  if (inner) inner.style.whiteSpace = wrap ? '' : 'pre';
}

export function textArea(label: string, placeholder: string): TextAreaElement {
  const area = h('vscode-text-area', { className: 'ui-textarea', resize: 'none', rows: '3', placeholder }) as TextAreaElement;
  area.append(h('span', { className: 'visually-hidden' }, label));
  return area;
}

/**
 * What a screen reader says after the box's name (its keys, say). A description outside the toolkit's
 * shadow root cannot point at the text box inside it, so it goes on that box; the toolkit makes the
 * box when the element connects: call this once it is in the page.
 */
export function describe(area: TextAreaElement, description: string): void {
  area.shadowRoot?.querySelector('textarea')?.setAttribute('aria-description', description);
}

/** Whether the box holds more text than it shows (it scrolls its own text). */
export function scrollsItsText(area: TextAreaElement): boolean {
  const inner = area.shadowRoot?.querySelector('textarea');
  return inner !== null && inner !== undefined && inner.scrollHeight > inner.clientHeight;
}

/** Whether the caret (or the selection) is on the text's first line, or on its last. */
export function caretLines(area: TextAreaElement): { first: boolean; last: boolean } {
  const inner = area.shadowRoot?.querySelector('textarea');
  if (!inner) return { first: true, last: true };
  return { first: !inner.value.slice(0, inner.selectionStart).includes('\n'), last: !inner.value.slice(inner.selectionEnd).includes('\n') };
}
