// The multi-line text field. The toolkit's text area sets its own aria-label from its text content
// when it connects (design.md "Known quirks"), so the label goes in as content: a visually hidden span
// that also serves as its <label>.
import { h } from '../views/dom';

export interface TextAreaElement extends HTMLElement {
  value: string;
  placeholder: string;
  rows: number;
}

export function textArea(label: string, placeholder: string): TextAreaElement {
  const area = h('vscode-text-area', { resize: 'none', rows: '3', placeholder }) as TextAreaElement;
  area.append(h('span', { className: 'visually-hidden' }, label));
  return area;
}
