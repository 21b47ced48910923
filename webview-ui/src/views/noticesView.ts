// Notices from the host (and from the view itself): errors and warnings are alerts, info is a status.
// A notice may offer what to do about it (an action the host runs).
import type { UserAction, WebviewToHost } from '../../../src/shared/protocol';
import { actionButton, toolkitButton } from '../components/button';
import { h, icon } from './dom';
import { FOCUS_GROUP } from './focusKeeper';
import { announce } from './announcer';
import { ACTIONS } from './format';

const MAX_SHOWN = 3;
const ICONS = { info: 'info', warning: 'warning', error: 'error' } as const;
/**
 * An info notice tells how something went ("open a file first"), and is out of date soon after: it
 * goes by itself after this long, though not while the pointer or the focus is on it. Warnings and
 * errors stay until dismissed.
 */
const INFO_MS = 8000;

export class NoticesView {
  readonly element = h('div', { className: 'notices', [FOCUS_GROUP]: '' });

  constructor(private readonly post: (message: WebviewToHost) => void) {}

  /** Notices are about what was just done: a new message, or another chat, makes them out of date. */
  clear(): void {
    this.element.replaceChildren();
  }

  /** Shows a notice; returns what takes it away (for a notice that goes out of date). */
  show(level: 'info' | 'warning' | 'error', message: string, action?: UserAction): () => void {
    const text = h('span', { className: 'notice-text' }, message);
    // The same notice again (the same action repeated) replaces the one shown.
    for (const shown of Array.from(this.element.querySelectorAll('.notice-text'))) {
      if (shown.textContent === message) shown.closest('.notice')?.remove();
    }
    const run = (): void => {
      notice.remove();
      if (action) this.post({ type: 'action/run', action });
    };
    // What to do goes under the words, which keep the width of a narrow side bar.
    const body = action ? h('div', { className: 'notice-body' }, text, toolkitButton({ ...ACTIONS[action], appearance: 'secondary', onClick: run })) : text;
    const notice = h('div', { className: `notice notice-${level}`, role: level === 'info' ? 'status' : 'alert' }, icon(ICONS[level]), body);
    notice.append(actionButton({ label: 'Dismiss', icon: 'close', onClick: () => notice.remove() }));
    this.element.append(notice);
    while (this.element.childElementCount > MAX_SHOWN) this.element.firstElementChild?.remove();
    if (level === 'info') {
      // A warning or an error is an alert, which screen readers read as it appears; a status added to
      // the page with its text already in it may go unread: an info notice is said too.
      announce(message);
      // One that offers something to do stays until it is done or dismissed.
      if (action) return () => notice.remove();
      const expire = (): void => {
        if (notice.matches(':hover, :focus-within')) setTimeout(expire, INFO_MS);
        else notice.remove();
      };
      setTimeout(expire, INFO_MS);
    }
    return () => notice.remove();
  }
}
