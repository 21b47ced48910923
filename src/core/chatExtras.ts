// What a chat's requests carry besides the conversation, in words: the user should know that an
// instruction or a tool shapes every answer (a workspace setting may have put it there). The view's
// header and the Markdown export both show it.
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
  return extras;
}
