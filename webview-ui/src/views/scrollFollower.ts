// Follows a growing transcript only while the reader is at the bottom; once they scroll up, it stays
// put and offers "Jump to latest". The reader's input or a move up stops following; layout shifts from
// lazily rendered exchanges do not.
//
// It keeps to the bottom when the conversation grows (a flush of a streamed answer, an update, a lazy
// render, each says so with contentGrew), and learns the new size from a ResizeObserver on the
// exchanges, which reports after the frame's layout: no layout forced inside a flush, and no frame of
// its own. (It looked again for 20 frames after each change; while an answer streamed that kept a frame
// running at every vsync, so each chunk waited for the next one instead of being drawn at once, about
// half a frame later on average.) A size the reader changes (opening the thoughts, say) is not
// followed: what they clicked stays where it is.
import { toolkitButton } from '../components/button';

const SLACK_PX = 48;
/** How long after an input event a scroll counts as the reader's. */
const INTENT_MS = 1000;

export class ScrollFollower {
  readonly jumpButton: HTMLElement;
  private following = true;
  private lastIntent = -Infinity;
  private lastTop = 0;
  /** The conversation grew since the last size change was seen; the reader's input clears it. */
  private grew = false;
  private readonly content = new ResizeObserver(() => {
    const grew = this.grew;
    this.grew = false;
    if (grew && this.following) this.settleAtBottom();
    else if (!this.following && !this.atBottom()) this.jumpButton.hidden = false;
  });

  constructor(private readonly scroller: HTMLElement) {
    this.jumpButton = toolkitButton({ label: 'Jump to latest', icon: 'arrow-down', appearance: 'secondary', className: 'jump-to-latest', onClick: () => this.jumpToLatest() });
    this.jumpButton.hidden = true;
    const intent = (): void => {
      this.lastIntent = performance.now();
      this.grew = false;
    };
    for (const type of ['wheel', 'touchmove', 'pointerdown', 'keydown']) scroller.addEventListener(type, intent, { passive: true });
    scroller.addEventListener('scroll', () => {
      const top = scroller.scrollTop;
      if (this.atBottom()) {
        this.following = true;
        // Written only when it changes: every write restyles the button (a scroll event comes each frame).
        if (!this.jumpButton.hidden) this.jumpButton.hidden = true;
      } else if (performance.now() - this.lastIntent < INTENT_MS || top < this.lastTop - 2) {
        // The reader's input, or any move up (growth below never moves the view up; a screen reader
        // or a script scrolling to an earlier turn does).
        this.following = false;
      }
      this.lastTop = top;
    }, { passive: true });
    // The conversation's box getting shorter (a notice shown, a chip added, the message box growing)
    // keeps its top where it was, which would hide the newest lines from a reader following them.
    new ResizeObserver(() => {
      if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
    }).observe(scroller);
  }

  /** An exchange element whose size changes (a streamed answer, a lazy render, an image) is content. */
  watch(element: Element): void {
    this.content.observe(element);
  }

  /** The exchanges watched are all gone (the chat was replaced). */
  unwatchAll(): void {
    this.content.disconnect();
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
    this.jumpButton.hidden = true;
    this.settleAtBottom();
  }

  /** Stop following (e.g. revealing an earlier exchange). */
  release(): void {
    this.following = false;
  }

  /** Keeps to the bottom while following (written only when off it: a write restyles the scroller). */
  private settleAtBottom(): void {
    if (!this.atBottom(1)) this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private atBottom(slack = SLACK_PX): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight <= slack;
  }
}
