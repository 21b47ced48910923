// A dropdown (the chat switcher) from the toolkit.
import { h } from '../views/dom';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownElement extends HTMLElement {
  value: string;
  open: boolean;
}

/** Keys that, on the closed toolkit dropdown, would pick the next option at once (and fire `change`). */
const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

export function dropdown(label: string, onChange: (value: string) => void): DropdownElement {
  const element = h('vscode-dropdown', { 'aria-label': label, title: label }) as DropdownElement;
  element.addEventListener('change', () => onChange(element.value));
  // Each option here opens a whole chat, so the arrows open the list instead, as a menu would: the user
  // walks it and Enter opens the one chosen. (Listeners of the capture phase run before the toolkit's own.)
  element.addEventListener(
    'keydown',
    (e) => {
      if (element.open || !MOVES.has(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      element.open = true;
    },
    { capture: true },
  );
  return element;
}

/** Replaces the options and selects `selected`. */
export function setDropdownOptions(element: DropdownElement, options: DropdownOption[], selected: string | undefined): void {
  element.replaceChildren(
    ...options.map((o) => {
      const option = h('vscode-option', { value: o.value }, o.label);
      if (o.value === selected) option.setAttribute('selected', '');
      return option;
    }),
  );
  if (selected !== undefined) element.value = selected;
}
