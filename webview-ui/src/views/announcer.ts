// One polite live region for short news a screen reader would otherwise miss, since only a label or a
// small badge changes on screen, or the change is far from the keyboard: an answer stopped or ended
// early, a retry wait, another candidate shown, another chat opened, exchanges replaced, a file
// attached, an info notice.
// (Streamed text has its own live region; errors are alerts.)
import { h } from './dom';

export const announcements = h('div', { className: 'visually-hidden', role: 'status', 'aria-label': 'Announcements' });

/** How long news stays in the region: a reader who walks the page later does not meet old news. */
const KEPT_MS = 10_000;
let clearing: ReturnType<typeof setTimeout> | undefined;

/** Old news goes (a retry wait that has ended in a failure, which is an alert of its own). */
export function forgetAnnouncement(): void {
  if (clearing !== undefined) clearTimeout(clearing);
  announcements.textContent = '';
}

export function announce(text: string): void {
  // Emptied first, then written in the next frame: the same news twice is announced twice.
  announcements.textContent = '';
  if (clearing !== undefined) clearTimeout(clearing);
  requestAnimationFrame(() => {
    announcements.textContent = text;
    clearing = setTimeout(() => {
      announcements.textContent = '';
    }, KEPT_MS);
  });
}
