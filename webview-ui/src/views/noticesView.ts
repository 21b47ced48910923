// Notices from the host (and from the view itself): errors and warnings are alerts, info is a status.
import { actionButton } from '../components/button';
import { h, icon } from './dom';

const MAX_SHOWN = 3;
const ICONS = { info: 'info', warning: 'warning', error: 'error' } as const;

export class NoticesView {
  readonly element = h('div', { className: 'notices' });

  show(level: 'info' | 'warning' | 'error', message: string): void {
    const notice = h('div', { className: `notice notice-${level}`, role: level === 'info' ? 'status' : 'alert' }, icon(ICONS[level]), h('span', { className: 'notice-text' }, message));
    notice.append(actionButton({ label: 'Dismiss', icon: 'close', onClick: () => notice.remove() }));
    this.element.append(notice);
    while (this.element.childElementCount > MAX_SHOWN) this.element.firstElementChild?.remove();
  }
}
