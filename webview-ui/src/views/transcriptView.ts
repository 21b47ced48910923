// The conversation: exchanges in order, rendered lazily near the viewport, kept in step with the host's
// chunks by their `seq` (a gap asks for a snapshot rather than showing a wrong answer).
import type { ChatView, ExchangeView, HostToWebview, UsageView, WebviewToHost } from '../../../src/shared/protocol';
import { ExchangeElement } from './exchangeView';
import { ScrollFollower } from './scrollFollower';
import { feedKeys } from './feedKeys';
import { onAfterFlush } from '../streaming/frameScheduler';
import { h } from './dom';
import { DEFAULT_TEXT_WIDTH } from './heightEstimate';
import { keepPlace, loadState, type ReadingPlace } from '../vscodeApi';

type ChunkMessage = Extract<HostToWebview, { type: 'turn/chunk' }>;

/** Rendered ahead of the viewport (above and below it), so scrolling rarely meets an unrendered answer. */
const LAZY_MARGIN_PX = 1200;
/** A scroll shorter than this since the last look for exchanges near the view is not looked at again. */
const LOOK_AGAIN_PX = 300;
/** Frames a kept place is held while the exchanges around it are rendered (see showPlace). */
const PLACE_FRAMES = 30;
/** Lazy renders per frame stop after this long (at least one each frame), so scrolling stays smooth. */
const FRAME_BUDGET_MS = 8;
/** A chat drawn again this soon after a reveal keeps its mark (a view made anew is sent the chat once more). */
const REVEAL_KEPT_MS = 3000;
/** A resize is taken once it has rested this long (dragging the side bar's edge resizes every frame). */
const RESIZE_SETTLE_MS = 200;

export class TranscriptView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly follower: ScrollFollower;
  /** Where the view was scrolled when exchanges near it were last looked for. */
  private lookedAt: number | undefined;
  private exchanges = new Map<string, ExchangeElement>();
  private order: string[] = [];
  /** The next chunk `seq` expected per exchange; absent: take whatever comes next (after a snapshot). */
  private nextSeq = new Map<string, number>();
  private snapshotRequested = false;
  private busy = false;
  /** The exchange whose question is being edited. */
  private editing: string | undefined;
  /** Exchanges that came near the viewport, rendered a frame's budget at a time. */
  private readonly toRender = new Set<ExchangeElement>();
  private draining = false;
  private estimatedWidth = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  /** What was just revealed: it stays marked when the same chat is drawn again at once. */
  private revealed: { exchangeId: string; side?: 'user' | 'model'; at: number } | undefined;
  /**
   * A reveal of an exchange not shown yet: a view made anew (shown again from a hidden side bar) can
   * be told to reveal before it is sent the chat. Done when the next chat drawn holds it.
   */
  private revealNext: { exchangeId: string; side: 'user' | 'model' | undefined; keepFocus: boolean } | undefined;

  constructor(
    private readonly post: (message: WebviewToHost) => void,
    toComposer: () => void,
  ) {
    this.list = h('div', { className: 'transcript', role: 'feed', 'aria-label': 'Conversation', tabindex: '0' });
    this.empty = h('div', { className: 'empty-chat' }, 'Ask Gemini anything. Enter sends, Shift+Enter starts a new line.');
    this.follower = new ScrollFollower(this.list, () => this.exchangeAtTop()?.element);
    this.element = h('div', { className: 'transcript-pane' }, this.list, this.follower.jumpButton);
    onAfterFlush(() => this.follower.contentGrew());
    // A wider or narrower view: answers not rendered yet are estimated again for their new width.
    new ResizeObserver(() => {
      this.renderNearView();
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.estimateAgain(), RESIZE_SETTLE_MS);
    }).observe(this.list);
    this.list.addEventListener('scroll', () => this.onScroll(), { passive: true });
    // Hiding the view disposes it, and another chat replaces this one: where the reader was is kept.
    this.list.addEventListener('scrollend', () => this.rememberPlace());
    feedKeys(this.list, {
      reveal: (element) => this.bringIntoView(element),
      toComposer,
      step: (from, forward) => this.articleNextTo(from, forward),
      edge: (last) => this.articleAt(last ? 2 * this.order.length - 1 : 0),
    });
  }

  /** The whole chat replaced (open, switch, rewind, after a gap). */
  setChat(chat: ChatView | undefined, busy: boolean): void {
    this.snapshotRequested = false;
    this.nextSeq.clear();
    this.busy = busy;
    const previous = this.exchanges;
    // The same chat re-sent: keep the reader's place unless they were at the bottom.
    const sameChat = chat !== undefined && this.list.dataset.chatId === chat.id;
    const keepPosition = sameChat && !this.follower.isFollowing;
    const scrollTop = this.list.scrollTop;
    const focused = sameChat ? this.focusedArticle() : undefined;
    for (const exchange of previous.values()) exchange.dispose();
    this.follower.unwatchAll();
    this.toRender.clear();
    this.exchanges = new Map();
    this.order = [];
    this.list.dataset.chatId = chat?.id ?? '';
    const elements: HTMLElement[] = [];
    const textWidth = this.textWidth();
    this.estimatedWidth = textWidth;
    for (const view of chat?.exchanges ?? []) {
      const exchange = new ExchangeElement(view, { post: this.post }, textWidth);
      this.exchanges.set(view.id, exchange);
      this.order.push(view.id);
      elements.push(exchange.element);
      this.follower.watch(exchange.element);
    }
    this.list.replaceChildren(...(elements.length ? elements : [this.empty]));
    // The newest exchanges are what the reader sees first: render them now, the rest as they near.
    for (const id of this.order.slice(-3)) this.exchanges.get(id)?.ensureRendered();
    this.updatePositions();
    const place = sameChat ? undefined : loadState().places.find((p) => p.chatId === chat?.id);
    const anchor = place ? this.exchanges.get(place.exchangeId) : undefined;
    if (keepPosition) this.list.scrollTop = scrollTop;
    else if (anchor && place) this.showPlace(anchor, place.offset);
    else this.follower.jumpToLatest();
    // A view made anew (shown from a hidden side bar) is sent the chat again right after a reveal.
    const just = this.revealed && sameChat && performance.now() - this.revealed.at < REVEAL_KEPT_MS ? this.revealed : undefined;
    const revealed = just && this.exchanges.get(just.exchangeId);
    if (revealed) this.highlight(revealed, just.side);
    this.revealed = undefined;
    this.renderNearView();
    // The keyboard stays on the message it was on, now a new element. (The view's focus keeper would put
    // it back only while the view has the window's focus: a search hit opens as the picker closes.)
    const refocus = focused && this.exchanges.get(focused.exchangeId);
    if (refocus && focused) {
      refocus.ensureRendered();
      refocus.article(focused.side).focus({ preventScroll: true });
    }
    const next = this.revealNext;
    this.revealNext = undefined;
    if (next && this.exchanges.has(next.exchangeId)) this.reveal(next.exchangeId, next.side, next.keepFocus);
  }

  /** The question or answer the keyboard is on (not a control inside it), if any. */
  private focusedArticle(): { exchangeId: string; side: 'user' | 'model' } | undefined {
    const active = document.activeElement;
    if (!(active instanceof HTMLElement) || active.tagName !== 'ARTICLE' || !this.list.contains(active)) return undefined;
    const exchangeId = active.closest<HTMLElement>('.exchange')?.dataset.exchangeId;
    return exchangeId ? { exchangeId, side: active.classList.contains('turn-user') ? 'user' : 'model' } : undefined;
  }

  /** Each answer's token usage, as last shown. */
  usages(): (UsageView | undefined)[] {
    return Array.from(this.exchanges.values(), (exchange) => exchange.usage);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.updatePositions();
  }

  start(view: ExchangeView): void {
    if (this.exchanges.has(view.id)) {
      this.update(view);
      return;
    }
    const exchange = new ExchangeElement(view, { post: this.post });
    this.exchanges.set(view.id, exchange);
    this.order.push(view.id);
    this.nextSeq.set(view.id, 0);
    this.empty.remove();
    this.list.append(exchange.element);
    this.follower.watch(exchange.element);
    exchange.update(view, true);
    this.updatePositions();
    // Sending is a clear wish to see the answer.
    this.follower.jumpToLatest();
  }

  chunk(message: ChunkMessage): void {
    const exchange = this.exchanges.get(message.exchangeId);
    if (!exchange) {
      this.requestSnapshot();
      return;
    }
    const expected = this.nextSeq.get(message.exchangeId);
    if (expected !== undefined && message.seq < expected) return; // already shown
    if (expected !== undefined && message.seq > expected) {
      this.requestSnapshot();
      return;
    }
    this.nextSeq.set(message.exchangeId, message.seq + 1);
    exchange.appendChunk(message.text, message.thought);
  }

  /** An exchange replaced whole; it holds everything sent before it, so any next chunk continues it. */
  update(view: ExchangeView): void {
    const exchange = this.exchanges.get(view.id);
    if (!exchange) {
      this.requestSnapshot();
      return;
    }
    this.nextSeq.delete(view.id);
    exchange.update(view, true);
    this.updatePositions();
    this.follower.contentGrew();
  }

  /** Scrolls to an exchange, or to its question or answer, highlights it and (unless `keepFocus`) puts the keyboard on it. */
  reveal(exchangeId: string, side?: 'user' | 'model', keepFocus = false): void {
    const exchange = this.exchanges.get(exchangeId);
    if (!exchange) {
      this.revealNext = { exchangeId, side, keepFocus };
      return;
    }
    this.revealed = { exchangeId, ...(side ? { side } : {}), at: performance.now() };
    this.highlight(exchange, side);
    if (!keepFocus) exchange.article(side ?? 'user').focus({ preventScroll: true });
  }

  /** Scrolls an exchange (or its question or answer) to the top and plays the highlight on it. */
  private highlight(exchange: ExchangeElement, side: 'user' | 'model' | undefined): void {
    exchange.ensureRendered();
    this.follower.release();
    const target = this.target(exchange, side);
    // Scrolled here rather than with scrollIntoView, which also scrolls what holds the view in VS Code's
    // window: the whole view would stay shifted, its header cut off.
    this.holdInView(target, 0);
    target.classList.remove('revealed');
    void target.offsetWidth; // restart the highlight animation
    target.classList.add('revealed');
  }

  private target(exchange: ExchangeElement, side: 'user' | 'model' | undefined): HTMLElement {
    return side ? exchange.article(side) : exchange.element;
  }

  /** Scrolls the conversation by `pages` of its height (less a little, so a line stays in view). */
  scrollByPages(pages: number): void {
    this.list.scrollBy({ top: pages * Math.max(40, this.list.clientHeight - 40) });
  }

  /**
   * Marks the exchange whose question is being edited in the message box, if any. An edit begun keeps
   * that question in sight: the editing banner makes the conversation shorter from below, which would
   * hide a question near the bottom behind the composer.
   */
  markEditing(exchangeId: string | undefined): void {
    for (const [id, exchange] of this.exchanges) exchange.setEditing(id === exchangeId);
    const begun = exchangeId !== undefined && exchangeId !== this.editing;
    this.editing = exchangeId;
    const question = begun ? this.exchanges.get(exchangeId)?.article('user') : undefined;
    if (!question) return;
    // In the next frame, once the banner has its height.
    requestAnimationFrame(() => {
      const below = question.getBoundingClientRect().bottom - this.list.getBoundingClientRect().bottom;
      const top = this.topInView(question);
      if (below > 0) this.list.scrollTop += Math.min(below + 8, top);
      else if (top < 0) this.list.scrollTop += top;
    });
  }

  get exchangeCount(): number {
    return this.order.length;
  }

  /** What the user wrote in each exchange, oldest first. */
  userTexts(): string[] {
    return this.order.map((id) => this.exchanges.get(id)?.userText ?? '').filter((t) => t !== '');
  }

  /**
   * The message before or after `from` (a question or an answer), built and rendered: the exchanges
   * far from the viewport have no articles yet.
   */
  private articleNextTo(from: HTMLElement, forward: boolean): HTMLElement | undefined {
    const id = from.closest<HTMLElement>('.exchange')?.dataset.exchangeId;
    const index = id === undefined ? -1 : this.order.indexOf(id);
    if (index < 0) return undefined;
    return this.articleAt(2 * index + (from.classList.contains('turn-user') ? 0 : 1) + (forward ? 1 : -1));
  }

  /** The `position`th message of the chat (questions even, answers odd), built and rendered. */
  private articleAt(position: number): HTMLElement | undefined {
    const exchange = position < 0 ? undefined : this.exchanges.get(this.order[position >> 1] ?? '');
    return exchange?.article(position % 2 === 0 ? 'user' : 'model');
  }

  /** Opens at a place kept from before (the view was hidden, the window reloaded, or another chat was open). */
  private showPlace(anchor: ExchangeElement, offset: number): void {
    anchor.ensureRendered();
    this.follower.release();
    this.holdInView(anchor.element, offset);
  }

  /**
   * Puts `element`'s top `offset` px above the top of the view. What is around it may still change
   * height over the next frames (exchanges drawn at estimated heights until rendered, the pages of a
   * long answer rendered when idle): it is put back in place each frame until it stays, or the reader
   * scrolls, or the chat is replaced. Near the end of a chat it goes no lower than the end allows, and
   * stays there if the chat then grows: the reader is reading it by then.
   */
  private holdInView(element: HTMLElement, offset: number): void {
    let frames = 0;
    let still = 0;
    let expected = -1;
    const align = (): void => {
      if (!element.isConnected || (expected >= 0 && Math.abs(this.list.scrollTop - expected) > 1)) return;
      const off = this.topInView(element) + offset;
      const before = this.list.scrollTop;
      if (Math.abs(off) >= 1) this.list.scrollTop += off;
      // Unmoved: in place, or as near as the end of the chat lets it be.
      if (Math.abs(this.list.scrollTop - before) < 1) still++;
      else still = 0;
      expected = this.list.scrollTop;
      if (++frames < PLACE_FRAMES && still < 3) requestAnimationFrame(align);
    };
    align();
  }

  /**
   * Brings what the keyboard moved to into view, its top at the top if it was out of sight. Done here:
   * the browser's focus scrolling would also scroll VS Code's frame.
   */
  private bringIntoView(element: HTMLElement): void {
    this.follower.release();
    const top = this.topInView(element);
    if (top < 0 || top > this.list.clientHeight - 40) this.list.scrollTop += top;
  }

  private rememberPlace(): void {
    const chatId = this.list.dataset.chatId;
    if (chatId) keepPlace(chatId, this.follower.isFollowing ? undefined : this.placeAtTop(chatId));
  }

  /** Where the exchange at the top of the view is: the reader's place in this chat. */
  private placeAtTop(chatId: string): ReadingPlace | undefined {
    const exchange = this.exchangeAtTop();
    if (!exchange) return undefined;
    return { chatId, exchangeId: exchange.id, offset: Math.round(-this.topInView(exchange.element)) };
  }

  /** Where `element`'s top is, from the top of the conversation's view (negative: scrolled past). */
  private topInView(element: Element): number {
    return element.getBoundingClientRect().top - this.list.getBoundingClientRect().top;
  }

  /** The exchange at the top of the view. */
  private exchangeAtTop(): ExchangeElement | undefined {
    return this.exchanges.get(this.order[this.firstEndingBelow(this.list.getBoundingClientRect().top)] ?? '');
  }

  /** The index of the first exchange whose bottom is below `top` (in the window's coordinates), by binary search. */
  private firstEndingBelow(top: number): number {
    let low = 0;
    let high = this.order.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      const element = this.exchanges.get(this.order[middle] ?? '')?.element;
      if (element && element.getBoundingClientRect().bottom <= top) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private estimateAgain(): void {
    if (this.list.clientWidth === 0) return; // hidden: nothing to measure
    const width = this.textWidth();
    if (Math.abs(width - this.estimatedWidth) < 8) return;
    this.estimatedWidth = width;
    for (const exchange of this.exchanges.values()) exchange.estimate(width);
    this.renderNearView();
  }

  /** The width the exchanges' text has: the transcript's, inside its padding (a hidden view has none). */
  private textWidth(): number {
    const style = getComputedStyle(this.list);
    const width = this.list.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return width > 0 ? width : DEFAULT_TEXT_WIDTH;
  }

  private requestSnapshot(): void {
    if (this.snapshotRequested) return;
    this.snapshotRequested = true;
    this.post({ type: 'snapshot/request' });
  }

  private updatePositions(): void {
    this.order.forEach((id, index) => {
      const exchange = this.exchanges.get(id);
      exchange?.setPosition(index === this.order.length - 1, this.busy);
      exchange?.setPlace(index, this.order.length);
    });
  }

  private onScroll(): void {
    if (this.lookedAt === undefined || Math.abs(this.list.scrollTop - this.lookedAt) >= LOOK_AGAIN_PX) this.renderNearView();
  }

  /**
   * Builds the exchanges within LAZY_MARGIN_PX of the view and queues their answers to render, a frame's
   * budget at a time. Looked for rather than observed: an IntersectionObserver on every exchange not
   * rendered yet (ten thousand in a long chat) is checked at every frame of a scroll, and that took
   * most of each frame.
   */
  private renderNearView(): void {
    this.lookedAt = this.list.scrollTop;
    const view = this.list.getBoundingClientRect();
    if (view.height === 0) return; // hidden: nothing is near
    const near: ExchangeElement[] = [];
    // Every position read first, then the shells built: each build would make the next read lay out again.
    for (let i = this.firstEndingBelow(view.top - LAZY_MARGIN_PX); i < this.order.length; i++) {
      const exchange = this.exchanges.get(this.order[i] ?? '');
      if (!exchange || exchange.element.getBoundingClientRect().top >= view.bottom + LAZY_MARGIN_PX) break;
      if (!exchange.isRendered) near.push(exchange);
    }
    for (const exchange of near) {
      // Its question shows at once (cheap), also while the scrollbar is dragged; its answer within a
      // frame's budget.
      exchange.ensureShell();
      this.toRender.add(exchange);
    }
    if (this.toRender.size && !this.draining) {
      this.draining = true;
      requestAnimationFrame(() => this.renderSome());
    }
  }

  private renderSome(): void {
    if (this.follower.dragMoving) {
      requestAnimationFrame(() => this.renderSome());
      return;
    }
    const start = performance.now();
    try {
      for (const exchange of this.toRender) {
        this.toRender.delete(exchange);
        exchange.ensureRendered();
        if (performance.now() - start > FRAME_BUDGET_MS) break;
      }
      this.follower.contentGrew();
    } finally {
      // Even if one answer failed to render, the others still come.
      if (this.toRender.size) requestAnimationFrame(() => this.renderSome());
      else {
        this.draining = false;
        // Rendered at their real heights, they may have brought others near the view.
        this.renderNearView();
      }
    }
  }
}
