// A Server-Sent Events parser for Gemini's `?alt=sse` bodies, fed raw network reads.
//
// What it must survive (gemini.md, "SSE framing"): CRLF, LF or CR line ends (a CRLF may be split
// across two reads), JSON split across reads, a UTF-8 character split across reads (the streaming
// TextDecoder keeps the partial bytes), `data:` with or without the space, and a single 20 MB event.
// It stays linear in the body size: each read is scanned once with indexOf, and a line that spans many
// reads is kept as a list of pieces joined once when it ends (never re-concatenated per read).
//
// Lines that are not SSE fields (a bare JSON line, e.g. an error body written into a 200 stream) are
// kept as data, so the caller sees them like any event.

const LF = 10;
const KNOWN_FIELDS = ['event', 'id', 'retry'];

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** Pieces of the line being read, when it spans reads. */
  private readonly pending: string[] = [];
  /** Data lines of the event being read. */
  private data: string[] = [];
  private events: string[] = [];
  /** The previous read ended with CR: a LF at the start of the next one belongs to it. */
  private skipLeadingLF = false;
  private atStart = true;

  /** Feeds one network read; returns the events it completed, each event's data as one string. */
  push(bytes: Uint8Array): readonly string[] {
    this.scan(this.decoder.decode(bytes, { stream: true }));
    return this.take();
  }

  /**
   * Ends the body. An event that was not closed by a blank line is still returned: some proxies drop
   * the final blank line, and the caller finds out from the JSON whether the event is whole.
   */
  end(): readonly string[] {
    this.scan(this.decoder.decode());
    if (this.pending.length > 0) {
      this.line(this.pending.join(''));
      this.pending.length = 0;
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

  private scan(text: string): void {
    const n = text.length;
    if (n === 0) return;
    let start = 0;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    if (this.skipLeadingLF) {
      this.skipLeadingLF = false;
      if (text.charCodeAt(start) === LF) start++;
    }
    // Next LF and CR positions, each searched again only once passed, so a read costs one pass.
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
      } else {
        end = cr;
        if (cr + 1 < n) next = text.charCodeAt(cr + 1) === LF ? cr + 2 : cr + 1;
        else {
          next = cr + 1;
          this.skipLeadingLF = true;
        }
      }
      const piece = text.slice(start, end);
      if (this.pending.length > 0) {
        this.pending.push(piece);
        this.line(this.pending.join(''));
        this.pending.length = 0;
      } else {
        this.line(piece);
      }
      start = next;
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    }
    if (start < n) this.pending.push(start === 0 ? text : text.slice(start));
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.startsWith('data')) {
      if (line.length === 4) {
        this.data.push('');
        return;
      }
      if (line.charCodeAt(4) === 58 /* : */) {
        this.data.push(line.charCodeAt(5) === 32 /* space */ ? line.slice(6) : line.slice(5));
        return;
      }
    }
    if (line.charCodeAt(0) === 58 /* : comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (KNOWN_FIELDS.includes(field)) return;
    this.data.push(line);
  }

  private dispatch(): void {
    if (this.data.length === 0) return;
    this.events.push(this.data.length === 1 ? (this.data[0] as string) : this.data.join('\n'));
    this.data = [];
  }
}

const NO_EVENTS: readonly string[] = Object.freeze([]);
