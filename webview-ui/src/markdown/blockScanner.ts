// Finds where settled Markdown blocks end in text that only grows, so a streamed answer renders each
// finished block once and re-renders only the open tail. A boundary is the
// start of a line that no later text can pull back into the block before it:
//   - a line at column 0 after a blank line, outside a fenced code block;
//   - a line at column 0 after an ATX heading or a closed fence (both end at their last line);
//   - a heading or fence opener at column 0 (they interrupt a paragraph);
//   - a new item of the same list at column 0 (so a long list grows item by item).
// Indented lines never start a block here: they may continue a list item. When in doubt the scanner
// does not split, which only costs re-rendering, never a wrong rendering (list items settled one by
// one render as one-item lists; markdownStream.ts joins them into one list).
// Each line is classified once, so scanning a whole answer is linear in its length.

type BlockKind = 'none' | 'other' | 'heading' | 'list' | 'fence' | 'fenceClosed';

const BLANK = /^[ \t]*\r?$/;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})/;
const FENCE_CLOSE = /^[ \t]*(`{3,}|~{3,})[ \t]*\r?$/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|\r?$)/;
const LIST_ITEM = /^(?:([-*+])|\d{1,9}([.)]))[ \t]+\S/;

export class BlockScanner {
  /** Start of the next line not yet classified, relative to the text fed. */
  private lineStart = 0;
  private fence: { char: string; length: number } | undefined;
  private prevBlank = true;
  private kind: BlockKind = 'none';
  private listMarker = '';
  /** The last boundary reported (0: the start, never reported). */
  private lastBoundary = 0;

  /**
   * Scans what was added to `text` since the last call and returns the new boundaries (ascending).
   * `text` must be the previous text plus more (after `rebase`, minus the dropped prefix).
   */
  feed(text: string): number[] {
    const found: number[] = [];
    const report = (offset: number): void => {
      if (offset > this.lastBoundary) {
        found.push(offset);
        this.lastBoundary = offset;
      }
    };
    for (;;) {
      const end = text.indexOf('\n', this.lineStart);
      if (end < 0) break;
      this.classifyLine(text.slice(this.lineStart, end), this.lineStart, report);
      this.lineStart = end + 1;
    }
    // The unfinished last line: a new block has begun as soon as its first character is known.
    const first = text.charAt(this.lineStart);
    if (first && !this.fence && first !== ' ' && first !== '\t' && first !== '\r' && this.startsBlockAfterPrevious()) {
      report(this.lineStart);
    }
    return found;
  }

  /** The caller dropped the first `offset` characters (a settled prefix ending at a boundary). */
  rebase(offset: number): void {
    this.lineStart -= offset;
    this.lastBoundary = Math.max(0, this.lastBoundary - offset);
  }

  private startsBlockAfterPrevious(): boolean {
    return this.prevBlank || this.kind === 'heading' || this.kind === 'fenceClosed';
  }

  private classifyLine(line: string, offset: number, report: (offset: number) => void): void {
    if (this.fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close?.[1] && close[1][0] === this.fence.char && close[1].length >= this.fence.length) {
        this.fence = undefined;
        this.kind = 'fenceClosed';
      }
      this.prevBlank = false;
      return;
    }
    if (BLANK.test(line)) {
      this.prevBlank = true;
      return;
    }
    const atColumn0 = line[0] !== ' ' && line[0] !== '\t';
    const fenceOpen = FENCE_OPEN.exec(line);
    const list = LIST_ITEM.exec(line);
    const marker = list ? (list[1] ?? list[2] ?? '') : '';
    const newBlock =
      atColumn0 &&
      (this.startsBlockAfterPrevious() ||
        ATX_HEADING.test(line) ||
        fenceOpen !== null ||
        (this.kind === 'list' && list !== null && marker === this.listMarker));
    if (newBlock) {
      report(offset);
      this.kind = fenceOpen ? 'fence' : ATX_HEADING.test(line) ? 'heading' : list ? 'list' : 'other';
      this.listMarker = marker;
    }
    if (fenceOpen?.[1]) {
      const info = line.slice(fenceOpen[0].length);
      // A backtick fence's info string cannot hold a backtick; otherwise this is inline code.
      if (fenceOpen[1][0] !== '`' || !info.includes('`')) this.fence = { char: fenceOpen[1][0] ?? '`', length: fenceOpen[1].length };
    }
    this.prevBlank = false;
  }
}
