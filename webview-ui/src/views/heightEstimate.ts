// The height an exchange will have once rendered, guessed from its text and the width it will get.
// Until an exchange comes near the viewport it is an empty box of this height, so the guess sets the
// scrollbar of a long chat and how much the view shifts as the reader scrolls into answers not rendered
// yet. Guessing per source line follows the view's layout: prose wraps at the width, code keeps one line
// per line, headings and code blocks have their own heights. The figures are the stylesheet's (main.css).

const TEXT_LINE = 19.5;
const CODE_LINE = 18;
/** A paragraph's margin, and so a blank line's share of the page. */
const BLOCK_GAP = 6.5;
const HEADING = 42;
/** A code block's padding, its toolbar and its margins, besides its lines. */
const CODE_BLOCK = 45;
/** The average width of a character of the view's 13 px text. */
const CHAR_WIDTH = 6.6;
/** How far lists and quotes are indented. */
const INDENT = 40;
/** The answer's header and footer; the question's header and padding; the exchange's own padding. */
const ANSWER_CHROME = 58;
const QUESTION_CHROME = 38;
const QUESTION_LINE = 15;
const EXCHANGE_CHROME = 9;
/** The text width when the view has none to measure (it is hidden): a side bar's usual width. */
export const DEFAULT_TEXT_WIDTH = 400;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_OR_QUOTE = /^\s*(?:[-*+>]|\d+[.)])\s/;

function wrapped(length: number, perLine: number): number {
  return Math.max(1, Math.ceil(length / perLine));
}

/** The rendered height of `markdown` in a column `width` px wide. */
export function markdownHeight(markdown: string, width: number): number {
  const perLine = Math.max(10, Math.floor(width / CHAR_WIDTH));
  const indentedPerLine = Math.max(10, Math.floor((width - INDENT) / CHAR_WIDTH));
  let height = 0;
  let fence: string | undefined;
  for (let start = 0; start <= markdown.length; ) {
    let end = markdown.indexOf('\n', start);
    if (end === -1) end = markdown.length;
    const line = markdown.slice(start, end);
    start = end + 1;
    const opens = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (opens?.startsWith(fence)) fence = undefined;
      else height += CODE_LINE;
    } else if (opens) {
      fence = opens;
      height += CODE_BLOCK;
    } else if (line.trim() === '') height += BLOCK_GAP;
    else if (line.startsWith('#')) height += HEADING;
    else if (LIST_OR_QUOTE.test(line)) height += wrapped(line.length, indentedPerLine) * TEXT_LINE;
    else height += wrapped(line.length, perLine) * TEXT_LINE;
  }
  return Math.round(height);
}

/** The answer's article: its Markdown and its header and footer. */
function answerHeight(markdown: string, width: number): number {
  return ANSWER_CHROME + (markdown ? markdownHeight(markdown, width) : 0);
}

/** The whole exchange: the question (plain text that wraps) and the answer. */
export function exchangeHeight(question: string, markdown: string, width: number): number {
  const perLine = Math.max(10, Math.floor(width / CHAR_WIDTH));
  const questionLines = question.split('\n').reduce((n, line) => n + wrapped(line.length, perLine), 0);
  return EXCHANGE_CHROME + QUESTION_CHROME + questionLines * QUESTION_LINE + answerHeight(markdown, width);
}
