// A Server-Sent Events parser for Gemini's `?alt=sse` bodies, fed raw network reads.
//
// What it must survive (gemini.md, "SSE framing"): CRLF, LF or CR line ends (a CRLF may be split
// across two reads), JSON split across reads, a UTF-8 character split across reads, `data:` with or
// without the space, and a single 20 MB event, all in time linear in the body size.
//
// It works on bytes: line ends are found with Buffer.indexOf (memchr), and a line is decoded to text
// once, when it is complete. CR and LF bytes never occur inside a multi-byte UTF-8 character, so a
// character split across reads is whole again by then. A line that spans many reads is kept as a list
// of pieces joined once at its end, never re-concatenated per read.
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
const LARGE_LINE = 4096;

/** Text of `buf[start..end)`. A large line that is all ASCII (inline data is base64) decodes as
 * latin1, a plain copy, much faster than UTF-8 decoding on a 20 MB event. */
function decode(buf: Buffer, start: number, end: number): string {
  const ascii = end - start >= LARGE_LINE && isAscii(buf.subarray(start, end));
  return buf.toString(ascii ? 'latin1' : 'utf8', start, end);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Whether `buf[start..end)` begins with `data` followed by `:` or nothing. */
function dataValueStart(buf: Buffer, start: number, end: number): number {
  if (end - start < 4 || buf[start] !== 0x64 || buf[start + 1] !== 0x61 || buf[start + 2] !== 0x74 || buf[start + 3] !== 0x61) return -1;
  if (end - start === 4) return end;
  if (buf[start + 4] !== COLON) return -1;
  return buf[start + 5] === SPACE ? start + 6 : start + 5;
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
    if (this.pending.length > 0) {
      const line = Buffer.concat(this.pending);
      this.pending = [];
      this.line(line, 0, line.length);
    }
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
    if (n === 0) return;
    let start = 0;
    if (this.atStart) {
      this.atStart = false;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    if (this.skipLeadingLF) {
      this.skipLeadingLF = false;
      if (buf[start] === LF) start++;
    }
    // Next LF and CR positions, each searched again only once passed, so a read costs one pass.
    let lf = buf.indexOf(LF, start);
    let cr = buf.indexOf(CR, start);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < n) next = buf[cr + 1] === LF ? cr + 2 : cr + 1;
        else {
          next = cr + 1;
          this.skipLeadingLF = true;
        }
      }
      if (this.pending.length > 0) {
        this.pending.push(buf.subarray(start, end));
        const line = Buffer.concat(this.pending);
        this.pending = [];
        this.line(line, 0, line.length);
      } else {
        this.line(buf, start, end);
      }
      start = next;
      if (lf !== -1 && lf < start) lf = buf.indexOf(LF, start);
      if (cr !== -1 && cr < start) cr = buf.indexOf(CR, start);
    }
    if (start < n) this.pending.push(start === 0 ? buf : buf.subarray(start));
  }

  /** One complete line, `buf[start..end)` without its line end. */
  private line(buf: Buffer, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const value = dataValueStart(buf, start, end);
    if (value !== -1) {
      this.data.push(decode(buf, value, end));
      return;
    }
    if (buf[start] === COLON) return; // a comment
    const text = decode(buf, start, end);
    const colon = text.indexOf(':');
    if (KNOWN_FIELDS.includes(colon === -1 ? text : text.slice(0, colon))) return;
    this.data.push(text);
  }

  private dispatch(): void {
    if (this.data.length === 0) return;
    this.events.push(this.data.length === 1 ? (this.data[0] as string) : this.data.join('\n'));
    this.data = [];
  }
}
