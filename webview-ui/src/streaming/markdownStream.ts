// An answer's Markdown as it grows: settled blocks are rendered once each and appended (the DOM grows
// block by block); only the open tail block is rendered again, at most once per animation frame.
// The settled container can be a polite live region: each block is announced once, when it settles,
// and the tail that is rewritten every frame sits outside it.
import { renderMarkdownBlocks } from '../markdown/renderMarkdown';
import { md, type MarkdownEnv } from '../markdown/markdownIt';
import { BlockScanner } from '../markdown/blockScanner';
import { DeferredPages } from './deferredPages';
import { flushNow, scheduleFlush, type Flushable } from './frameScheduler';
import { plainAppend } from './tailAppend';
import { h } from '../views/dom';
import { formatBytes } from '../../../src/shared/formatBytes';

/**
 * A run this long without a space is laid out without wrapping (it scrolls inside its block): Chromium
 * takes time quadratic in such a word to wrap it anywhere (a 400 KB word: ~50 s).
 */
const LONG_WORD_CHARS = 2000;
export const LONG_WORD = new RegExp(`\\S{${LONG_WORD_CHARS}}`);

/**
 * An open block this long is re-rendered only when it has grown by half since it was last shown (or
 * the stream pauses): a single huge block would otherwise cost O(n²) over the stream.
 */
const BIG_TAIL = 64 * 1024;
const PAUSE_MS = 250;

/**
 * A block this long is shown as the start of its plain text, not as Markdown: parsing, sanitizing and
 * laying out a megabyte in one frame freezes the view (no answer a person reads has such a block; a
 * hostile one does). The whole text stays in the chat, its export and its copy.
 */
const HUGE_BLOCK = 128 * 1024;
const HUGE_SHOWN = 16 * 1024;
/**
 * A run without a space longer than what a plain-text block shows (a pasted blob, a hostile line) is
 * plain text too: Markdown parsing and laying out such a word took 30–60 ms for 85 KB, a frozen frame.
 */
const HUGE_WORD = new RegExp(`\\S{${HUGE_SHOWN + 1}}`);

/**
 * Settled blocks are kept in pages of this many, and a full page is sealed (CSS: `content-visibility:
 * auto`). Chromium's layout, pre-paint and paint of a frame otherwise walk every block of the answer,
 * so each flush grew with the answer's length; with pages they walk the pages, and skip sealed ones
 * that are off screen.
 */
const PAGE_BLOCKS = 32;
/**
 * A block that starts with a list item; its marker (`-`, `*`, `+`, or `.` / `)` after a number). A page
 * never starts with one, so the items of one list stay side by side (see joinList).
 */
const LIST_ITEM_START = /^(?:([-*+])|\d{1,9}([.)]))[ \t]/;
/**
 * A link reference definition, also in a quote or a list item (its label captured): the blocks after it
 * need it rendered first (see flush), and those before it are drawn again (see finish).
 */
const DEFINITION = String.raw`^ {0,3}(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?\[([^\]\n]+)\]:`;
const REFERENCE_DEFINITION = new RegExp(DEFINITION, 'm');
const REFERENCE_DEFINITIONS = new RegExp(DEFINITION, 'gm');
/** A stream's answer that used a reference ahead is drawn again this long after it ended (see finish). */
const REDRAW_AFTER_MS = 2000;
/** Definitions looked for a use before them, at most (see usesReferenceAhead). */
const MAX_REFERENCE_SEARCHES = 20;

/**
 * Whether `text` uses a link reference before the definition that gives it, as `[text][label]`,
 * `[label][]` or `[label]` (Markdown allows a definition anywhere, and answers often put theirs last).
 * Blocks are rendered in order, each knowing the definitions before it, so such a text is rendered again
 * once it is all here (see finish). A bracketed label that is not a link (`a[1]` in code) at worst costs
 * that render.
 */
function usesReferenceAhead(text: string): boolean {
  if (!REFERENCE_DEFINITION.test(text)) return false;
  // Labels match whatever their case and runs of spaces, as Markdown's do.
  const plain = text.toLowerCase().replace(/[ \t]+/g, ' ');
  let definitions = 0;
  for (const definition of plain.matchAll(REFERENCE_DEFINITIONS)) {
    // Each search reads the text up to the definition: past a few, rendering again costs less.
    if (++definitions > MAX_REFERENCE_SEARCHES) return true;
    const use = plain.indexOf(`[${(definition[1] ?? '').trim()}]`);
    if (use !== -1 && use < definition.index) return true;
  }
  return false;
}

/**
 * An env holding every link reference `text` defines: markdown-it fills it as it parses the blocks that
 * hold a definition (found as the stream finds blocks, so a code block's text is not taken for one, and
 * with the same guards against blocks too big or too deep to parse).
 */
function referencesOf(text: string): MarkdownEnv {
  const env: MarkdownEnv = {};
  let start = 0;
  for (const end of [...new BlockScanner().feed(text), text.length]) {
    const source = text.slice(start, end);
    start = end;
    if (REFERENCE_DEFINITION.test(source) && plainTextReason(source) === undefined) md.parse(source, env);
  }
  return env;
}

/**
 * Brackets or block quotes nested deeper than this make a block plain text: no Markdown a person writes
 * needs it, and the time to parse and lay it out grows with the depth (10,000 levels of brackets took
 * ~50 ms, a frozen frame).
 */
const MAX_DEPTH = 64;
const DEEP_QUOTE = new RegExp(`^(?:[ \\t]*>){${MAX_DEPTH + 1}}`, 'm');
/** A list item indented this far is nested some 30 levels deep (a 1,000-item list of them took ~150 ms). */
const DEEP_LIST = new RegExp(`^[ \\t]{${MAX_DEPTH},}(?:[-*+]|\\d{1,9}[.)])[ \\t]`, 'm');

/** How many characters of the run of non-space characters that ends `text` (at most `limit`). */
function trailingRun(text: string, limit: number): number {
  let n = 0;
  while (n < limit && n < text.length && !/\s/.test(text.charAt(text.length - 1 - n))) n++;
  return n;
}

/** Why `source` is shown as plain text rather than Markdown (see HUGE_BLOCK, MAX_DEPTH), if it is. */
function plainTextReason(source: string): string | undefined {
  if (source.length > HUGE_BLOCK) return `This block is ${formatBytes(source.length)} long: only its first ${formatBytes(HUGE_SHOWN)} are shown, as plain text. Export the chat to read all of it.`;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x5b /* [ */ && ++depth > MAX_DEPTH) return `This block nests brackets more than ${MAX_DEPTH} deep, which no Markdown needs: it is shown as plain text.`;
    if (c === 0x5d /* ] */ && depth > 0) depth--;
  }
  if (DEEP_QUOTE.test(source)) return `This block nests quotes more than ${MAX_DEPTH} deep, which no Markdown needs: it is shown as plain text.`;
  if (DEEP_LIST.test(source)) return `This block indents a list item ${MAX_DEPTH} columns or more, which no Markdown needs: it is shown as plain text.`;
  if (HUGE_WORD.test(source)) return `This block has a run of more than ${formatBytes(HUGE_SHOWN)} without a space: only its first ${formatBytes(HUGE_SHOWN)} are shown, as plain text. Export the chat to read all of it.`;
  return undefined;
}

/**
 * Blocks settled in one flush, and the open tail when it is to be shown again (its node comes last),
 * rendered together: one sanitizing pass per frame (see renderMarkdownBlocks). The tail is rendered
 * with a copy of env, taken after the settled blocks are parsed: a reference defined in the tail must
 * not stick before it settles.
 */
function renderAll(sources: string[], env: MarkdownEnv, tail?: string): Node[] {
  const all = tail === undefined ? sources : [...sources, tail];
  const reasons = all.map(plainTextReason);
  const markdown = all.filter((_, i) => reasons[i] === undefined);
  const tailIndex = tail !== undefined && reasons[all.length - 1] === undefined ? markdown.length - 1 : -1;
  const tailEnv = (): MarkdownEnv => ({ ...env, references: { ...(env.references as Record<string, unknown> | undefined) } });
  const fragments = renderMarkdownBlocks(markdown, (i) => (i === tailIndex ? tailEnv() : env));
  let next = 0;
  return all.map((source, i) => {
    const reason = reasons[i];
    return reason === undefined ? (fragments[next++] as Node) : plainTextBlock(source, reason);
  });
}

function plainTextBlock(source: string, reason: string): HTMLElement {
  return h('div', { className: 'md-huge' }, h('pre', {}, source.slice(0, HUGE_SHOWN)), h('p', { className: 'md-huge-note' }, reason));
}

/**
 * A page's height before it was ever laid out, from its text (about 60 characters per 20 px line, and
 * a block's margins): close enough for the scrollbar; `auto` keeps the real height once it is shown.
 */
function estimatedHeight(chars: number, blocks: number): number {
  return Math.ceil(chars / 60) * 20 + blocks * 14;
}

/** `- - -` or `* * *` is a thematic break, not a list item. */
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*(?:\r?\n|$)/;

function listMarker(source: string): string | undefined {
  const match = LIST_ITEM_START.exec(source);
  return match && !THEMATIC_BREAK.test(source) ? (match[1] ?? match[2]) : undefined;
}

/** A block ends with a blank line: if the next block goes on its list, that list is loose. */
const ENDS_WITH_BLANK_LINE = /\n[ \t]*\r?\n\s*$/;

function blockFor(source: string): HTMLElement {
  const list = listMarker(source);
  return h('div', {
    className: LONG_WORD.test(source) ? 'md-block md-long-words' : 'md-block',
    'data-list': list,
    'data-gap': list !== undefined && ENDS_WITH_BLANK_LINE.test(source),
  });
}

/**
 * The block scanner settles a long list item by item, and each item renders as a one-item list. Once a
 * block is rendered, its items join the list of the block before it when both blocks start with the
 * same list marker (CommonMark's rule for one list), and the emptied block goes: a screen reader meets
 * one list of n items, not n lists, and an ordered list numbers on. The joined list is loose when
 * either part was, or a blank line came between them (`data-gap`: the block before ends with one).
 * Blocks may be rendered out of order (deferredPages.ts), so the block after is joined too. Returns the
 * block that holds `block`'s items.
 */
function joinList(block: HTMLElement): HTMLElement {
  const previous = block.previousElementSibling;
  const list = block.firstElementChild;
  const target = previous?.lastElementChild;
  if (
    previous instanceof HTMLElement &&
    block.dataset.list !== undefined &&
    previous.dataset.list === block.dataset.list &&
    list !== null &&
    list === block.lastElementChild &&
    (list.tagName === 'UL' || list.tagName === 'OL') &&
    target?.tagName === list.tagName
  ) {
    if (previous.dataset.gap !== undefined || list.classList.contains('md-loose')) target.classList.add('md-loose');
    target.append(...Array.from(list.children));
    // The holder now ends where `block` ended.
    previous.toggleAttribute('data-gap', block.dataset.gap !== undefined);
    block.remove();
    return previous;
  }
  return block;
}

/** Shows `node` in `block` (a settled block in its page) and joins it to the lists beside it. */
function fillBlock(block: HTMLElement, node: Node): void {
  block.append(node);
  const holder = joinList(block);
  const next = holder.nextElementSibling;
  if (next instanceof HTMLElement) joinList(next);
}

export class MarkdownStream implements Flushable {
  readonly element: HTMLElement;
  private readonly settled: HTMLElement;
  private readonly tail: HTMLElement;
  /** The page settled blocks are added to, and how many it holds. */
  private page: HTMLElement | undefined;
  private pageBlocks = 0;
  private pageChars = 0;
  /** The page was started in the flush now running (cleared when the flush ends). */
  private pageIsNew = false;
  /** Pages that are full, to be sealed at the start of the next flush. */
  private fullPages: HTMLElement[] = [];
  private readonly deferred = new DeferredPages((sources) => renderAll(sources, this.env), fillBlock);
  /** The settled block whose list the open tail goes on (see showListGoesOn). */
  private listGoesOn: Element | undefined;
  private scanner = new BlockScanner();
  private env: MarkdownEnv = {};
  /** env holds every reference the text defines (see finish). */
  private referencesKnown = false;
  /** The text is to be drawn again knowing every reference (see finish). */
  private redrawPending = false;
  /** All text so far. */
  private full = '';
  /** The text after the last settled block. */
  private open = '';
  /** `open` as the tail shows it (to skip a render when nothing changed). */
  private tailShown = '';
  private pauseTimer: ReturnType<typeof setTimeout> | undefined;
  private forceTail = false;
  /** The tail was extended in place (tailAppend.ts) since its last full render. */
  private tailExtended = false;
  /** goLive was called: the settled blocks become a live region soon (see liveNow). */
  private liveSoon = false;

  constructor(options: { live: boolean; className?: string }) {
    this.settled = h('div', { className: 'md-settled' });
    if (options.live) this.markLive();
    this.tail = h('div', { className: 'md-block md-tail' });
    this.element = h('div', { className: ['markdown', options.className].filter(Boolean).join(' ') }, this.settled, this.tail);
  }

  get text(): string {
    return this.full;
  }

  /**
   * An answer shown again while it arrives (its chat re-sent or opened mid-answer): from now on each
   * block that settles is announced. What it holds already is rendered now and the region made live
   * only in the next frame, once the accessibility tree has it, so it is not read again.
   */
  goLive(): void {
    flushNow(this);
    this.liveSoon = true;
    requestAnimationFrame(() => this.liveNow());
  }

  /** Live from now: in the frame after goLive, or before the first flush if that comes first. */
  private liveNow(): void {
    if (!this.liveSoon) return;
    this.liveSoon = false;
    this.markLive();
  }

  private markLive(): void {
    this.settled.setAttribute('aria-live', 'polite');
    this.settled.setAttribute('aria-relevant', 'additions');
  }

  append(text: string): void {
    if (!text) return;
    this.full += text;
    this.open += text;
    scheduleFlush(this);
  }

  /** Replaces the text; when it only adds to what is shown, it streams on instead of starting over. */
  setText(text: string): void {
    if (text.startsWith(this.full)) {
      this.append(text.slice(this.full.length));
      return;
    }
    this.clear();
    this.append(text);
  }

  private clear(): void {
    this.scanner = new BlockScanner();
    this.env = {};
    this.referencesKnown = false;
    this.full = '';
    this.open = '';
    this.tailShown = '';
    this.settled.replaceChildren();
    this.page = undefined;
    this.listGoesOn = undefined;
    this.fullPages = [];
    this.deferred.clear();
    this.tail.replaceChildren();
  }

  /**
   * The stream ended: render now and settle the tail too. A text that uses a link reference before its
   * definition is rendered knowing every definition: from the start when nothing of it was rendered yet
   * (a finished answer opened), otherwise again (once, as the answer ends).
   */
  finish(): void {
    if (this.referencesKnown || this.redrawPending || !usesReferenceAhead(this.full)) return this.settleAll();
    if (this.settled.childElementCount === 0 && this.tailShown === '') {
      this.knowReferences();
      return this.settleAll();
    }
    this.settleAll();
    // The blocks that settled last are being read out from the live region: drawn again once that is
    // done, and no longer live (the answer is complete: what is drawn again is not read again).
    const text = this.full;
    const live = this.settled.hasAttribute('aria-live') || this.liveSoon;
    const redraw = (): void => {
      this.redrawPending = false;
      if (this.full !== text) return;
      this.settled.removeAttribute('aria-live');
      this.liveSoon = false;
      this.clear();
      this.append(text);
      this.knowReferences();
      this.settleAll();
    };
    this.redrawPending = true;
    if (live) setTimeout(redraw, REDRAW_AFTER_MS);
    else redraw();
  }

  /** Every reference the text defines, known before its blocks render: a long text may then wait in pages too. */
  private knowReferences(): void {
    this.env = referencesOf(this.full);
    this.referencesKnown = true;
  }

  private settleAll(): void {
    flushNow(this);
    this.forceTail = true;
    // A settled block always comes from a full render, also when its tail was extended in place.
    if (this.tailExtended) this.tailShown = '';
    this.flush(); // shows a big tail that was waiting to grow
    if (this.open) {
      const block = blockFor(this.open);
      const fragment = document.createDocumentFragment();
      fragment.append(...Array.from(this.tail.childNodes));
      this.showListGoesOn(undefined);
      this.settle(block, this.open);
      fillBlock(block, fragment);
      this.tail.classList.remove('md-long-words');
      this.open = '';
      this.tailShown = '';
    }
  }

  flush(): void {
    this.liveNow();
    this.sealFullPages();
    const boundaries = this.scanner.feed(this.open);
    let consumed = 0;
    const sources = boundaries.map((boundary) => {
      const source = this.open.slice(consumed, boundary);
      consumed = boundary;
      return source;
    });
    if (consumed > 0) {
      this.open = this.open.slice(consumed);
      this.scanner.rebase(consumed);
      this.tailShown = '';
    }
    let tail = this.open !== this.tailShown && !this.deferBigTail() ? this.open : undefined;
    if (tail !== undefined && consumed === 0 && this.extendTail(tail)) tail = undefined;
    // A long text at once: only the last page's worth of blocks (what can be on screen) is rendered in
    // this frame; the others wait in their pages (deferredPages.ts). Not when the text defines link
    // references, which the blocks after a definition need rendered first, unless all are known already.
    const later = sources.length > 2 * PAGE_BLOCKS && (this.referencesKnown || !sources.some((source) => REFERENCE_DEFINITION.test(source))) ? sources.length - PAGE_BLOCKS : 0;
    const rendered = renderAll(later ? sources.slice(later) : sources, this.env, tail);
    sources.forEach((source, i) => {
      const block = blockFor(source);
      const page = this.settle(block, source);
      if (i < later) this.deferred.add(page, block, source);
      else fillBlock(block, rendered[i - later] as Node);
    });
    this.pageIsNew = false;
    if (this.page) this.deferred.renderNow(this.page);
    this.deferred.watch();
    if (tail !== undefined) {
      this.tail.classList.toggle('md-long-words', LONG_WORD.test(tail));
      const last = this.page?.lastElementChild;
      const goesOn = last instanceof HTMLElement && last.dataset.list !== undefined && listMarker(tail) === last.dataset.list;
      this.showListGoesOn(goesOn ? last : undefined);
      this.tail.replaceChildren(rendered[rendered.length - 1] as Node);
      this.tailShown = tail;
      this.tailExtended = false;
    }
  }

  /**
   * Shows `tail` by adding its new plain words to the paragraph shown, when that renders the same.
   * The paragraph shown had no plain-text reason (it would be a plain-text block, not a paragraph), and
   * the words added hold no bracket, quote or line end (plainAppend): only the run of non-space
   * characters they end can be new, so that run is all there is to check, not the whole tail.
   */
  private extendTail(tail: string): boolean {
    if (tail.length >= BIG_TAIL) return false;
    const patch = plainAppend(this.tail, this.tailShown, tail);
    if (!patch) return false;
    const run = trailingRun(tail, HUGE_SHOWN + 1);
    if (run > HUGE_SHOWN) return false;
    if (patch.text) patch.node.appendData(patch.text);
    if (run >= LONG_WORD_CHARS) this.tail.classList.add('md-long-words');
    this.tailShown = tail;
    this.tailExtended = true;
    return true;
  }

  /**
   * An open tail that is the next item of the list above it is drawn where it will be once it joins
   * that list: the list's block drops its bottom margin (CSS), so the item sits right under the last one.
   */
  private showListGoesOn(block: Element | undefined): void {
    if (block === this.listGoesOn) return;
    this.listGoesOn?.classList.remove('md-list-goes-on');
    block?.classList.add('md-list-goes-on');
    this.listGoesOn = block;
  }

  /** Adds a settled block to the open page (a new one when it is full) and returns that page. */
  private settle(block: HTMLElement, source: string): HTMLElement {
    if (!this.page || (this.pageBlocks >= PAGE_BLOCKS && block.dataset.list === undefined)) {
      if (this.page && this.pageIsNew) {
        // Filled within one flush (a long text at once), so never laid out: sealed now at an estimated
        // height, and the frame lays out only the pages on screen.
        this.page.style.containIntrinsicSize = `auto ${estimatedHeight(this.pageChars, this.pageBlocks)}px`;
        this.page.classList.add('md-page-sealed');
      } else if (this.page) {
        this.fullPages.push(this.page);
      }
      this.page = h('div', { className: 'md-page' });
      this.pageBlocks = 0;
      this.pageChars = 0;
      this.pageIsNew = true;
      this.settled.append(this.page);
    }
    this.page.append(block);
    this.pageBlocks++;
    this.pageChars += source.length;
    return this.page;
  }

  /**
   * Seals the pages that filled up during the last flush. It runs before this flush changes anything,
   * so reading a page's height costs no layout; that height keeps a sealed page's size exact while it
   * is skipped (a guess would make the view jump as pages come on and off screen). A page of a hidden
   * view (height 0) waits until it is shown.
   */
  private sealFullPages(): void {
    this.fullPages = this.fullPages.filter((page) => {
      const height = page.offsetHeight;
      if (height === 0) return true;
      page.style.containIntrinsicSize = `auto ${height}px`;
      page.classList.add('md-page-sealed');
      return false;
    });
  }

  /** True when a big tail should wait for more text; then it is shown once the stream pauses. */
  private deferBigTail(): boolean {
    if (this.pauseTimer !== undefined) clearTimeout(this.pauseTimer);
    this.pauseTimer = undefined;
    const force = this.forceTail;
    this.forceTail = false;
    if (force || this.open.length < BIG_TAIL || this.open.length >= this.tailShown.length * 1.5) return false;
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = undefined;
      this.forceTail = true;
      scheduleFlush(this);
    }, PAUSE_MS);
    return true;
  }
}
