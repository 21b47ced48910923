// Follows a growing transcript only while the reader is at the bottom; once they scroll up, it stays
// put and offers "Jump to latest". The reader's input or a move up stops following; layout shifts from
// lazily rendered exchanges do not.
//
// It keeps to the bottom when the conversation grows (a flush of a streamed answer, an update, a lazy
// render, each says so with contentGrew), and learns the new size from a ResizeObserver on the
// exchanges, which reports after the frame's layout: no layout forced inside a flush, and no frame of
// its own: a frame callback of its own would keep a frame running at every vsync while an answer
// streams, and each chunk would wait for the next vsync instead of being drawn at once. A size the
// reader changes (opening the thoughts, say) is not followed: what they clicked stays where it is.
//
// While the reader is not following, what they read stays where it is when exchanges above it change
// size (answers rendered as they come near, and the browser laying out exchanges it had skipped at
// their estimated height): the exchange at the top of the view is kept at the same place, in the same
// observer callback, before the frame is painted. The browser's own scroll anchoring does not do it
// here: an exchange rendered gives up the height it held, and a height changing around its anchor
// turns that anchoring off. While the reader drags the scrollbar, nothing is kept in place (ours
// and the browser's anchoring both off): the thumb follows the pointer, and the top of the track is the
// top of the conversation; a kept place would push the view back down at every step.
import { toolkitButton } from '../components/button';

const SLACK_PX = 48;
/** How long after an input event a scroll counts as the reader's. */
const INTENT_MS = 1000;
/** A scrollbar drag with no movement for this long is at rest: the reader looks at where they are. */
const DRAG_REST_MS = 150;

export class ScrollFollower {
  readonly jumpButton: HTMLElement;
  private following = true;
  /** Following was stopped by the view itself (a reveal, a kept place): only the reader starts it again. */
  private held = false;
  private lastIntent = -Infinity;
  private lastTop = 0;
  private lastHeight = 0;
  /** The conversation grew since the last size change was seen; the reader's input clears it. */
  private grew = false;
  /** While not following: the element at the top of the view, and where its top was in the view. */
  private anchor: { element: Element; top: number } | undefined;
  /** The reader holds the scrollbar's thumb (or its track). */
  private dragging = false;
  private lastScrollAt = -Infinity;
  private readonly content = new ResizeObserver(() => {
    const grew = this.grew;
    this.grew = false;
    if (grew && this.following) this.settleAtBottom();
    else if (!this.following) {
      if (!this.dragging) this.keepAnchor();
      if (!this.atBottom()) this.jumpButton.hidden = false;
    }
  });

  /** `topElement`: the content element at the top of the view, if any. */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly topElement: () => Element | undefined,
  ) {
    this.jumpButton = toolkitButton({ label: 'Jump to latest', icon: 'arrow-down', appearance: 'secondary', className: 'jump-to-latest', onClick: () => this.jumpToLatest() });
    this.jumpButton.hidden = true;
    const intent = (): void => {
      this.lastIntent = performance.now();
      this.grew = false;
    };
    for (const type of ['wheel', 'touchmove', 'pointerdown', 'keydown']) scroller.addEventListener(type, intent, { passive: true });
    // A press right of the content box is on the scrollbar (no event tells it otherwise).
    scroller.addEventListener('pointerdown', (e) => {
      if (e.offsetX >= scroller.clientWidth && scroller.offsetWidth > scroller.clientWidth) this.setDragging(true);
    }, { passive: true });
    for (const type of ['pointerup', 'pointercancel']) window.addEventListener(type, () => this.setDragging(false), { passive: true });
    scroller.addEventListener('scroll', () => {
      const top = scroller.scrollTop;
      const height = scroller.scrollHeight;
      // Content that got shorter (exchanges rendered below their estimated height) pulls the view up
      // by as much, when it was at the bottom: the browser's doing, not the reader's.
      const shrunk = Math.max(0, this.lastHeight - height);
      const readers = performance.now() - this.lastIntent < INTENT_MS;
      // At the bottom after a reveal, with what is below still being rendered, is not a wish to follow.
      if (this.atBottom() && (readers || !this.held)) {
        this.following = true;
        this.held = false;
        // Written only when it changes: every write restyles the button (a scroll event comes each frame).
        if (!this.jumpButton.hidden) this.jumpButton.hidden = true;
      } else if (readers || top < this.lastTop - 2 - shrunk) {
        // The reader's input, or any move up (growth below never moves the view up; a screen reader
        // or a script scrolling to an earlier turn does).
        this.following = false;
      }
      this.lastTop = top;
      this.lastHeight = height;
      this.lastScrollAt = performance.now();
      this.noteAnchor();
    }, { passive: true });
    // The conversation's box getting shorter (a notice shown, a chip added, the message box growing)
    // keeps its top where it was, which would hide the newest lines from a reader following them.
    new ResizeObserver(() => {
      if (this.following) this.toBottom();
    }).observe(scroller);
  }

  /** An exchange element whose size changes (a streamed answer, a lazy render, an image) is content. */
  watch(element: Element): void {
    this.content.observe(element);
  }

  /** The exchanges watched are all gone (the chat was replaced). */
  unwatchAll(): void {
    this.content.disconnect();
    this.anchor = undefined;
  }

  /**
   * The reader is dragging the scrollbar and moved it a moment ago: content should not change size now.
   * Chromium's thumb drag loses ground whenever the content's height changes under it (the thumb ends
   * up behind the pointer, and short of the top); answers wait until the drag rests or ends.
   */
  get dragMoving(): boolean {
    return this.dragging && performance.now() - this.lastScrollAt < DRAG_REST_MS;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** The conversation grew (no layout read here: the size is seen after the frame's layout). */
  contentGrew(): void {
    this.grew = true;
  }

  jumpToLatest(): void {
    this.following = true;
    this.held = false;
    this.jumpButton.hidden = true;
    this.settleAtBottom();
  }

  /** Stop following (e.g. revealing an earlier exchange). */
  release(): void {
    this.following = false;
    this.held = true;
  }

  private setDragging(dragging: boolean): void {
    if (dragging === this.dragging) return;
    this.dragging = dragging;
    this.scroller.classList.toggle('dragging-scrollbar', dragging);
  }

  private noteAnchor(): void {
    const element = this.following ? undefined : this.topElement();
    this.anchor = element && { element, top: this.topOf(element) };
  }

  /** Puts the anchor back where it was in the view, if something above it changed size. */
  private keepAnchor(): void {
    const anchor = this.anchor;
    if (!anchor?.element.isConnected) return;
    const moved = this.topOf(anchor.element) - anchor.top;
    if (Math.abs(moved) >= 1) this.scroller.scrollTop += moved;
  }

  private topOf(element: Element): number {
    return element.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
  }

  /** Keeps to the bottom while following (written only when off it: a write restyles the scroller). */
  private settleAtBottom(): void {
    if (!this.atBottom(1)) this.toBottom();
  }

  /**
   * Where the view goes is noted as where it was last: the next scroll event measures a move from
   * there (a move up from an older place, another chat's, would read as the reader's).
   */
  private toBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.lastTop = this.scroller.scrollTop;
    this.lastHeight = this.scroller.scrollHeight;
  }

  private atBottom(slack = SLACK_PX): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight <= slack;
  }
}
