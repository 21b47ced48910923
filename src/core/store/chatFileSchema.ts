// The schema a chat must pass on load, whole (the one-file form) or line by line (a chat log,
// chatLog.ts). Files are written by this extension, but a file can be damaged on disk, edited by hand
// or written by an older version: anything that does not match is set aside, never half-loaded.
// Unknown fields inside Gemini parts are kept (history is stored exactly as received).
// A namespace import, as in every file that uses zod: the bundler keeps only the schema builders used
// (zod's `z` object would pull in all of zod, locales included: ~360 KB more in dist/chatHost.js).
import * as z from 'zod';
import { ANSWER_STATUSES, ATTACHMENT_KINDS, USER_ACTIONS } from '../../shared/protocol';
import { TRANSCRIPT_VERSION, type ChatRecord } from '../transcript';
import { SHA256_HEX } from './blobParts';

/** Chat ids name files: only this shape is ever used as one. */
const CHAT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const statusSchema = z.enum(ANSWER_STATUSES);
const actionSchema = z.enum(USER_ACTIONS);

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() }).optional(),
});

const contentSchema = z.looseObject({ role: z.string().optional(), parts: z.array(partSchema) });

const attachmentSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  kind: z.enum(ATTACHMENT_KINDS),
  mimeType: z.string(),
  size: z.number(),
  detail: z.string().optional(),
  sha256: z.string().regex(SHA256_HEX).optional(),
  upload: z.object({ fileUri: z.string(), expiresAt: z.number() }).optional(),
  partCount: z.number().int().nonnegative().optional(),
});

export const exchangeSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.number(),
  text: z.string(),
  attachments: z.array(attachmentSchema),
  user: contentSchema,
  model: z.array(contentSchema),
  modelName: z.string().optional(),
  candidates: z.array(z.array(contentSchema)).optional(),
  candidateIndex: z.number().int().nonnegative().optional(),
  candidateFinishReasons: z.array(z.string().nullable()).optional(),
  status: statusSchema,
  error: z.object({ message: z.string(), status: z.number().optional(), action: actionSchema.optional() }).optional(),
  finishReason: z.string().optional(),
  usage: z.record(z.string(), z.unknown()).optional(),
  sources: z.array(z.object({ title: z.string(), uri: z.string() })).optional(),
  retryingAfter: z.string().optional(),
  rev: z.number().int().nonnegative().optional(),
});

/** A chat without its exchanges: what a chat log's first and metadata lines hold (chatLog.ts). */
export const chatMetaSchema = z.looseObject({
  version: z.literal(TRANSCRIPT_VERSION),
  id: z.string().regex(CHAT_ID),
  title: z.string(),
  model: z.string(),
  config: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A whole chat in one JSON file: the format before chat logs, still read (and migrated on the next save). */
export const chatFileSchema = chatMetaSchema.extend({
  exchanges: z.array(exchangeSchema),
  removedExchangeIds: z.array(z.string()).optional(),
});

/** Parses a chat file's text; throws an Error that says what is wrong. */
export function parseChatFile(text: string): ChatRecord {
  return parseJsonAs(chatFileSchema, text, 'a chat file') as unknown as ChatRecord;
}

/**
 * Parses JSON text that must match `schema`; throws an Error naming the first thing wrong, after
 * `where` (e.g. `line 3: `) when given: `not valid JSON (…)`, or `not <what>: <path>: <issue>`.
 */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string, what: string, where?: string): T {
  const at = where ? `${where}: ` : '';
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${at}not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${at}not ${what}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'}`);
  }
  return result.data;
}

/** Whether `id` has the shape of a chat id (see CHAT_ID). */
export function isValidChatId(id: string): boolean {
  return CHAT_ID.test(id);
}
