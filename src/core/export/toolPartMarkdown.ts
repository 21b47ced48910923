// The Markdown of the model's parts that are not text (code it ran, that code's result, a function call
// and its result): one wording for the chat view and the Markdown export.
import type { Part } from '../types';
import { fencedBlock } from './fence';

/** A function's name as inline code; the name comes from the model, so nothing in it may end the span. */
function codeSpan(name: string | undefined): string {
  return `\`${(name ?? 'a function').replace(/[`\r\n]/g, '') || 'a function'}\``;
}

const OUTCOMES: Readonly<Record<string, string>> = {
  OUTCOME_FAILED: 'The code failed.',
  OUTCOME_DEADLINE_EXCEEDED: 'The code ran out of time.',
};

/** The part as a Markdown block (no blank lines around it), or undefined for text and data parts. */
export function toolPartMarkdown(p: Part): string | undefined {
  if (p.executableCode) {
    const language = (p.executableCode.language ?? '').toLowerCase();
    return fencedBlock(p.executableCode.code ?? '', language === 'language_unspecified' ? '' : language.replace(/[^a-z0-9+#-]/g, '')).trimEnd();
  }
  if (p.codeExecutionResult) {
    // How the run ended goes after its output, in words: inside the block it would read as printed, and be copied with it.
    const { outcome, output } = p.codeExecutionResult;
    const ended = outcome && outcome !== 'OUTCOME_OK' ? (OUTCOMES[outcome] ?? `The code did not finish (${outcome.replace(/[^\w]/g, '')}).`) : undefined;
    const block = output || !ended ? fencedBlock(output ?? '', 'output').trimEnd() : undefined;
    return [block, ended].filter(Boolean).join('\n\n');
  }
  if (p.functionCall) return `Function call ${codeSpan(p.functionCall.name)}:\n\n${fencedBlock(JSON.stringify(p.functionCall.args ?? {}, null, 2), 'json').trimEnd()}`;
  if (p.functionResponse) return `Function result ${codeSpan(p.functionResponse.name)}:\n\n${fencedBlock(JSON.stringify(p.functionResponse.response ?? {}, null, 2), 'json').trimEnd()}`;
  return undefined;
}
