// What an API key can hold. A key travels in an HTTP header, which carries visible ASCII only: a key
// copied from a document or a chat often brings a curly quote or an invisible character with it, and
// then every request would fail before it is sent, with a message about a header.

/** The first character of `key` that a header cannot carry, and its position (from 1). */
export function unsendableCharacter(key: string): { character: string; position: number } | undefined {
  const at = key.search(/[^\x21-\x7e]/);
  if (at < 0) return undefined;
  const character = String.fromCodePoint(key.codePointAt(at) ?? 0);
  return { character, position: at + 1 };
}

/** "the character “ (U+201C)", or for one that shows nothing, "an invisible character (U+200B)". */
export function describeCharacter(character: string): string {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `the character ${character} (${code})` : `an invisible character (${code})`;
}
