// The extension's settings as plain data, and the chat config a new chat starts with. Pure (no
// 'vscode'): src/host/settings.ts reads VS Code's configuration into this shape, tests build it directly.
import type { GenerateContentConfig, SafetySetting, Tool } from '../core/types';

export type Provider = 'gemini' | 'vertex';

export interface ChatSettings {
  model: string;
  /** Where requests go (Gemini API only); undefined = the public endpoint. Read from user settings only. */
  baseUrl?: string;
  apiVersion?: string;
  provider: Provider;
  vertex: { project?: string; location: string };
  systemInstruction?: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxOutputTokens?: number;
  stopSequences: string[];
  candidateCount?: number;
  thinking: { includeThoughts: boolean; budget?: number };
  safetySettings: SafetySetting[];
  tools: { googleSearch: boolean; codeExecution: boolean };
  retry: { maxAttempts: number };
  attachments: { maxInlineBytes: number };
}

export const DEFAULT_MODEL = 'gemini-2.5-flash';

export const DEFAULT_SETTINGS: ChatSettings = {
  model: DEFAULT_MODEL,
  provider: 'gemini',
  vertex: { location: 'us-central1' },
  stopSequences: [],
  thinking: { includeThoughts: false },
  safetySettings: [],
  tools: { googleSearch: false, codeExecution: false },
  retry: { maxAttempts: 5 },
  attachments: { maxInlineBytes: 10 * 1024 * 1024 },
};

/** The API takes at most this many stop sequences (package.json declares the same). */
export const MAX_STOP_SEQUENCES = 5;

/**
 * A chat's config as a request carries it: a chat saved before the settings were held to the API's
 * limits, or imported, may hold more stop sequences than the API takes; the first ones are sent.
 */
export function withinApiLimits<T extends { stopSequences?: string[] } | undefined>(config: T): T {
  if (!config?.stopSequences || config.stopSequences.length <= MAX_STOP_SEQUENCES) return config;
  return { ...config, stopSequences: config.stopSequences.slice(0, MAX_STOP_SEQUENCES) };
}

/** The config a new chat is started with (and keeps: later settings changes apply to new chats only). */
export function chatConfigFrom(s: ChatSettings): Omit<GenerateContentConfig, 'abortSignal'> {
  const config: Omit<GenerateContentConfig, 'abortSignal'> = {};
  if (s.systemInstruction?.trim()) config.systemInstruction = s.systemInstruction;
  if (s.temperature !== undefined) config.temperature = s.temperature;
  if (s.topP !== undefined) config.topP = s.topP;
  if (s.topK !== undefined) config.topK = s.topK;
  if (s.maxOutputTokens !== undefined) config.maxOutputTokens = s.maxOutputTokens;
  if (s.stopSequences.length > 0) config.stopSequences = [...s.stopSequences];
  if (s.candidateCount !== undefined && s.candidateCount > 1) config.candidateCount = s.candidateCount;
  if (s.thinking.includeThoughts || s.thinking.budget !== undefined) {
    config.thinkingConfig = {};
    if (s.thinking.includeThoughts) config.thinkingConfig.includeThoughts = true;
    if (s.thinking.budget !== undefined) config.thinkingConfig.thinkingBudget = s.thinking.budget;
  }
  if (s.safetySettings.length > 0) config.safetySettings = s.safetySettings.map((x) => ({ ...x }));
  const tools: Tool[] = [];
  if (s.tools.googleSearch) tools.push({ googleSearch: {} });
  if (s.tools.codeExecution) tools.push({ codeExecution: {} });
  if (tools.length > 0) config.tools = tools;
  return config;
}
