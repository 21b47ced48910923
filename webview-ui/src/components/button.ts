// Buttons. Toolkit buttons for the few prominent ones (Send, Stop, Set API Key…); a native <button> for
// the many small per-message actions, since a thousand-exchange chat would otherwise create thousands
// of shadow roots while it opens.
import { h } from '../views/dom';

export interface ButtonOptions {
  label: string;
  /** A codicon name without the `codicon-` prefix. */
  icon?: string;
  appearance?: 'primary' | 'secondary' | 'icon';
  onClick?: (event: MouseEvent) => void;
  className?: string;
}

/** A toolkit button with a visible label (or only an icon, then `label` is its accessible name). */
export function toolkitButton({ label, icon, appearance = 'primary', onClick, className }: ButtonOptions): HTMLElement {
  const button = h('vscode-button', { appearance, className: ['ui-button', className].filter(Boolean).join(' ') });
  if (appearance === 'icon') {
    button.setAttribute('aria-label', label);
    button.title = label;
    if (icon) button.append(h('span', { className: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  } else {
    if (icon) button.append(h('span', { slot: 'start', className: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
    // In a span, so a narrow view can show the icon alone (main.css).
    button.append(h('span', { className: 'button-label' }, label));
  }
  if (onClick) button.addEventListener('click', onClick);
  return button;
}

/** A small native button styled as a VS Code toolbar action; `text` shows beside the icon when given. */
export function actionButton({ label, icon, onClick, className, text }: ButtonOptions & { text?: string }): HTMLButtonElement {
  const button = h('button', { type: 'button', className: ['action-button', className].filter(Boolean).join(' '), title: label });
  if (!text) button.setAttribute('aria-label', label);
  if (icon) button.append(h('span', { className: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  if (text) button.append(h('span', { className: 'action-text' }, text));
  if (onClick) button.addEventListener('click', onClick);
  return button;
}

/** Enables or disables a toolkit or native button alike. */
export function setDisabled(button: HTMLElement, disabled: boolean): void {
  button.toggleAttribute('disabled', disabled);
}
