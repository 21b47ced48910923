// A dropdown (the chat switcher) from the toolkit.
import { h } from '../views/dom';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownElement extends HTMLElement {
  value: string;
}

export function dropdown(label: string, onChange: (value: string) => void): DropdownElement {
  const element = h('vscode-dropdown', { 'aria-label': label, title: label }) as DropdownElement;
  element.addEventListener('change', () => onChange(element.value));
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
