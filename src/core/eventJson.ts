// JSON.parse for one streamed event, with the same result and the same failures, but cheaper when the
// event carries a large inline payload (an image or audio as base64 in `"data": "…"`).
//
// JSON.parse reads every character of a string value and copies it; for a 20 MB image that is most of
// the cost of the event after the network read (bench/, case 1). A base64 string needs neither: when
// the characters between its quotes hold no backslash and no control character, its value is exactly
// that text, and a slice of the event shares the event's characters instead of copying them. So each
// large `"data"` string is swapped for a short marker, the rest of the event (small) is parsed, and the
// slices go back where the markers are.
//
// Why the result is JSON.parse's: the quote that opens a matched value follows `"data":` and optional
// whitespace. If the event is valid JSON, that quote starts a string value (were the first quote of the
// match inside a string, the quote after `data` would close it, and a value must follow the colon).
// Its text holds no quote (the next one ends it), no backslash and no control character, so it is a
// complete, valid JSON string equal to its text. The parse of the rest then differs only in that one
// value. If the event is not valid JSON, the rest is not either (the same text up to the marker, the
// same text after it), and the whole event is handed to JSON.parse to throw its own error. A marker
// that also occurs in the event's own values is caught by counting, and then the event is parsed whole.

/** Below this, JSON.parse of the whole event is cheap enough. */
const LARGE_EVENT = 1 << 20;
/** A string shorter than this is left for JSON.parse. */
const LARGE_VALUE = 1 << 16;
const KEY = '"data":';
/** Characters JSON.parse takes as they are inside a string: anything but a backslash, a quote or a control character. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON strings may not hold raw
const PLAIN = /^[^\\"\x00-\x1f]*$/;
/** What stands for a cut value while the rest is parsed, followed by its index. */
const MARKER = `eventJson-${Math.random().toString(36).slice(2)}-`;

interface Cut {
  start: number;
  end: number;
}

/** The large plain `"data"` strings of `text`, as [start, end) between their quotes; undefined if one of them is not plain. */
function largeValues(text: string): Cut[] | undefined {
  const cuts: Cut[] = [];
  for (let at = text.indexOf(KEY); at !== -1; at = text.indexOf(KEY, at)) {
    let quote = at + KEY.length;
    while (text[quote] === ' ' || text[quote] === '\n' || text[quote] === '\r' || text[quote] === '\t') quote++;
    if (text[quote] !== '"') {
      at = quote;
      continue;
    }
    const start = quote + 1;
    const end = text.indexOf('"', start);
    if (end === -1) return undefined;
    at = end + 1;
    if (end - start < LARGE_VALUE) continue;
    if (!PLAIN.test(text.slice(start, end))) return undefined;
    cuts.push({ start, end });
  }
  return cuts;
}

/** `marker` is for tests, to make a marker that the event itself holds. */
export function parseEventJson(text: string, marker = MARKER): unknown {
  if (text.length < LARGE_EVENT) return JSON.parse(text);
  const cuts = largeValues(text);
  if (!cuts || cuts.length === 0) return JSON.parse(text);
  const pieces: string[] = [];
  let from = 0;
  cuts.forEach((cut, i) => {
    pieces.push(text.slice(from, cut.start), marker, String(i));
    from = cut.end;
  });
  pieces.push(text.slice(from));
  let restored = 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(pieces.join(''), (_key, value: unknown) => {
      if (typeof value !== 'string' || !value.startsWith(marker)) return value;
      const cut = cuts[Number(value.slice(marker.length))];
      if (!cut) return value;
      restored++;
      return text.slice(cut.start, cut.end);
    });
  } catch {
    return JSON.parse(text);
  }
  return restored === cuts.length ? parsed : JSON.parse(text);
}
