// The SSE parser against the captured bodies, cut at every byte boundary, and against the framings Gemini
// uses: CRLF / LF / CR, a CRLF split across reads, `data:` without the space, a UTF-8 character
// split across reads, a 20 MB event, comments, and a bare JSON line.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, rawFixture } from '../../support/fakeGemini';
import { SseParser } from '../../../src/core';

const STREAMS = readdirSync(path.join(FIXTURES, 'raw-sse')).filter((f) => f.startsWith('streaming-'));

function parse(pieces: Uint8Array[]): string[] {
  const parser = new SseParser();
  const events: string[] = [];
  for (const p of pieces) events.push(...parser.push(p));
  events.push(...parser.end());
  return events;
}

/** The events of a captured body, read the simplest way: split on blank lines, strip `data: `. */
function expectedEvents(body: Buffer): string[] {
  return body
    .toString('utf8')
    .split(/\r\n\r\n|\n\n/)
    .filter((e) => e.trim() !== '')
    .map((e) => e.replace(/^data: ?/, ''));
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('SseParser', () => {
  for (const name of STREAMS) {
    it(`reads ${name} the same wherever the body is cut`, () => {
      const body = rawFixture(name);
      const expected = expectedEvents(body);
      assert.ok(expected.length > 0);
      expected.forEach((e) => JSON.parse(e));
      assert.deepEqual(parse([body]), expected);
      for (let cut = 0; cut <= body.length; cut++) {
        assert.deepEqual(parse([body.subarray(0, cut), body.subarray(cut)]), expected, `cut at byte ${cut}`);
      }
      assert.deepEqual(parse([...body].map((b) => Uint8Array.of(b))), expected, 'one byte per read');
    });
  }

  it('keeps a UTF-8 character whole when its bytes arrive in different reads', () => {
    const body = rawFixture('streaming-success-utf8.txt');
    const text = body.toString('utf8');
    const firstWide = [...text].findIndex((ch) => ch.charCodeAt(0) > 0x7f);
    assert.ok(firstWide > 0, 'the fixture holds multi-byte characters');
    const at = Buffer.byteLength(text.slice(0, firstWide)) + 1; // inside the character's bytes
    const events = parse([body.subarray(0, at), body.subarray(at)]);
    const first = JSON.parse(events[0] as string) as { candidates: { content: { parts: { text: string }[] } }[] };
    assert.equal(first.candidates[0]?.content.parts[0]?.text, '秋风瑟瑟，叶落纷纷，\n西风残照，寒');
    assert.ok(!events.join('').includes('\ufffd'), 'no replacement character');
  });

  for (const [label, eol] of [
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ] as const) {
    it(`separates events by ${label} blank lines, and accepts data: without the space`, () => {
      const body = bytes(`data: {"a":1}${eol}${eol}data:{"b":2}${eol}${eol}data: {"c":3}${eol}${eol}`);
      const expected = ['{"a":1}', '{"b":2}', '{"c":3}'];
      for (let cut = 0; cut <= body.length; cut++) {
        assert.deepEqual(parse([body.subarray(0, cut), body.subarray(cut)]), expected, `${label} cut at ${cut}`);
      }
    });
  }

  it('does not see an empty line where a CRLF is split between two reads', () => {
    const events = parse([bytes('data: {"a":1}\r'), bytes('\ndata: {"more":2}\r'), bytes('\n\r\n')]);
    // One event whose two data lines are joined by a newline, as SSE specifies.
    assert.deepEqual(events, ['{"a":1}\n{"more":2}']);
  });

  it('skips comments and the fields Gemini never sends, and strips a BOM', () => {
    const events = parse([bytes('\ufeff: keep-alive\r\nevent: message\r\nid: 7\r\nretry: 10\r\ndata: {"a":1}\r\n\r\n')]);
    assert.deepEqual(events, ['{"a":1}']);
  });

  it('passes a bare JSON line through as an event', () => {
    const line = '{"error":{"code":500,"message":"boom","status":"INTERNAL"}}';
    assert.deepEqual(parse([bytes(`data: {"a":1}\r\n\r\n${line}\n`)]), ['{"a":1}', line]);
  });

  it('returns an event left open when the body ends without its blank line', () => {
    assert.deepEqual(parse([bytes('data: {"a":1}\r\n\r\ndata: {"b":2}')]), ['{"a":1}', '{"b":2}']);
  });

  it('reads events with mixed line ends, wide characters and long lines the same in reads of any size', () => {
    // Known events written with every line end, comments and ignored fields between them; some lines
    // are long (over 4 KB, ASCII and not) so one read holds both short and long complete lines.
    const eols = ['\n', '\r\n', '\r'];
    const texts = ['plain', 'héllo wörld', '秋风瑟瑟 😀', 'x'.repeat(5000), `é${'y'.repeat(6000)}`, 'z'.repeat(70_000)];
    const expected: string[] = [];
    let body = '';
    texts.forEach((text, i) => {
      const eol = eols[i % eols.length] as string;
      const json = JSON.stringify({ i, text });
      expected.push(json);
      body += `: keep-alive${eol}id: ${i}${eol}data: ${json}${eol}${eol}`;
    });
    const bytesOf = bytes(body);
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const maxRead of [1, 3, 17, 256, 4096, 65536]) {
      for (let round = 0; round < 5; round++) {
        const reads: Uint8Array[] = [];
        for (let i = 0; i < bytesOf.length; ) {
          const size = 1 + Math.floor(random() * maxRead);
          reads.push(bytesOf.subarray(i, i + size));
          i += size;
        }
        assert.deepEqual(parse(reads), expected, `reads of up to ${maxRead} bytes, round ${round}`);
      }
    }
  });

  it('reads one 20 MB event arriving in 64 KB reads', () => {
    const text = 'x'.repeat(20 * 1024 * 1024);
    const json = JSON.stringify({ candidates: [{ content: { parts: [{ text }] }, finishReason: 'STOP' }] });
    const body = bytes(`data: ${json}\r\n\r\n`);
    const reads: Uint8Array[] = [];
    for (let i = 0; i < body.length; i += 65536) reads.push(body.subarray(i, i + 65536));
    const events = parse(reads);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.length, json.length);
    assert.equal(events[0], json);
  });
});
