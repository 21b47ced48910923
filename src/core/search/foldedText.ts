// Text folded for matching (lower case, accents removed, so "Café" matches "cafe"), with a map back to
// the original, so a hit found in the folded text can be cut out of the text the user wrote.

export interface FoldedText {
  folded: string;
  /** For each code unit of `folded`, the index in the original it came from. */
  origin: number[];
}

export function foldChar(ch: string): string {
  return ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function fold(text: string): FoldedText {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const ch of text) {
    // Plain ASCII (most of any chat) needs no normalization.
    const f = ch.charCodeAt(0) < 128 ? ch.toLowerCase() : foldChar(ch);
    folded += f;
    for (let i = 0; i < f.length; i++) origin.push(index);
    index += ch.length;
  }
  origin.push(index);
  return { folded, origin };
}

export function foldQuery(query: string): string {
  return fold(query.trim().replace(/\s+/g, ' ')).folded;
}
