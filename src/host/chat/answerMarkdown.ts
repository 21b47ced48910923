// Model output → the Markdown the webview renders. The webview knows no Gemini types, so every part
// kind is turned into text here: text as is, code the model ran as a fenced block, its result as a
// fenced `output` block, a function call and its result as their name and fenced JSON; thought
// summaries go apart (folded away).
// Each part renders on its own, so the Markdown of a whole answer is the concatenation of its chunks'
// Markdown: a streamed delta and the final text always agree.
import { toolPartMarkdown } from '../../core/export/toolPartMarkdown';
import type { Content, Part } from '../../core/types';

export interface RenderedParts {
  text: string;
  thought: string;
}

/**
 * A thought summary opens with its title in bold ("**Weighing the options**"), and each comes as a part
 * of its own, joined to the one before with nothing between: one that opens so starts a new paragraph,
 * or its title ran into the end of the last summary as inline bold.
 */
const SUMMARY_TITLE = /^\*\*\S/;

export function renderPart(p: Part): RenderedParts {
  if (typeof p.text === 'string') {
    if (!p.thought) return { text: p.text, thought: '' };
    return { text: '', thought: SUMMARY_TITLE.test(p.text) ? `\n\n${p.text}` : p.text };
  }
  const tool = toolPartMarkdown(p);
  if (tool !== undefined) return { text: `\n\n${tool}\n\n`, thought: '' };
  if (p.inlineData) return { text: `\n\n[${p.inlineData.mimeType} attachment]\n\n`, thought: '' };
  if (p.fileData) return { text: `\n\n[file: ${p.fileData.mimeType ?? 'file'}]\n\n`, thought: '' };
  return { text: '', thought: '' };
}

export function renderContents(contents: readonly Content[]): RenderedParts {
  let text = '';
  let thought = '';
  for (const c of contents) {
    for (const p of c.parts ?? []) {
      const r = renderPart(p);
      text += r.text;
      thought += r.thought;
    }
  }
  return { text, thought };
}
