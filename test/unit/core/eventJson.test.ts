// parseEventJson must give JSON.parse's result, and fail where JSON.parse fails, for any event: the
// shapes Gemini sends an image in (compact and spaced), and fuzzed events around a large `"data"`
// string (a character put in or taken out anywhere, the event cut short, a key that only ends in
// "data", a marker the event itself holds).
import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { parseEventJson } from '../../../src/core/eventJson';

/** Over the 1 MB from which the cut applies. */
const IMAGE = randomBytes(800 * 1024).toString('base64');

function imageEvent(data: string, spaced: boolean): string {
  const body = {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Here it is:' }, { inlineData: { mimeType: 'image/png', data } }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 },
    modelVersion: 'gemini-2.5-flash-image',
  };
  return spaced ? JSON.stringify(body, null, 2) : JSON.stringify(body);
}

/** JSON.parse's outcome: the value, or that it threw a SyntaxError. */
function outcome(parse: () => unknown): { value?: unknown; threw?: string } {
  try {
    return { value: parse() };
  } catch (err) {
    return { threw: (err as Error).name };
  }
}

/** (Compared without printing both: each holds a megabyte of base64.) */
function assertSameAsJsonParse(text: string, marker?: string): void {
  const ours = outcome(() => parseEventJson(text, marker));
  const theirs = outcome(() => JSON.parse(text));
  const brief = (o: { threw?: string }): string => (o.threw ? `threw ${o.threw}` : 'a value');
  assert.ok(isDeepStrictEqual(ours, theirs), `parseEventJson gave ${brief(ours)}, JSON.parse ${brief(theirs)}${ours.threw || theirs.threw ? '' : ' (a different one)'}`);
}

describe('parseEventJson (a streamed event with a large inline payload)', () => {
  it('reads an image event, compact or spaced as Gemini writes it, exactly as JSON.parse does', () => {
    for (const spaced of [false, true]) {
      const text = imageEvent(IMAGE, spaced);
      const parsed = parseEventJson(text) as { candidates: { content: { parts: { inlineData?: { data: string } }[] } }[] };
      assert.deepStrictEqual(parsed, JSON.parse(text));
      assert.equal(parsed.candidates[0]?.content.parts[1]?.inlineData?.data, IMAGE);
    }
  });

  it('reads two images in one event, and a small value beside them', () => {
    const body = { parts: [{ inlineData: { data: IMAGE } }, { inlineData: { data: 'AAAA' } }, { inlineData: { data: IMAGE.slice(7) } }] };
    assertSameAsJsonParse(JSON.stringify(body));
  });

  it('fails as JSON.parse fails on an event cut short inside the image', () => {
    const text = imageEvent(IMAGE, false);
    const cut = text.slice(0, text.indexOf(IMAGE) + 1000);
    assert.throws(() => parseEventJson(cut), SyntaxError);
    assert.throws(() => parseEventJson(`${text.slice(0, -2)}`), SyntaxError);
  });

  it('matches JSON.parse when the image string holds an escape, a line end or a control character', () => {
    const text = imageEvent(IMAGE, false);
    const inside = text.indexOf(IMAGE) + 1000;
    for (const char of ['\\', '\\n', '\\u0041', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é']) {
      assertSameAsJsonParse(text.slice(0, inside) + char + text.slice(inside));
    }
  });

  it('gives the value JSON.parse gives when the event itself holds a value like its marker', () => {
    const text = JSON.stringify({ note: 'm-0', part: { data: IMAGE } });
    assert.deepStrictEqual(parseEventJson(text, 'm-'), JSON.parse(text));
  });

  it('matches JSON.parse on fuzzed events around a large data string', () => {
    const keys = fc.constantFrom('data', 'data', 'data', 'x"data', 'dat', '__proto__', 'data ');
    // The event is built inside the property, so that a counterexample shows these and not the megabyte.
    const event = fc.record({ key: keys, spaced: fc.boolean(), extra: fc.jsonValue({ maxDepth: 2 }) });
    const edit = fc.record({
      // One of the places near the image's quotes (where a mistake would show), or anywhere (per mille).
      near: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 2 }),
      perMille: fc.integer({ min: 0, max: 1000 }),
      kind: fc.constantFrom('none', 'insert', 'delete', 'truncate'),
      char: fc.constantFrom('\\', '"', '\n', '\t', '\u0001', '}', ']', ',', ' ', 'a', 'é', '\\"'),
    });
    fc.assert(
      fc.property(event, edit, ({ key, spaced, extra }, { near, perMille, kind, char }) => {
        const body = { extra, candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', [key]: IMAGE } }] } }] };
        const text = spaced ? JSON.stringify(body, null, 1) : JSON.stringify(body);
        const quote = text.indexOf(IMAGE);
        const places = [quote - 12, quote - 1, quote, quote + 5, quote + IMAGE.length - 1, quote + IMAGE.length, quote + IMAGE.length + 1];
        const i = near === null ? Math.floor((perMille / 1000) * text.length) : (places[near] ?? 0);
        const edited =
          kind === 'insert' ? text.slice(0, i) + char + text.slice(i)
          : kind === 'delete' ? text.slice(0, i) + text.slice(i + 1)
          : kind === 'truncate' ? text.slice(0, i)
          : text;
        assertSameAsJsonParse(edited);
      }),
      { numRuns: 300 },
    );
  });
});
