// What the user typed, in a Markdown export. The chat view shows a question as plain text, line by line
// (its asterisks, hashes and angle brackets as typed), so the export does too: every character Markdown
// would read as markup is escaped, a line break stays a line break, and leading spaces stay (as no-break
// spaces, which no parser reads as an indented code block). Nothing in it can then be a Markdown link,
// an image or raw HTML either (a viewer may still make a bare web address a link, as it would anywhere).

/**
 * Characters with a meaning somewhere in CommonMark or GitHub's Markdown; a backslash makes each literal.
 * `<` only where it could open a tag or an autolink, `&` only where it could start an entity: the raw
 * file stays readable where they are plain (`a < b`, `R&D`).
 */
const MARKUP = /[\\`*_[\]>|~#]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/g;
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
