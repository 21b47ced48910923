// The one message contract between the extension host and the chat webview. Imported by both sides,
// importing nothing. The webview knows no Gemini types: the host turns model output into Markdown text
// and display records before it posts them.
//
// Every message is `{ type: 'area/verb', ... }`. Each side handles the other's union through a
// `Handlers<…>` table, so a message without a handler fails the type check. The host validates every
// inbound message (src/host/inboundMessages.ts) before acting on it; nothing here names a path to
// read or a command to run.

export const ANSWER_STATUSES = [
  'streaming', // chunks are arriving
  'waiting', // before the first chunk (also while a retry waits)
  'complete',
  'stopped', // the user pressed Stop; what arrived is kept and is part of the conversation
  'interrupted', // the stream broke after some chunks arrived, or the answer cannot go back as history; Retry replaces it
  'error', // failed before any chunk arrived
  'blocked', // the prompt or the answer was blocked by safety filters
] as const;
/** How an answer stands. A stop is a state, not an error. */
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** The answer is still to come, or coming. */
export function isArrivingStatus(status: AnswerStatus): boolean {
  return status === 'waiting' || status === 'streaming';
}

export const USER_ACTIONS = ['retry', 'setApiKey', 'selectModel', 'openSettings', 'showLogs', 'useSettings'] as const;
/** The action offered with an error or a notice, run through `action/run`. */
export type UserAction = (typeof USER_ACTIONS)[number];

export const ATTACHMENT_KINDS = ['selection', 'text', 'image', 'binary'] as const;

/** Why nothing is sent while there are no credentials: said by the host, and by the view when it knows already. */
export const SET_API_KEY_FIRST = 'Set an API key first (Gemini Chat: Set API Key).';

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * The most characters a typed message holds (a pasted log can be long; megabytes are a file). The host
 * refuses a longer one; the view says so first and keeps the text.
 */
export const MAX_MESSAGE_CHARS = 1_000_000;
/** A draft may be longer, so a message pasted too long is kept while it is cut down to size. */
export const MAX_DRAFT_CHARS = 5 * MAX_MESSAGE_CHARS;

const count = (x: number): string => x.toLocaleString('en-US');

/** What the view says when a message is too long to send. */
export function messageTooLong(chars: number): string {
  return `This message is ${count(chars)} characters long; a message holds at most ${count(MAX_MESSAGE_CHARS)}. Shorten it, or save the text to a file and attach that with Add File to Chat.`;
}

/** What the view says when the text typed is too long to be kept as a draft. */
export function draftTooLong(chars: number): string {
  return `This text is ${count(chars)} characters long: over ${count(MAX_DRAFT_CHARS)}, it is not kept when the view closes or you switch chats. Save it to a file and attach that with Add File to Chat.`;
}

export interface ErrorView {
  message: string;
  /** HTTP status when there was one. */
  status?: number;
  action?: UserAction;
}

/** The name of a kept attachment file: the sha256 of its bytes, in lower-case hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface AttachmentView {
  id: string;
  /** What the chip shows: a file name, or `name:12-30` for a selection. */
  label: string;
  kind: AttachmentKind;
  /** Bytes. */
  size: number;
  /** Workspace-relative path and range, for the chip's tooltip. */
  detail?: string;
  /**
   * An image the chat keeps (its sha256, the name of its file among the chat's kept files): its chip
   * shows it from there, in the message box and on a sent message.
   */
  keptImage?: string;
  /** Set while a large file uploads through the Files API (0..1). */
  progress?: number;
  /** Its upload failed (a notice said why): the next Send tries again. */
  uploadFailed?: boolean;
}

export interface SourceView {
  title: string;
  uri: string;
}

export interface UsageView {
  prompt?: number;
  output?: number;
  thoughts?: number;
  total?: number;
}

export interface RetryView {
  /** When the next attempt starts, in ms since the epoch. */
  until: number;
  reason: string;
}

export interface AnswerView {
  /** Markdown of the candidate shown (untrusted: model output). */
  markdown: string;
  /** Thought summaries, when the user asked for them (untrusted Markdown). */
  thoughts?: string;
  status: AnswerStatus;
  error?: ErrorView;
  retry?: RetryView;
  sources?: SourceView[];
  usage?: UsageView;
  finishReason?: string;
  /** 0-based; the candidate shown is the one the history keeps. */
  candidateIndex: number;
  candidateCount: number;
}

export interface ExchangeView {
  id: string;
  user: { text: string; attachments: AttachmentView[] };
  answer: AnswerView;
}

export interface ChatSummary {
  id: string;
  title: string;
  /** An answer is arriving in it (it goes on while another chat is open). */
  answering?: boolean;
}

export interface ChatView {
  id: string;
  title: string;
  model: string;
  /** What every request of the chat carries besides the conversation (a system instruction, tools), shown in its header. */
  extras?: { label: string; detail: string }[];
  exchanges: ExchangeView[];
}

export interface ComposerView {
  attachments: AttachmentView[];
  /** Set while the user edits an earlier message: sending replaces that exchange and all after it. */
  editingExchangeId?: string;
  /** How many exchanges come after the one being edited (sending removes them too). */
  editingFollowedBy?: number;
  /** The files (labels) a message sent waits for, to be uploaded before it goes: Stop gives it back. */
  waitingFor?: string[];
  /** That message's text (the box is empty meanwhile: the message is on its way). */
  waitingText?: string;
}

export interface Snapshot {
  chats: ChatSummary[];
  chat?: ChatView;
  /** A reply is in flight in the open chat. */
  busy: boolean;
  /** No credentials: the view shows a welcome with Set API Key. */
  needsCredentials: boolean;
  composer: ComposerView;
  /** What was typed for the open chat and not sent, as the host last kept it. */
  draft?: Draft;
  /**
   * Why exchanges shown before are gone, when they are not simply removed (a rewind): asked again
   * (Regenerate, Retry), replaced by an edited message or by a failed message sent again (the turn
   * that replaces them starts next), or stopped before any answer came (its message is back in the box).
   */
  removal?: 'regenerate' | 'edit' | 'resend' | 'stoppedBeforeAnswer';
}

/** Unsent text; `at`: when it was typed, by the view's clock. */
export interface Draft {
  text: string;
  at: number;
}

// ---- host → webview ----

export type HostToWebview =
  | { type: 'state/snapshot'; snapshot: Snapshot }
  /** A new exchange begins (its answer is `waiting`). */
  | { type: 'turn/start'; exchange: ExchangeView }
  /**
   * Text appended to an answer. `seq` counts from 0 per exchange; a gap means a lost message and the
   * webview asks for a snapshot.
   */
  | { type: 'turn/chunk'; exchangeId: string; seq: number; text?: string; thought?: string }
  /**
   * One exchange replaced whole: its end, a status change, a retry wait, another candidate. Its `seq`
   * comes from the same per-exchange counter as `turn/chunk` (each message about an exchange after its
   * `turn/start` takes the next number); being whole, it also settles any gap before it.
   */
  | { type: 'turn/update'; exchange: ExchangeView; seq: number }
  /**
   * Fill the composer (edit, or a failed send giving the user's text back) and/or set its chips.
   * `giveBack`: `text` is a message that could not be sent, given back: it goes before anything typed
   * since (a blank line between), so neither is lost. `takeBack`: that copy goes again (the message is
   * sent again): the composer is emptied if it holds just the copy, or keeps what was typed after it.
   */
  | { type: 'composer/set'; text?: string; giveBack?: boolean; takeBack?: string; composer: ComposerView; focus?: boolean }
  /** Scroll to an exchange (search results). */
  /** `keepFocus`: the keyboard stays where it is (in the message box), rather than going to what is shown. */
  | { type: 'chat/reveal'; exchangeId: string; side?: 'user' | 'model'; keepFocus?: boolean }
  /** A dialog the view opened was cancelled: the keyboard goes back to the control that opened it. */
  | { type: 'focus/return' }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string; action?: UserAction };

// ---- webview → host ----

export type WebviewToHost =
  | { type: 'webview/ready' }
  | { type: 'snapshot/request' }
  /** `at`: when the view emptied its box to send (its clock); the host empties the chat's draft as of then. */
  | { type: 'prompt/send'; text: string; at: number }
  | { type: 'prompt/stop' }
  /** The message box's text for a chat changed (typed, or set): the host keeps it across reloads. */
  | ({ type: 'composer/draft'; chatId: string } & Draft)
  | { type: 'attachment/pick' }
  | { type: 'attachment/remove'; id: string }
  /** Open what a chip stands for: one in the message box, or on the sent message `exchangeId`. */
  | { type: 'attachment/open'; id: string; exchangeId?: string }
  /** Bytes the user pasted or dropped from the desktop. */
  | { type: 'attachment/bytes'; name: string; mimeType: string; base64: string }
  /** URIs dropped from the Explorer; the host checks each one before reading it. */
  | { type: 'attachment/uris'; uris: string[] }
  | { type: 'turn/retry'; exchangeId: string }
  | { type: 'turn/regenerate'; exchangeId: string }
  | { type: 'turn/rewind'; exchangeId: string }
  | { type: 'turn/edit'; exchangeId: string }
  | { type: 'turn/candidate'; exchangeId: string; index: number }
  | { type: 'edit/cancel' }
  | { type: 'chat/new' }
  | { type: 'chat/switch'; chatId: string }
  | { type: 'chat/rename'; chatId: string }
  | { type: 'chat/delete'; chatId: string }
  | { type: 'link/open'; href: string }
  | { type: 'code/copy'; code: string }
  | { type: 'code/insert'; code: string }
  | { type: 'action/run'; action: UserAction };


/** A handler for every message of a union, keyed by `type`. */
export type Handlers<M extends { type: string }, R = void> = {
  [K in M['type']]: (message: Extract<M, { type: K }>) => R;
};

/** Dispatches a message through a handler table. */
export function dispatch<M extends { type: string }, R>(handlers: Handlers<M, R>, message: M): R {
  const handler = handlers[message.type as M['type']] as (m: M) => R;
  return handler(message);
}
