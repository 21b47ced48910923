// An answer's text as the reader sees it in the view: the words without the Markdown around them
// ("## Summary" is the heading "Summary", "**bold**" is "bold", a fence is its code). Search Chats
// matches and shows this text, so a snippet reads like the answer and a hit never lands on markup.
import MarkdownIt, { type Token } from 'markdown-it';

// As the view parses answers: raw HTML is not HTML there (it is shown as text), nor here.
const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

function inlineText(children: readonly Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') text += inlineText(child.children ?? []);
    else if (child.type === 'text' || child.type === 'code_inline') text += child.content;
  }
  return text;
}

export function readerText(markdown: string): string {
  const blocks: string[] = [];
  for (const token of parser.parse(markdown, {})) {
    if (token.type === 'inline') blocks.push(inlineText(token.children ?? []));
    else if (token.type === 'fence' || token.type === 'code_block') blocks.push(token.content.replace(/\n$/, ''));
  }
  return blocks.join('\n\n');
}
