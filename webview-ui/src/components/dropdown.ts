// A dropdown (the chat switcher) from the toolkit.
import { h } from '../views/dom';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownElement extends HTMLElement {
  value: string;
  open: boolean;
  selectedIndex: number;
}

/** Told to the dropdown when its options or selection are set from code. */
const chosenEvent = 'ui-dropdown-chosen';

/** Keys that, on the closed toolkit dropdown, would pick the next option at once (and fire `change`). */
const MOVES = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

export function dropdown(label: string, onChange: (value: string) => void): DropdownElement {
  const element = h('vscode-dropdown', { className: 'ui-dropdown', 'aria-label': label, title: label }) as DropdownElement;
  // The option chosen last (by the user, or set by setDropdownOptions): Escape goes back to it.
  let chosen = 0;
  element.addEventListener('change', () => {
    chosen = element.selectedIndex;
    onChange(element.value);
  });
  element.addEventListener(chosenEvent, () => (chosen = element.selectedIndex));
  // Each option here opens a whole chat, so the arrows open the list instead, as a menu would: the user
  // walks it and Enter opens the one chosen. Escape closes the list and picks nothing (the toolkit
  // would pick the option walked to). Listeners of the capture phase run before the toolkit's own.
  element.addEventListener(
    'keydown',
    (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (element.open && e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        element.selectedIndex = chosen;
        element.open = false;
      } else if (!element.open && MOVES.has(e.key)) {
        e.preventDefault();
        e.stopImmediatePropagation();
        element.open = true;
      }
    },
    { capture: true },
  );
  return element;
}

/**
 * Shows `options` and selects `selected`. The options are changed in place: the toolkit takes in added or
 * removed options only a moment later, and a value set before that is looked up among the old options
 * and kept by its index (a reordered list then showed another chat than the one open).
 */
export function setDropdownOptions(element: DropdownElement, options: DropdownOption[], selected: string | undefined): void {
  const existing = Array.from(element.children);
  options.forEach((o, i) => {
    const option = existing[i] ?? element.appendChild(h('vscode-option', { value: o.value }, o.label));
    if (option.getAttribute('value') !== o.value) option.setAttribute('value', o.value);
    if (option.textContent !== o.label) {
      option.textContent = o.label;
      // The toolkit copies the text into aria-label once, when the option is added.
      option.setAttribute('aria-label', o.label);
    }
    option.toggleAttribute('selected', o.value === selected);
  });
  for (const extra of existing.slice(options.length)) extra.remove();
  const select = (): void => {
    if (selected !== undefined && element.value !== selected) element.value = selected;
    element.dispatchEvent(new Event(chosenEvent));
  };
  select();
  if (existing.length !== options.length) requestAnimationFrame(select);
}
