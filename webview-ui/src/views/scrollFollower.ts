// Follows a growing transcript only while the reader is at the bottom; once they scroll up, it stays
// put and offers "Jump to latest".
import { toolkitButton } from '../components/button';

const SLACK_PX = 48;

export class ScrollFollower {
  readonly jumpButton: HTMLElement;
  private following = true;

  constructor(private readonly scroller: HTMLElement) {
    this.jumpButton = toolkitButton({ label: 'Jump to latest', icon: 'arrow-down', appearance: 'secondary', className: 'jump-to-latest', onClick: () => this.jumpToLatest() });
    this.jumpButton.hidden = true;
    scroller.addEventListener('scroll', () => {
      this.following = this.atBottom();
      if (this.following) this.jumpButton.hidden = true;
    }, { passive: true });
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /** Content changed: keep to the bottom if following, otherwise say there is more below. */
  contentChanged(): void {
    if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
    else if (!this.atBottom()) this.jumpButton.hidden = false;
  }

  jumpToLatest(): void {
    this.following = true;
    this.jumpButton.hidden = true;
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** Stop following (e.g. revealing an earlier exchange). */
  release(): void {
    this.following = false;
  }

  private atBottom(): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight <= SLACK_PX;
  }
}
