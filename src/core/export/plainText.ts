// What the user typed, in a Markdown export. The chat view shows a question as plain text, line by line
// (its asterisks, hashes and angle brackets as typed), so the export does too: every character Markdown
// would read as markup is escaped, a line break stays a line break, and leading spaces stay (as no-break
// spaces, which no parser reads as an indented code block). Nothing in it can then be a link, an image
// or raw HTML either.

/** Characters with a meaning somewhere in CommonMark or GitHub's Markdown; a backslash makes each literal. */
const MARKUP = /[\\`*_[\]<>|~&#]/g;
/** A line start that would begin a list, a setext underline or a thematic break. */
const LINE_START = /^([-+=]|\d+(?=[.)]))/;

function escapeLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)![0];
  const rest = line.slice(indent.length).replace(MARKUP, '\\$&');
  const start = LINE_START.exec(rest);
  const escaped = start ? (/\d/.test(start[1]!) ? `${start[1]}\\${rest.slice(start[1]!.length)}` : `\\${rest}`) : rest;
  return '\u00a0'.repeat(indent.replace(/\t/g, '    ').length) + escaped;
}

export function plainTextMarkdown(text: string): string {
  const lines = text.split(/\r\n?|\n/).map((line) => (line.trim() ? escapeLine(line.trimEnd()) : ''));
  // Within a paragraph each line ends with a hard break (a backslash), as the view breaks it.
  return lines.map((line, i) => (line && lines[i + 1] ? `${line}\\` : line)).join('\n');
}
