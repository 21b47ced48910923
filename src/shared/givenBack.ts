// A message given back to a message box (it did not go, or got nothing to read) goes before what was
// typed there since, so neither is lost; a copy of it already there, which the user went on writing,
// stays as they left it. One rule for the view's box and for the boxes the host keeps.
export function withGivenBack(given: string, typed: string): string {
  if (typed.startsWith(given)) return typed;
  return typed.trim() ? `${given}\n\n${typed}` : given;
}

/** The given-back copy taken out again (it was sent again): what is left, or `typed` as it is when the user changed the copy. */
export function withoutGivenBack(given: string, typed: string): string {
  if (typed === given) return '';
  return typed.startsWith(`${given}\n\n`) ? typed.slice(given.length + 2) : typed;
}
