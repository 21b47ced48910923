// What a chat's requests carry besides the conversation, in words: the user should know that an
// instruction, a tool or the sampling settings shape every answer (a workspace setting may have put them
// there, and a chat keeps the settings it started with). The view's header and the Markdown export both
// show it.
import type { ChatRecord } from './transcript';
import type { Content, Part } from './types';

export interface ChatExtra {
  label: string;
  detail: string;
}

const isContent = (x: Part | Content): x is Content => Array.isArray((x as Content).parts);

export function chatExtras(config: ChatRecord['config']): ChatExtra[] {
  const extras: ChatExtra[] = [];
  const instruction = config?.systemInstruction;
  if (instruction) {
    const parts: Part[] = typeof instruction === 'string' ? [{ text: instruction }] : isContent(instruction) ? instruction.parts : [instruction];
    extras.push({ label: 'System instruction', detail: parts.map((p) => p.text ?? '').join('') });
  }
  if (config?.tools?.some((t) => t.googleSearch)) extras.push({ label: 'Google Search', detail: 'Answers may search the web with Google Search.' });
  if (config?.tools?.some((t) => t.codeExecution)) extras.push({ label: 'Code execution', detail: 'Gemini may write and run code to answer.' });
  if (config?.safetySettings?.length) extras.push({ label: 'Safety settings', detail: config.safetySettings.map((s) => `${s.category}: ${s.threshold}`).join('\n') });
  const answers = answerSettings(config);
  if (answers.length) extras.push({ label: 'Answer settings', detail: answers.join('; ') });
  return extras;
}

/** How answers are drawn and cut, where the chat sets it (the model's defaults otherwise). */
function answerSettings(config: ChatRecord['config']): string[] {
  const out: string[] = [];
  if (config?.temperature !== undefined) out.push(`temperature ${config.temperature}`);
  if (config?.topP !== undefined) out.push(`top-p ${config.topP}`);
  if (config?.topK !== undefined) out.push(`top-k ${config.topK}`);
  if (config?.maxOutputTokens !== undefined) out.push(`at most ${config.maxOutputTokens} tokens per answer`);
  if (config?.stopSequences?.length) out.push(`stops at ${config.stopSequences.map((s) => JSON.stringify(s)).join(', ')}`);
  if (config?.candidateCount !== undefined && config.candidateCount > 1) out.push(`${config.candidateCount} answers per message`);
  const budget = config?.thinkingConfig?.thinkingBudget;
  if (budget !== undefined) out.push(budget === 0 ? 'no thinking' : budget < 0 ? 'thinking as the model decides' : `thinking budget ${budget} tokens`);
  return out;
}
