// Every message from the webview is checked here before the host acts on it. The webview renders
// model output (attacker-controlled), so whatever it sends is treated as hostile: exact shapes, size
// limits, no extra fields. The schema table is typed against WebviewToHost, so protocol and checks
// cannot drift: a new message type without a schema, or a schema that accepts the wrong shape, fails
// the type check. Pure (no 'vscode').
import * as z from 'zod';
import { MAX_DRAFT_CHARS, MAX_MESSAGE_CHARS, USER_ACTIONS, type WebviewToHost } from '../shared/protocol';

export const LIMITS = {
  text: MAX_MESSAGE_CHARS,
  draft: MAX_DRAFT_CHARS,
  id: 200,
  href: 8_192,
  code: 5_000_000,
  name: 1_000,
  mimeType: 200,
  /** Pasted/dropped bytes as base64: 100 MB of data. */
  base64: Math.ceil((100 * 1024 * 1024 * 4) / 3) + 4,
  uris: 100,
  uri: 8_192,
  candidates: 8,
} as const;

const id = z.string().min(1).max(LIMITS.id);

type SchemaTable = { [K in WebviewToHost['type']]: z.ZodType<Extract<WebviewToHost, { type: K }>> };

const bare = <K extends string>(type: K) => z.strictObject({ type: z.literal(type) });

const schemas: SchemaTable = {
  'webview/ready': bare('webview/ready'),
  'snapshot/request': bare('snapshot/request'),
  'prompt/send': z.strictObject({ type: z.literal('prompt/send'), text: z.string().max(LIMITS.text), at: z.number().finite().nonnegative() }),
  'prompt/stop': bare('prompt/stop'),
  'composer/draft': z.strictObject({
    type: z.literal('composer/draft'),
    chatId: id,
    text: z.string().max(LIMITS.draft),
    at: z.number().finite().nonnegative(),
  }),
  'attachment/pick': bare('attachment/pick'),
  'attachment/remove': z.strictObject({ type: z.literal('attachment/remove'), id }),
  'attachment/open': z.strictObject({ type: z.literal('attachment/open'), id, exchangeId: id.optional() }),
  'attachment/bytes': z.strictObject({
    type: z.literal('attachment/bytes'),
    name: z.string().min(1).max(LIMITS.name),
    mimeType: z.string().max(LIMITS.mimeType).regex(/^$|^[\w.+-]+\/[\w.+-]+$/),
    base64: z.string().max(LIMITS.base64).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  }),
  'attachment/uris': z.strictObject({
    type: z.literal('attachment/uris'),
    uris: z.array(z.string().min(1).max(LIMITS.uri)).min(1).max(LIMITS.uris),
  }),
  'turn/retry': z.strictObject({ type: z.literal('turn/retry'), exchangeId: id }),
  'turn/regenerate': z.strictObject({ type: z.literal('turn/regenerate'), exchangeId: id }),
  'turn/rewind': z.strictObject({ type: z.literal('turn/rewind'), exchangeId: id }),
  'turn/edit': z.strictObject({ type: z.literal('turn/edit'), exchangeId: id }),
  'turn/candidate': z.strictObject({
    type: z.literal('turn/candidate'),
    exchangeId: id,
    index: z.number().int().min(0).max(LIMITS.candidates - 1),
  }),
  'edit/cancel': bare('edit/cancel'),
  'chat/new': bare('chat/new'),
  'chat/switch': z.strictObject({ type: z.literal('chat/switch'), chatId: id }),
  'chat/rename': z.strictObject({ type: z.literal('chat/rename'), chatId: id }),
  'chat/delete': z.strictObject({ type: z.literal('chat/delete'), chatId: id }),
  'link/open': z.strictObject({ type: z.literal('link/open'), href: z.string().min(1).max(LIMITS.href) }),
  'code/copy': z.strictObject({ type: z.literal('code/copy'), code: z.string().max(LIMITS.code) }),
  'code/insert': z.strictObject({ type: z.literal('code/insert'), code: z.string().max(LIMITS.code) }),
  'action/run': z.strictObject({ type: z.literal('action/run'), action: z.enum(USER_ACTIONS) }),
};

export type Inbound = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

/** Checks one message from the webview. Never throws. */
export function parseInbound(raw: unknown): Inbound {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(schemas, type)) {
    return { ok: false, reason: `unknown type ${JSON.stringify(String(type).slice(0, 60))}` };
  }
  const result = schemas[type as WebviewToHost['type']].safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, reason: `${type}: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
  }
  return { ok: true, message: result.data };
}
