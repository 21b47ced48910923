// Reads a chat exported as JSON (or a bare Gemini `Content[]`) back into a ChatRecord that goes on
// where it stopped. Anything wrong is reported naming where in the file it is; nothing is half-imported.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { titleFrom } from '../titles';
import { TRANSCRIPT_VERSION, type AttachmentRecord, type ChatRecord, type ExchangeRecord } from '../transcript';
import type { Content, Part } from '../types';
import { inlinePartRecord } from '../attachments/inlinePartRecord';
import { isMediaPart } from '../attachments/textParts';
import { sha256Hex } from '../store/blobParts';
import { chatJsonSchema, historySchema } from './chatJson';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

export class ChatImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatImportError';
  }
}

export interface ImportOptions {
  /** The model for a file that names none (a bare history). */
  defaultModel: string;
  now: number;
}

const MAX_ISSUES_SHOWN = 3;

/** `history[3].parts[0].inlineData.data` */
function where(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)), '') || 'the file';
}

function describe(error: z.ZodError, root: PropertyKey[]): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${where([...root, ...i.path])} ${i.message}`);
  const more = error.issues.length > MAX_ISSUES_SHOWN ? ` (and ${error.issues.length - MAX_ISSUES_SHOWN} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** What JSON expects where a broken file goes wrong (jsonc-parser's error codes, in words). */
const EXPECTED: Record<string, string> = {
  CommaExpected: 'a comma was expected',
  ColonExpected: 'a colon was expected',
  ValueExpected: 'a value was expected',
  PropertyNameExpected: 'a property name in double quotes was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file was expected to end',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidEscapeCharacter: 'a string has an escape JSON does not know',
  InvalidCharacter: 'a string has a control character',
};

/** "at line 3, column 12, a comma was expected" for a file JSON.parse refused (its own words give no place). */
function whereJsonBreaks(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const end = first.offset >= text.trimEnd().length ? ' (where the file ends)' : '';
  return `at line ${line}, column ${column}${end}, ${EXPECTED[printParseErrorCode(first.error)] ?? 'something JSON does not allow is found'}`;
}

export interface ImportedChat {
  chat: ChatRecord;
  /** The bytes of attachments the file carries (sent through the Files API), by sha256: to keep with the chat. */
  files: Map<string, Uint8Array>;
}

export function importChatJson(text: string, options: ImportOptions): ChatRecord {
  return importChatFile(text, options).chat;
}

export function importChatFile(text: string, options: ImportOptions): ImportedChat {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // A file that is not JSON at all (Markdown, say) is named by its first line; a broken one by the
    // parser's words, on one line (they quote the file, line breaks and all).
    const start = text.trimStart();
    const first = start.split(/\r?\n/, 1)[0] ?? '';
    // eslint-disable-next-line no-control-regex
    const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(start.slice(0, 512));
    const why = !start
      ? 'This file is empty'
      : /^[[{]/.test(start)
      ? `This file is not valid JSON: ${whereJsonBreaks(text) ?? (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ')}`
      : binary
        ? 'This file is not JSON: it is a binary file'
        : `This file is not JSON: it begins “${first.length > 40 ? `${first.slice(0, 40)}…` : first}”`;
    throw new ChatImportError(`${why}. Choose a chat exported with "Export Chat as JSON…".`);
  }
  const bare = Array.isArray(raw);
  if (!bare && (typeof raw !== 'object' || raw === null || !('history' in raw))) {
    // Some other JSON file: naming a field inside it would not help, saying what to choose does.
    throw new ChatImportError(`This file is not a chat (it has no "history"). Choose a chat exported with "Export Chat as JSON…", or a JSON list of Gemini contents.`);
  }
  if (bare && !(raw as unknown[]).every((c) => typeof c === 'object' && c !== null && ('role' in c || 'parts' in c))) {
    // A list of something else (numbers, other records): as above, say what to choose.
    throw new ChatImportError(`This file is not a chat (a JSON list, but not of Gemini contents, each with a "role" and "parts"). Choose a chat exported with "Export Chat as JSON…", or a JSON list of Gemini contents.`);
  }
  const checked = bare ? historySchema.safeParse(raw) : chatJsonSchema.safeParse(raw);
  if (!checked.success) {
    throw new ChatImportError(`This file cannot be imported as a chat: ${describe(checked.error, bare ? ['history'] : [])}.`);
  }
  const meta: Partial<z.infer<typeof chatJsonSchema>> = bare ? {} : chatJsonSchema.parse(raw);
  // The Contents as written in the file (not zod's copies), so nothing in them is reordered or dropped.
  const history = structuredClone((bare ? raw : (raw as { history: unknown }).history) as Content[]);
  const files = new Map<string, Uint8Array>();
  const exchanges = meta.exchanges ? byMetadata(history, meta.exchanges, options.now, files) : byRoles(history, options.now);
  const first = exchanges[0];
  const chat: ChatRecord = {
    version: TRANSCRIPT_VERSION,
    id: randomUUID(),
    title: meta.title?.trim() || (first ? titleFrom(first.text, 'Imported chat') : 'Imported chat'),
    model: meta.model || options.defaultModel,
    config: meta.config ?? {},
    createdAt: meta.createdAt ?? options.now,
    updatedAt: options.now,
    exchanges,
  };
  return { chat, files };
}

type ExchangeMeta = NonNullable<z.infer<typeof chatJsonSchema>['exchanges']>[number];

function byMetadata(history: Content[], metas: ExchangeMeta[], now: number, files: Map<string, Uint8Array>): ExchangeRecord[] {
  const total = metas.reduce((n, m) => n + m.contents, 0);
  if (total !== history.length) {
    throw new ChatImportError(`This file cannot be imported as a chat: its exchanges cover ${total} entries of history, but history has ${history.length}.`);
  }
  let at = 0;
  return metas.map((m, i) => {
    const [user, ...model] = history.slice(at, at + m.contents);
    at += m.contents;
    if (user?.role !== 'user') throw new ChatImportError(`This file cannot be imported as a chat: exchanges[${i}] does not start with a user entry.`);
    const attached = (m.attachments ?? []).reduce((n, a) => n + (a.partCount ?? 0), 0);
    if (attached > user.parts.length) {
      throw new ChatImportError(`This file cannot be imported as a chat: the attachments of exchanges[${i}] hold ${attached} parts, but its message in history has ${user.parts.length}.`);
    }
    checkAttachmentParts(m.attachments ?? [], user, i, at - m.contents);
    const attachments = m.attachments ? m.attachments.map((a) => attachmentFrom(a, files)) : leadingAttachments(user);
    return exchange(user, model, now, attachments, m);
  });
}

/**
 * Each attachment's parts (they come first in its message, `partCount` each) are of its kind: a file's
 * end with its inline or file data (after its name, as text), a text's or selection's are text. A file
 * whose counts were edited by hand would otherwise show a question's text as a file, and Edit would
 * send it as one.
 */
const isText = (p: Part): boolean => typeof p.text === 'string';

function checkAttachmentParts(attachments: NonNullable<ExchangeMeta['attachments']>, user: Content, exchange: number, entry: number): void {
  let at = 0;
  attachments.forEach((a, j) => {
    if (a.partCount === undefined) return;
    const parts = user.parts.slice(at, at + a.partCount);
    at += a.partCount;
    const isFile = a.kind === 'image' || a.kind === 'binary';
    const fits = a.partCount > 0 && (isFile ? isMediaPart(parts.at(-1)!) && parts.slice(0, -1).every(isText) : parts.every(isText));
    if (!fits) {
      throw new ChatImportError(
        `This file cannot be imported as a chat: exchanges[${exchange}].attachments[${j}] (“${a.label}”) does not match the parts of its message, history[${entry}] (was the file edited by hand?). Export the chat again, or correct its partCount.`,
      );
    }
  });
}

/**
 * An attachment record from the file, with a new id. Bytes it carries go to `files` and its Files API
 * copy counts as expired: it may belong to another account, and the next send uploads the bytes again.
 */
function attachmentFrom(meta: NonNullable<ExchangeMeta['attachments']>[number], files: Map<string, Uint8Array>): AttachmentRecord {
  const { data, ...record } = meta;
  if (data === undefined) return { ...record, id: randomUUID() };
  const bytes = Buffer.from(data, 'base64');
  const sha256 = sha256Hex(bytes);
  files.set(sha256, bytes);
  return { ...record, id: randomUUID(), sha256, ...(record.upload ? { upload: { ...record.upload, expiresAt: 0 } } : {}) };
}

/**
 * Without metadata: a user entry starts an exchange, except a function's result (it continues the turn
 * that called the function). User entries in a row are one message: their parts are joined, in order,
 * so the message shown holds all of them and is sent as one turn.
 */
function byRoles(history: Content[], now: number): ExchangeRecord[] {
  if (history[0]?.role !== 'user') {
    // A session's history may open with the model's turn; a chat here opens with the user's message.
    throw new ChatImportError(
      `This file cannot be imported as a chat: it starts with a “${String(history[0]?.role)}” entry, and a chat starts with your message. Remove the entries before the first “user” entry (or put one before them), then import it again.`,
    );
  }
  const groups: { user: Content; rest: Content[] }[] = [];
  for (const content of history) {
    const current = groups.at(-1);
    const isResult = content.parts.every((p) => p.functionResponse);
    if (current && content.role === 'user' && current.rest.length === 0 && !isResult) current.user = { ...current.user, parts: [...current.user.parts, ...content.parts] };
    else if (current && (content.role === 'model' || isResult)) current.rest.push(content);
    else groups.push({ user: content, rest: [] });
  }
  return groups.map((g) => exchange(g.user, g.rest, now, leadingAttachments(g.user)));
}

/**
 * A bare history has no attachment records: the inline data a message starts with become its
 * attachments, as the extension sends them (first, before the text). Inline data after the text gets
 * its record when shown or edited (pendingAttachments.ts).
 */
function leadingAttachments(user: Content): AttachmentRecord[] {
  const records: AttachmentRecord[] = [];
  for (const part of user.parts) {
    const record = inlinePartRecord(part, randomUUID(), records.length + 1);
    if (!record) break;
    // The name the store keeps its bytes under once the chat is saved (chatStore.ts): its chip shows the
    // image from there, and opening it shows the copy.
    records.push({ ...record, sha256: sha256Hex(Buffer.from(part.inlineData?.data ?? '', 'base64')) });
  }
  return records;
}

/**
 * What the message shows as typed: the text parts after its attachments' parts, so the view shows
 * what Gemini is sent even where a file was edited by hand. Records without part counts (an older
 * export) cannot say where the attachments end: their text is taken as written.
 */
function typedText(user: Content, attachments: AttachmentRecord[], written: string | undefined): string {
  const counted = attachments.every((a) => a.partCount !== undefined);
  if (!counted && written !== undefined) return written;
  const from = counted ? attachments.reduce((n, a) => n + (a.partCount ?? 0), 0) : 0;
  return user.parts
    .slice(from)
    .filter((p) => typeof p.text === 'string' && !p.thought)
    .map((p) => p.text)
    .join('\n\n');
}

/**
 * Why an exchange is not part of the conversation sent on: no answer, or an answer that ends calling a
 * function with no result after it (a request with that history is refused). Retry asks again.
 */
function unfinished(model: Content[]): string | undefined {
  const last = model.at(-1);
  if (!model.some((c) => c.role === 'model') || !last) return 'The imported file holds no answer to this message. Retry asks Gemini for one; a new message replaces it.';
  const call = last.role === 'model' ? last.parts.find((p) => p.functionCall)?.functionCall : undefined;
  if (call) return `The imported answer ends calling the function “${call.name ?? '?'}”, with no result after it, so it is not sent to Gemini. Retry asks for a new answer; a new message replaces it.`;
  return undefined;
}

function exchange(user: Content, model: Content[], now: number, attachments: AttachmentRecord[], meta?: ExchangeMeta): ExchangeRecord {
  const answered = model.some((c) => c.role === 'model');
  const why = unfinished(model);
  return {
    id: randomUUID(),
    createdAt: meta?.createdAt ?? now,
    text: typedText(user, attachments, meta?.text),
    attachments,
    user,
    model,
    status: why ? 'error' : (meta?.status ?? 'complete'),
    ...(why ? { error: { message: why, action: 'retry' as const } } : {}),
    ...(meta?.finishReason ? { finishReason: meta.finishReason } : {}),
    ...(answered && meta?.modelName ? { modelName: meta.modelName } : {}),
    ...(answered && meta?.usage ? { usage: meta.usage } : {}),
  };
}
