// The conversation is one Tab stop, however long it is, as a list is in VS Code: every control in it
// (Edit, Copy, a link, a code block's buttons) is out of the Tab order, so Tab goes from the header to
// the conversation and on to the message box. Inside it, the keys of a feed move between messages:
// Page Down / Page Up or the arrows to the next and the previous message, Home and End to the first
// and the last; Tab then goes through the controls of the message that has the focus, and past its
// last one on to the message box; Escape goes to the message box.

/** Whatever the browser would otherwise stop at with Tab. */
const TABBABLE = 'a[href], button, .ui-button, input, select, textarea, summary, pre, [tabindex]';

export interface FeedKeyActions {
  /** Scrolls `element` (the focus has just moved to it) into view, if it is not. */
  reveal(element: HTMLElement): void;
  toComposer(): void;
  /** The message after (or before) `from`; the feed builds messages far from the viewport only when asked. */
  step(from: HTMLElement, forward: boolean): HTMLElement | undefined;
  /** The first message, or the last. */
  edge(last: boolean): HTMLElement | undefined;
}

export function feedKeys(feed: HTMLElement, actions: FeedKeyActions): void {
  // Controls are added all the time (each answer rendered, each streamed block): each is taken out of
  // the Tab order as it comes.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of Array.from(record.addedNodes)) {
        if (!(node instanceof HTMLElement)) continue;
        if (node.matches(TABBABLE)) node.tabIndex = -1;
        for (const control of Array.from(node.querySelectorAll<HTMLElement>(TABBABLE))) control.tabIndex = -1;
      }
    }
  }).observe(feed, { childList: true, subtree: true });
  feed.addEventListener('keydown', (e) => onKey(feed, e, actions));
}

function onKey(feed: HTMLElement, e: KeyboardEvent, actions: FeedKeyActions): void {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const target = e.target instanceof HTMLElement ? e.target : undefined;
  const article = target?.closest('article') ?? undefined;
  if (e.key === 'Escape') {
    e.preventDefault();
    actions.toComposer();
  } else if (e.key === 'Tab') {
    if (article && target && withinMessage(article, target, e.shiftKey ? -1 : 1, actions.reveal)) e.preventDefault();
  } else if (!e.shiftKey && MOVES.has(e.key)) {
    const next = nextArticle(feed, article, e.key, actions);
    if (!next) return;
    e.preventDefault();
    next.focus({ preventScroll: true });
    actions.reveal(next);
  }
}

const MOVES = new Set(['PageDown', 'PageUp', 'ArrowDown', 'ArrowUp', 'Home', 'End']);

/**
 * The message a key moves to. From the conversation itself (just tabbed into) the arrows go to the
 * last message shown in it (Up) or the first (Down): where the reader is.
 */
function nextArticle(feed: HTMLElement, from: HTMLElement | undefined, key: string, actions: FeedKeyActions): HTMLElement | undefined {
  if (key === 'Home' || key === 'End') return actions.edge(key === 'End');
  const forward = key === 'PageDown' || key === 'ArrowDown';
  if (from) return actions.step(from, forward);
  const view = feed.getBoundingClientRect();
  // Those in view are built.
  const shown = Array.from(feed.querySelectorAll<HTMLElement>('article')).filter((a) => {
    const box = a.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  });
  return forward ? shown[0] : shown.at(-1);
}

/**
 * Tab within a message: to its next control (or, backwards, its previous one, then the message
 * itself). Returns false where the browser's own Tab is right: past the last control, on to the
 * message box; back from the message, to the conversation.
 */
function withinMessage(article: HTMLElement, from: HTMLElement, step: 1 | -1, reveal: (control: HTMLElement) => void): boolean {
  const controls = [article, ...Array.from(article.querySelectorAll<HTMLElement>(TABBABLE))].filter(
    (c) => c === article || (!c.hasAttribute('disabled') && c.getClientRects().length > 0 && !c.closest('[hidden]') && (c.tagName !== 'PRE' || scrolls(c))),
  );
  // The control itself, else the innermost one holding it.
  const exact = controls.indexOf(from);
  const at = exact >= 0 ? exact : controls.findLastIndex((c) => c.contains(from));
  const next = controls[at + step];
  if (at < 0 || !next) return false;
  next.focus({ preventScroll: true });
  reveal(next);
  return true;
}

/** A code block is a stop only when it has lines to scroll sideways (as the browser has it). */
function scrolls(pre: HTMLElement): boolean {
  return pre.scrollWidth > pre.clientWidth;
}
