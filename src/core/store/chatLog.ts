// A chat file is a log of JSON lines, so a save appends what changed instead of rewriting the chat:
//   {"t":"chat","gen":"<16 hex>","chat":{…}}  first line: the chat's metadata and removed ids, written
//                                             only by a whole-file (atomic) write; `gen` is new on each
//   {"t":"meta","chat":{…}}                   the metadata changed (title, model, updatedAt, …)
//   {"t":"x","e":{…}}                         one version of one exchange (blobs as markers, blobParts.ts)
//   {"t":"rm","ids":[…]}                      exchanges removed (rewind, edit, retry)
// Read back the way mergeChats merges two windows' copies: per exchange the highest `rev` wins (the later
// line on a tie), a removed id stays removed, the last metadata wins but `updatedAt` is the latest. Bytes
// after the last newline are a write a kill cut short (at most the one in flight): they are ignored. Every
// complete line is checked; one that fails makes the whole file damaged.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { ChatRecord, ExchangeRecord } from '../transcript';
import { chatMetaSchema, exchangeSchema, parseJsonAs } from './chatFileSchema';

export type ChatMeta = Omit<ChatRecord, 'exchanges' | 'removedExchangeIds'>;

/** The live copy of one exchange in the log. */
export interface LogEntry {
  rev: number;
  createdAt: number;
  /** Bytes of its line, newline included. */
  bytes: number;
  /** When it first appeared: breaks createdAt ties, as the order of the array did. */
  order: number;
  /** New each time another line wins: an in-memory copy known to match the winning line holds it. */
  token: object;
  /** The winning line's exchange (blob markers), kept only until an in-memory copy holds the token. */
  stored?: ExchangeRecord;
}

/** A log folded: what the file says the chat is, and how much of it a compaction would keep. */
export interface LogState {
  id: string;
  gen: string;
  meta: ChatMeta;
  entries: Map<string, LogEntry>;
  removed: Set<string>;
  /** Bytes of the complete lines read or written: where the next line goes. */
  size: number;
  /** Bytes a compaction would still write (header, removals, the last metadata line, live exchanges). */
  liveBytes: number;
  /** Bytes after the last newline: a write cut short, to be dropped by the next whole-file write. */
  torn: boolean;
  lastMetaBytes: number;
  nextOrder: number;
}

const genSchema = z.string().regex(/^[0-9a-f]{16}$/);
const headerSchema = z.object({
  t: z.literal('chat'),
  gen: genSchema,
  chat: chatMetaSchema.extend({ removedExchangeIds: z.array(z.string()).optional() }),
});
const bodySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('meta'), chat: chatMetaSchema }),
  z.object({ t: z.literal('x'), e: exchangeSchema }),
  z.object({ t: z.literal('rm'), ids: z.array(z.string()) }),
]);
type BodyLine = { t: 'meta'; chat: ChatMeta } | { t: 'x'; e: ExchangeRecord } | { t: 'rm'; ids: string[] };

const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const NEWLINE = 0x0a;

export const newGen = (): string => randomBytes(8).toString('hex');

/** How every file of generation `gen` begins: reading these bytes tells a rewrite from an append. */
export const genPrefix = (gen: string): string => `{"t":"chat","gen":"${gen}"`;

export function metaOf(chat: ChatRecord): ChatMeta {
  const { exchanges: _exchanges, removedExchangeIds: _removed, ...meta } = chat;
  return meta;
}

export const headerLine = (gen: string, meta: ChatMeta, removed: string[]): string =>
  `${JSON.stringify({ t: 'chat', gen, chat: { ...meta, ...(removed.length ? { removedExchangeIds: removed } : {}) } })}\n`;
export const metaLine = (meta: ChatMeta): string => `${JSON.stringify({ t: 'meta', chat: meta })}\n`;
export const exchangeLine = (stored: ExchangeRecord): string => `${JSON.stringify({ t: 'x', e: stored })}\n`;
export const removalLine = (ids: string[]): string => `${JSON.stringify({ t: 'rm', ids })}\n`;

/** A whole log file, checked and folded. Throws an Error saying what is wrong. */
export function readLog(bytes: Uint8Array, id: string): LogState {
  const { lines, torn } = completeLines(bytes, 0);
  const first = lines.shift();
  if (!first) throw new Error('no complete first line');
  const header = parseJsonAs(headerSchema, first.text, 'a chat log line', 'line 1');
  if (header.chat.id !== id) throw new Error(`the file holds chat ${header.chat.id}, not ${id}`);
  const { removedExchangeIds, ...meta } = header.chat as unknown as ChatRecord;
  const state: LogState = {
    id,
    gen: header.gen,
    meta,
    entries: new Map(),
    removed: new Set(removedExchangeIds ?? []),
    size: first.end,
    liveBytes: first.end,
    torn,
    lastMetaBytes: 0,
    nextOrder: 0,
  };
  applyLines(state, lines, (i) => `line ${i + 2}`);
  return state;
}

/** Folds bytes that follow `state.size` (appended by another window, or by this one) into the state. */
export function readAppended(state: LogState, appended: Uint8Array): void {
  const { lines, torn } = completeLines(appended, state.size);
  state.torn = torn;
  applyLines(state, lines, (_, line) => `the line at byte ${line.end - line.bytes}`);
}

/** The chat the log holds, exchanges in their stored form (blob markers). */
export function chatOfLog(state: LogState): ChatRecord {
  const live = [...state.entries.values()].sort((a, b) => a.createdAt - b.createdAt || a.order - b.order);
  const exchanges = live.map((e) => {
    if (!e.stored) throw new Error('the log no longer keeps an exchange it was asked for');
    return e.stored;
  });
  return { ...state.meta, exchanges, ...(state.removed.size ? { removedExchangeIds: [...state.removed] } : {}) };
}

/**
 * Whether to rewrite the file whole rather than append `appending` bytes: when its dead lines (older
 * versions, superseded metadata) would outweigh the live ones, so a rewrite, which costs the live
 * bytes, comes at most once per as many bytes appended (amortized constant per save); or when a kill
 * left a torn line, which only a whole write removes (an append never changes bytes already there).
 */
export function worthRewriting(state: LogState, appending: number): boolean {
  return state.torn || state.size + appending - state.liveBytes > state.liveBytes;
}

interface Line {
  text: string;
  /** File offset just past the line's newline. */
  end: number;
  /** Its length in bytes, newline included. */
  bytes: number;
}

/** The complete lines of `bytes`, which sit at file offset `base`; `torn` when bytes follow the last newline. */
function completeLines(bytes: Uint8Array, base: number): { lines: Line[]; torn: boolean } {
  const lines: Line[] = [];
  let start = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, start)) {
    lines.push({ text: fromUtf8.decode(bytes.subarray(start, i)), end: base + i + 1, bytes: i + 1 - start });
    start = i + 1;
  }
  return { lines, torn: start < bytes.length };
}

function applyLines(state: LogState, lines: Line[], where: (i: number, line: Line) => string): void {
  lines.forEach((line, i) => {
    applyLine(state, parseJsonAs(bodySchema, line.text, 'a chat log line', where(i, line)) as BodyLine, line.bytes, where(i, line));
    state.size = line.end;
  });
}

function applyLine(state: LogState, line: BodyLine, bytes: number, where: string): void {
  if (line.t === 'meta') {
    if (line.chat.id !== state.id) throw new Error(`${where}: metadata of chat ${line.chat.id}, not ${state.id}`);
    state.meta = { ...line.chat, updatedAt: Math.max(state.meta.updatedAt, line.chat.updatedAt) };
    state.liveBytes += bytes - state.lastMetaBytes;
    state.lastMetaBytes = bytes;
  } else if (line.t === 'rm') {
    state.liveBytes += bytes;
    for (const id of line.ids) {
      state.removed.add(id);
      const gone = state.entries.get(id);
      if (!gone) continue;
      state.liveBytes -= gone.bytes;
      state.entries.delete(id);
    }
  } else {
    const e = line.e;
    const rev = e.rev ?? 0;
    const known = state.entries.get(e.id);
    if (state.removed.has(e.id) || (known && rev < known.rev)) return; // dead on arrival
    state.liveBytes += bytes - (known?.bytes ?? 0);
    state.entries.set(e.id, { rev, createdAt: e.createdAt, bytes, order: known?.order ?? state.nextOrder++, token: {}, stored: e });
  }
}
