// Model output → the Markdown the webview renders. The webview knows no Gemini types, so every part
// kind is turned into text here: text as is, code the model ran as a fenced block, its result as a
// fenced `output` block, a function call and its result as their name and fenced JSON; thought
// summaries go apart (folded away).
// Each part renders on its own, so the Markdown of a whole answer is the concatenation of its chunks'
// Markdown: a streamed delta and the final text always agree.
import { fencedBlock } from '../../core/export/fence';
import type { Content, Part } from '../../core/types';

export interface RenderedParts {
  text: string;
  thought: string;
}

function fenced(info: string, code: string): string {
  return `\n\n${fencedBlock(code, info)}\n`;
}

/** A function's name as inline code; the name comes from the model, so nothing in it may end the span. */
function codeSpan(name: string | undefined): string {
  return `\`${(name ?? 'a function').replace(/[`\r\n]/g, '') || 'a function'}\``;
}

export function renderPart(p: Part): RenderedParts {
  if (typeof p.text === 'string') return p.thought ? { text: '', thought: p.text } : { text: p.text, thought: '' };
  if (p.executableCode) {
    const lang = (p.executableCode.language ?? '').toLowerCase().replace(/[^a-z0-9+#-]/g, '');
    return { text: fenced(lang === 'language_unspecified' ? '' : lang, p.executableCode.code ?? ''), thought: '' };
  }
  if (p.codeExecutionResult) {
    const outcome = p.codeExecutionResult.outcome && p.codeExecutionResult.outcome !== 'OUTCOME_OK' ? ` (${p.codeExecutionResult.outcome})` : '';
    return { text: fenced('output', (p.codeExecutionResult.output ?? '') + outcome), thought: '' };
  }
  // Worded as the Markdown export words them.
  if (p.functionCall) return { text: `\n\nFunction call ${codeSpan(p.functionCall.name)}:${fenced('json', JSON.stringify(p.functionCall.args ?? {}, null, 2))}`, thought: '' };
  if (p.functionResponse) return { text: `\n\nFunction result ${codeSpan(p.functionResponse.name)}:${fenced('json', JSON.stringify(p.functionResponse.response ?? {}, null, 2))}`, thought: '' };
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
