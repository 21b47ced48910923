// Blocks of a long text that arrived all at once (a reply in one network read, an answer opened from
// history) whose pages start off screen: their Markdown is rendered when the page nears the screen, or
// when the view is idle, instead of in the frame that shows the end of the answer. The reader sees the
// end at once; the rest is there a moment later, before they can scroll to it.

/** Rendered this far ahead of the screen. */
const NEAR = '1200px 0px';
/** An idle callback stops after a page once less than this is left of its idle period. */
const IDLE_SLACK_MS = 4;

interface Waiting {
  block: HTMLElement;
  source: string;
}

export class DeferredPages {
  private readonly waiting = new Map<HTMLElement, Waiting[]>();
  private observer: IntersectionObserver | undefined;
  private idle: number | undefined;

  /**
   * `render`: the blocks' sources → one node each, in order (the same pipeline as every block);
   * `fill`: shows a node in its block.
   */
  constructor(
    private readonly render: (sources: string[]) => Node[],
    private readonly fill: (block: HTMLElement, node: Node) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** `block` (still empty) is in `page`, and shows `source` once the page is rendered. */
  add(page: HTMLElement, block: HTMLElement, source: string): void {
    const list = this.waiting.get(page);
    if (list) list.push({ block, source });
    else this.waiting.set(page, [{ block, source }]);
  }

  /** Renders `page`'s waiting blocks now (the page the stream goes on in is never left waiting). */
  renderNow(page: HTMLElement): void {
    const list = this.waiting.get(page);
    if (!list) return;
    this.waiting.delete(page);
    this.observer?.unobserve(page);
    const nodes = this.render(list.map((w) => w.source));
    list.forEach((w, i) => this.fill(w.block, nodes[i] as Node));
  }

  /** Starts watching the pages added since the last call. */
  watch(): void {
    if (this.waiting.size === 0) return;
    this.observer ??= new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.renderNow(entry.target as HTMLElement);
    }, { rootMargin: NEAR });
    for (const page of this.waiting.keys()) this.observer.observe(page);
    this.idle ??= requestIdleCallback((deadline) => this.renderWhileIdle(deadline));
  }

  /** Forgets every waiting page (the text was replaced). */
  clear(): void {
    this.waiting.clear();
    this.observer?.disconnect();
    if (this.idle !== undefined) cancelIdleCallback(this.idle);
    this.idle = undefined;
  }

  private renderWhileIdle(deadline: IdleDeadline): void {
    this.idle = undefined;
    for (const page of this.waiting.keys()) {
      this.renderNow(page);
      if (deadline.timeRemaining() < IDLE_SLACK_MS) break;
    }
    if (this.waiting.size) this.idle = requestIdleCallback((next) => this.renderWhileIdle(next));
  }
}
