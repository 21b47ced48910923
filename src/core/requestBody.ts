// Builds request bodies the way the official SDKs do: the flat config is split into the request's
// top-level fields and `generationConfig` (sent even when empty: every recording shows
// `"generationConfig": {}`), and a message (string, Part, or array of both) becomes one user Content.
import { InvalidInputError } from './errors';
import type { Content, GenerateContentConfig, MessageInput, Part, PartUnion } from './types';

/** Config keys that sit at the top level of the request body. */
const TOP_LEVEL_KEYS = new Set(['systemInstruction', 'safetySettings', 'tools', 'toolConfig', 'cachedContent', 'labels']);
/** Config keys that only steer the client and are never sent. */
const LOCAL_KEYS = new Set(['abortSignal', 'automaticFunctionCalling', 'httpOptions']);

export interface GenerateContentRequestBody {
  contents: Content[];
  systemInstruction?: Content;
  generationConfig: Record<string, unknown>;
  [field: string]: unknown;
}

function toPart(p: PartUnion): Part {
  return typeof p === 'string' ? { text: p } : p;
}

/** `systemInstruction` as a Content: a string or a Part becomes `{parts:[…]}`. */
function toSystemInstruction(value: NonNullable<GenerateContentConfig['systemInstruction']>): Content {
  if (typeof value === 'string') return { parts: [{ text: value }] };
  if (Array.isArray((value as Content).parts)) return value as Content;
  return { parts: [value as Part] };
}

export function buildGenerateContentBody(contents: Content[], config: GenerateContentConfig = {}): GenerateContentRequestBody {
  const body: GenerateContentRequestBody = { contents, generationConfig: {} };
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || LOCAL_KEYS.has(key)) continue;
    if (key === 'systemInstruction') body.systemInstruction = toSystemInstruction(value as NonNullable<GenerateContentConfig['systemInstruction']>);
    else if (TOP_LEVEL_KEYS.has(key)) body[key] = value;
    else body.generationConfig[key] = value;
  }
  return body;
}

function isContent(value: unknown): value is Content {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as Content).parts);
}

function isEmptyPart(p: Part): boolean {
  return Object.values(p).every((v) => v === undefined);
}

/** True when the part carries nothing worth sending: no field at all, or only blank text. */
function isBlankPart(p: Part): boolean {
  const keys = Object.keys(p).filter((k) => p[k] !== undefined);
  return keys.length === 0 || (keys.length === 1 && keys[0] === 'text' && typeof p.text === 'string' && p.text.trim() === '');
}

/**
 * The user Content for one message (rule 1). Refuses, before any request, a message with no parts,
 * one whose parts are all blank text, or any part that is empty (`{}`) or not an object.
 */
export function toUserContent(message: MessageInput | Content): Content {
  // A whole user Content (e.g. one kept in a transcript, sent again) is taken for its parts: a Content
  // also type-checks as a Part, and sent as one it would be a bad request.
  if (isContent(message)) {
    if (message.role !== undefined && message.role !== 'user') {
      throw new InvalidInputError(`A message must be a user turn, not role ${JSON.stringify(message.role)}.`);
    }
    return toUserContent(message.parts);
  }
  const items = Array.isArray(message) ? message : [message];
  const parts: Part[] = [];
  for (const item of items) {
    if (typeof item !== 'string' && (typeof item !== 'object' || item === null || Array.isArray(item) || isContent(item))) {
      throw new InvalidInputError('A message part must be a string or a Part object.');
    }
    const part = toPart(item);
    if (isEmptyPart(part)) throw new InvalidInputError('A message part is empty ({}).');
    parts.push(part);
  }
  if (parts.length === 0 || parts.every(isBlankPart)) throw new InvalidInputError('The message is empty.');
  return { role: 'user', parts };
}

/** Vertex-style examples: input/output pairs sent before the history as user/model turns (rule 12). */
export interface ChatExample {
  input: MessageInput;
  output: MessageInput;
}

export function examplesToContents(examples: readonly ChatExample[] | undefined): Content[] {
  return (examples ?? []).flatMap((e) => [
    { role: 'user', parts: toUserContent(e.input).parts },
    { role: 'model', parts: toUserContent(e.output).parts },
  ]);
}
