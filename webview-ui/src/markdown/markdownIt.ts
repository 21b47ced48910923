// The one Markdown parser. Raw HTML is off: model output is attacker-controlled, and `<img onerror>`
// must come out as text. Links are validated again after sanitizing (sanitize.ts).
import MarkdownIt, { type Token } from 'markdown-it';
import { highlight } from './highlight';

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  // An empty result: markdown-it escapes the code itself.
  highlight: (code, lang) => highlight(code, lang) ?? '',
});

/**
 * A loose list (CommonMark: items apart by a blank line, or an item of several blocks apart by one) gets
 * the class `md-loose`, and the stylesheet spaces its items. markdown-it shows a loose list only by the
 * paragraphs in its items, and the stylesheet takes the space off an item's first and last child.
 */
md.core.ruler.push('loose_lists', (state) => {
  const lists: Token[] = [];
  for (const token of state.tokens) {
    if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') lists.push(token);
    else if (token.type === 'bullet_list_close' || token.type === 'ordered_list_close') lists.pop();
    else if (token.type === 'paragraph_open' && !token.hidden) {
      const list = lists[lists.length - 1];
      if (list && token.level === list.level + 2) list.attrSet('class', 'md-loose');
    }
  }
});

/**
 * A table column's alignment (`---:`, `:---:`) becomes a class (`md-align-right`, `md-align-center`,
 * `md-align-left`): markdown-it writes it as a `style` attribute, which the sanitizer drops and the
 * view's Content Security Policy would block anyway.
 */
md.core.ruler.push('table_alignment', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = /^text-align:(left|right|center)$/.exec(String(token.attrGet('style') ?? ''))?.[1];
    if (!token.attrs || !align) continue;
    token.attrs = token.attrs.filter(([name]) => name !== 'style');
    token.attrJoin('class', `md-align-${align}`);
  }
});

/**
 * A task list item (`- [ ] to do`, `- [x] done`, as GitHub writes them) shows an empty or a checked box
 * in place of its brackets; a screen reader hears "To do:" or "Done:". The task-list plugins for
 * markdown-it either do not load with version 15 or draw form inputs, which the sanitizer keeps out.
 * After text_join, so the brackets are in the item's first text token.
 */
const TASK = /^\[([ xX])\] /;
md.core.ruler.push('task_lists', (state) => {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i] as Token;
    if (inline.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || tokens[i - 2]?.type !== 'list_item_open') continue;
    const first = inline.children?.[0];
    const match = first?.type === 'text' ? TASK.exec(first.content) : null;
    if (!first || !match) continue;
    const done = match[1] !== ' ';
    first.content = first.content.slice(match[0].length);
    const box = new state.Token('html_inline', '', 0);
    box.content = `<span class="md-task codicon codicon-${done ? 'pass-filled' : 'circle-large-outline'}"><span class="visually-hidden">${done ? 'Done: ' : 'To do: '}</span></span>`;
    inline.children?.unshift(box);
    tokens[i - 2]?.attrJoin('class', 'md-task-item');
  }
});

/** State shared by the blocks of one answer, so reference-style links defined earlier resolve later. */
export type MarkdownEnv = Record<string, unknown>;
