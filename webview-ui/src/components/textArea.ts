// The multi-line message field: a native <textarea> styled with VS Code's input theme variables.
// The toolkit's <vscode-text-area> was tried and dropped here: it mirrors its value between the host
// element and its inner control asynchronously, and in a busy real editor a late mirror overwrote
// characters the user had just typed. A native field holds exactly what was typed, and needs no quirk
// for its accessible name.
import { h } from '../views/dom';

export type TextAreaElement = HTMLTextAreaElement;

export function textArea(label: string, placeholder: string): TextAreaElement {
  return h('textarea', { className: 'text-area', 'aria-label': label, placeholder, rows: '3', spellcheck: 'true' });
}
