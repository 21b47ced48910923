// Code fences that content cannot close. CommonMark closes a backtick fence with a run of at least as
// many backticks, so the fence must be longer than the longest run inside (and at least three).

/** A backtick fence longer than any backtick run in `content`. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `content` as a fenced code block tagged with `language`, ending in a newline. */
export function fencedBlock(content: string, language = ''): string {
  const fence = fenceFor(content);
  // An info string must not hold backticks or line breaks; anything else in it is harmless.
  const info = language.replace(/[`\s]+/g, '');
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${fence}${info}\n${body}${fence}\n`;
}
