// The JSON a chat is exported as, and read back from: `history` is the conversation in the Gemini
// `Content[]` shape (pass it as `history` to any official SDK's chats.create), the rest is metadata
// that lets an import rebuild the chat as it was shown. Imports are checked with zod; the Contents that
// pass are then taken from the file as written, so thought signatures and inline data stay byte for byte.
import * as z from 'zod';
import type { AttachmentRecord, ChatRecord } from '../transcript';
import { historyOf, isArriving, isSentAsHistory } from '../transcript';
import type { Content, UsageMetadata } from '../types';
import { ATTACHMENT_KINDS } from '../../shared/protocol';
import { SHA256_HEX } from '../store/blobParts';

export const CHAT_JSON_FORMAT = 'gemini-chat';
export const CHAT_JSON_VERSION = 1;

/**
 * An attachment sent through the Files API is in `history` as a `fileUri`, a copy that expires and
 * belongs to one account: the export carries its bytes (base64), which an import keeps with the chat
 * and uploads again when the chat goes on.
 */
export type ExportedAttachment = AttachmentRecord & { data?: string };

export interface ExportedExchange {
  id: string;
  createdAt: number;
  /** What the user typed. */
  text: string;
  attachments: ExportedAttachment[];
  /** How many consecutive entries of `history` this exchange holds (its user entry and model entries). */
  contents: number;
  finishReason?: string;
  /** The model asked for this answer (a chat's model can change along the way). */
  modelName?: string;
  status: 'complete' | 'stopped';
  /** The answer's token counts, as the chat showed them. */
  usage?: UsageMetadata;
}

export interface ChatJson {
  format: typeof CHAT_JSON_FORMAT;
  version: typeof CHAT_JSON_VERSION;
  title: string;
  model: string;
  config: ChatRecord['config'];
  createdAt: number;
  exportedAt: number;
  history: Content[];
  exchanges: ExportedExchange[];
}

/** The chat's conversation (what the next request would send) with its metadata. */
export function chatToJson(chat: ChatRecord, exportedAt: number): ChatJson {
  const exchanges = chat.exchanges.filter(isSentAsHistory).map(
    (e): ExportedExchange => ({
      id: e.id,
      createdAt: e.createdAt,
      text: e.text,
      attachments: e.attachments,
      contents: 1 + e.model.length,
      ...(e.finishReason ? { finishReason: e.finishReason } : {}),
      ...(e.modelName ? { modelName: e.modelName } : {}),
      status: e.status === 'stopped' ? 'stopped' : 'complete',
      ...(e.usage ? { usage: e.usage } : {}),
    }),
  );
  return {
    format: CHAT_JSON_FORMAT,
    version: CHAT_JSON_VERSION,
    title: chat.title,
    model: chat.model,
    config: chat.config,
    createdAt: chat.createdAt,
    exportedAt,
    history: historyOf(chat),
    exchanges,
  };
}

/**
 * Adds the bytes of the attachments sent through the Files API (kept with the chat by sha256) to the
 * export, so the file holds the whole conversation. Returns the labels of those whose bytes were not
 * found.
 */
export async function addUploadedBytes(json: ChatJson, read: (sha256: string) => Promise<Uint8Array | undefined>): Promise<string[]> {
  const missing: string[] = [];
  for (const exchange of json.exchanges) {
    exchange.attachments = await Promise.all(
      exchange.attachments.map(async (a) => {
        if (!a.upload) return a;
        const bytes = a.sha256 ? await read(a.sha256) : undefined;
        if (!bytes) missing.push(a.label);
        return bytes ? { ...a, data: Buffer.from(bytes).toString('base64') } : a;
      }),
    );
  }
  return missing;
}

/**
 * What the JSON export leaves out of what the chat shows, in words, or undefined when nothing: answers
 * that did not finish (interrupted, failed, blocked) are not part of the conversation, an answer still
 * arriving is not yet, and of several candidates only the one shown is.
 */
export function leftOutNote(chat: ChatRecord): string | undefined {
  const left = chat.exchanges.filter((e) => !isSentAsHistory(e));
  const arriving = left.filter(isArriving).length;
  const unfinished = left.length - arriving;
  const notes: string[] = [];
  if (unfinished === 1) notes.push('One exchange whose answer did not finish was left out: it is not part of the conversation sent to Gemini.');
  if (unfinished > 1) notes.push(`${unfinished} exchanges whose answers did not finish were left out: they are not part of the conversation sent to Gemini.`);
  if (arriving > 0) notes.push('The answer still arriving was left out: export again once it is complete.');
  // The export is the conversation: an answer's other candidates were never part of it.
  const withOthers = chat.exchanges.filter((e) => isSentAsHistory(e) && (e.candidates?.length ?? 0) > 1).length;
  if (withOthers > 0) notes.push(`${withOthers === 1 ? 'One answer has' : `${withOthers} answers have`} other candidates, left out: the export keeps the one shown.`);
  return notes.length ? notes.join(' ') : undefined;
}

// ---- the import's schema ----

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

const partSchema = z
  .looseObject({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    inlineData: z.looseObject({ mimeType: z.string().min(1, 'needs a mimeType'), data: base64 }).optional(),
    fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string().min(1, 'needs a fileUri') }).optional(),
    functionCall: z.looseObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() }).optional(),
    functionResponse: z.looseObject({ name: z.string().min(1), response: z.record(z.string(), z.unknown()) }).optional(),
    executableCode: z.looseObject({ code: z.string() }).optional(),
    codeExecutionResult: z.looseObject({ output: z.string().optional() }).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'is an empty part ({})');

export const contentSchema = z.looseObject({
  role: z.enum(['user', 'model'], 'must be "user" or "model"'),
  parts: z.array(partSchema).min(1, 'has no parts'),
});

export const historySchema = z
  .array(contentSchema, { error: (issue) => (issue.input === undefined ? 'is missing' : 'must be a list of Contents') })
  .min(1, 'is empty: there is no conversation to import');

const attachmentSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  kind: z.enum(ATTACHMENT_KINDS),
  mimeType: z.string(),
  size: z.number().nonnegative(),
  detail: z.string().optional(),
  partCount: z.number().int().nonnegative().optional(),
  sha256: z.string().regex(SHA256_HEX, 'is not a sha256').optional(),
  upload: z.looseObject({ fileUri: z.string(), expiresAt: z.number() }).optional(),
  data: base64.optional(),
});

const exchangeMetaSchema = z.looseObject({
  createdAt: z.number().optional(),
  text: z.string().optional(),
  attachments: z.array(attachmentSchema).optional(),
  contents: z.number().int().positive(),
  finishReason: z.string().optional(),
  modelName: z.string().optional(),
  status: z.enum(['complete', 'stopped']).optional(),
  usage: z
    .looseObject({
      promptTokenCount: z.number().optional(),
      candidatesTokenCount: z.number().optional(),
      totalTokenCount: z.number().optional(),
      thoughtsTokenCount: z.number().optional(),
      cachedContentTokenCount: z.number().optional(),
    })
    .optional(),
});

export const chatJsonSchema = z.looseObject({
  format: z.literal(CHAT_JSON_FORMAT).optional(),
  version: z.literal(CHAT_JSON_VERSION, `is not one this version of Gemini Chat reads (it reads version ${CHAT_JSON_VERSION})`).optional(),
  title: z.string().optional(),
  model: z.string().regex(/^[\w./-]+$/, 'is not a model name').optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.number().optional(),
  history: historySchema,
  exchanges: z.array(exchangeMetaSchema).optional(),
});

