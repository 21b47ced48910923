// Model output → the Markdown the webview renders. The webview knows no Gemini types, so every part
// kind is turned into text here: text as is, code the model ran as a fenced block, its result as a
// fenced `output` block, function calls as fenced JSON; thought summaries go apart (folded away).
// Each part renders on its own, so the Markdown of a whole answer is the concatenation of its chunks'
// Markdown: a streamed delta and the final text always agree.
import type { Content, Part } from '../../core/types';

export interface RenderedParts {
  text: string;
  thought: string;
}

/** A fence longer than any backtick run in the code, so model output cannot close it early. */
function fence(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(info: string, code: string): string {
  const f = fence(code);
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return `\n\n${f}${info}\n${body}${f}\n\n`;
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
  if (p.functionCall) return { text: fenced('json', JSON.stringify({ functionCall: p.functionCall }, null, 2)), thought: '' };
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
