// One polite live region for short news a screen reader would otherwise miss, since only a label or a
// small badge changes on screen: an answer stopped, another candidate shown, another chat opened.
// (Streamed text has its own live region; errors are alerts.)
import { h } from './dom';

export const announcements = h('div', { className: 'visually-hidden', role: 'status', 'aria-label': 'Announcements' });

export function announce(text: string): void {
  // Emptied first, then written in the next frame: the same news twice is announced twice.
  announcements.textContent = '';
  requestAnimationFrame(() => {
    announcements.textContent = text;
  });
}
