// A Server-Sent Events parser for Gemini's `?alt=sse` bodies, fed raw network reads.
//
// What it must survive: CRLF, LF or CR line ends (a CRLF may be split
// across two reads), JSON split across reads, a UTF-8 character split across reads, `data:` with or
// without the space, and a single 20 MB event, all in time linear in the body size.
//
// It works on bytes where bytes are cheapest: line ends are found with Buffer.indexOf (memchr). The
// complete lines of a read are decoded to text in one call, then cut into lines and events as
// substrings (which V8 makes without copying): CR and LF bytes never occur inside a multi-byte UTF-8
// character, so text ending at a line end holds whole characters only. A line that spans reads is
// kept as a list of byte pieces joined once at its end, never re-concatenated per read.
//
// Lines that are not SSE fields (a bare JSON line, e.g. an error body written into a 200 stream) are
// kept as data, so the caller sees them like any event.

import { isAscii } from 'node:buffer';

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const KNOWN_FIELDS = ['event', 'id', 'retry'];
const NO_EVENTS: readonly string[] = Object.freeze([]);

/** Below this, UTF-8 decoding is cheap enough that checking for ASCII first does not pay. */
const LARGE_TEXT = 4096;

/** Text of `buf[start..end)`. Large text that is all ASCII (inline data is base64) decodes as latin1,
 * a plain copy, much faster than UTF-8 decoding on a 20 MB event. */
function decode(buf: Buffer, start: number, end: number): string {
  const ascii = end - start >= LARGE_TEXT && isAscii(buf.subarray(start, end));
  return buf.toString(ascii ? 'latin1' : 'utf8', start, end);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Where the value of a `data` field starts in `text[start..end)` (after `data:` and one space), or -1. */
function dataValueStart(text: string, start: number, end: number): number {
  if (end - start < 4 || !text.startsWith('data', start)) return -1;
  if (end - start === 4) return end;
  if (text.charCodeAt(start + 4) !== COLON) return -1;
  return text.charCodeAt(start + 5) === SPACE && start + 5 < end ? start + 6 : start + 5;
}

export class SseParser {
  /** Pieces of the line being read, when it spans reads. */
  private pending: Buffer[] = [];
  /** Data lines of the event being read. */
  private data: string[] = [];
  private events: string[] = [];
  /** The previous read ended with CR: a LF at the start of the next one belongs to it. */
  private skipLeadingLF = false;
  private atStart = true;

  /** Feeds one network read; returns the events it completed, each event's data as one string. */
  push(bytes: Uint8Array): readonly string[] {
    this.scan(asBuffer(bytes));
    return this.take();
  }

  /**
   * Ends the body. An event that was not closed by a blank line is still returned: some proxies drop
   * the final blank line, and the caller finds out from the JSON whether the event is whole.
   */
  end(): readonly string[] {
    if (this.pending.length > 0) this.joinedLine(Buffer.alloc(0));
    this.dispatch();
    return this.take();
  }

  private take(): readonly string[] {
    if (this.events.length === 0) return NO_EVENTS;
    const out = this.events;
    this.events = [];
    return out;
  }

  private scan(buf: Buffer): void {
    const n = buf.length;
    let start = 0;
    if (this.atStart && n > 0) {
      this.atStart = false;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    if (this.skipLeadingLF && n > 0) {
      this.skipLeadingLF = false;
      if (buf[start] === LF) start++;
    }
    // Everything up to the read's last line end is complete lines.
    const last = Math.max(buf.lastIndexOf(LF), buf.lastIndexOf(CR));
    if (last >= start && this.pending.length > 0) {
      // First the line that earlier reads began.
      const lf = buf.indexOf(LF, start);
      const cr = buf.indexOf(CR, start);
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      this.joinedLine(buf.subarray(start, end));
      start = buf[end] === CR && buf[end + 1] === LF ? end + 2 : end + 1;
    }
    if (last >= start) this.lines(decode(buf, start, last + 1));
    // A CR ending the read may be the first half of a CRLF.
    if (last === n - 1 && buf[last] === CR) this.skipLeadingLF = true;
    const rest = Math.max(start, last + 1);
    if (rest < n) this.pending.push(rest === 0 ? buf : buf.subarray(rest));
  }

  /** The line kept in pieces across reads, ended by `tail`. */
  private joinedLine(tail: Buffer): void {
    this.pending.push(tail);
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    const text = decode(bytes, 0, bytes.length);
    this.line(text, 0, text.length);
  }

  /** Text made of complete lines, each ended by CR, LF or CRLF. */
  private lines(text: string): void {
    const n = text.length;
    let start = 0;
    // Next LF and CR positions, each searched again only once passed, so the text costs one pass.
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        next = cr + 1 < n && text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
      }
      this.line(text, start, end);
      start = next;
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    }
  }

  /** One complete line, `text[start..end)` without its line end. */
  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const value = dataValueStart(text, start, end);
    if (value !== -1) {
      // A substring: V8 shares the decoded text's characters rather than copying them.
      this.data.push(text.slice(value, end));
      return;
    }
    if (text.charCodeAt(start) === COLON) return; // a comment
    const line = text.slice(start, end);
    const colon = line.indexOf(':');
    if (KNOWN_FIELDS.includes(colon === -1 ? line : line.slice(0, colon))) return;
    this.data.push(line);
  }

  private dispatch(): void {
    if (this.data.length === 0) return;
    this.events.push(this.data.length === 1 ? (this.data[0] as string) : this.data.join('\n'));
    this.data.length = 0; // reused: no array per event
  }
}
