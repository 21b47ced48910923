// What a chat is, as the extension keeps it: the exchanges the user sees, each holding the exact
// Contents that were sent and received. The history sent to Gemini is derived from these records
// (never rebuilt from rendered text), so thought signatures and inline data survive byte for byte.
import type { Content, GenerateContentConfig, UsageMetadata } from './types';
import { isValidModelContent } from './curatedHistory';
import { isArrivingStatus, type AnswerStatus, type AttachmentKind, type ErrorView, type SourceView } from '../shared/protocol';

export const TRANSCRIPT_VERSION = 1;

export interface AttachmentRecord {
  id: string;
  label: string;
  kind: AttachmentKind;
  mimeType: string;
  size: number;
  /** Workspace-relative path (and line range for a selection), for display and export. */
  detail?: string;
  /** sha256 of the bytes, kept as a content-addressed file beside the transcripts. */
  sha256?: string;
  /** A Files API copy, re-uploaded once it has expired (48 h). */
  upload?: { fileUri: string; expiresAt: number };
  /**
   * How many parts of the exchange's user Content this attachment contributed (they come first, in
   * attachment order, before the typed text), so an edit can give the attachment back whole.
   */
  partCount?: number;
}

export interface ExchangeRecord {
  id: string;
  createdAt: number;
  /** What the user typed, as shown in the transcript. */
  text: string;
  attachments: AttachmentRecord[];
  /** The user Content exactly as sent (text, selection blocks, inline data or file data parts). */
  user: Content;
  /** The model entries of the candidate shown, exactly as received: one per streamed chunk. */
  model: Content[];
  /** The model asked for this answer: Select Model changes a chat's model for the answers after it. */
  modelName?: string;
  /** With candidateCount > 1: every candidate's entries; `model` is `candidates[candidateIndex]`. */
  candidates?: Content[][];
  candidateIndex?: number;
  /** Each candidate's finish reason, beside `candidates` (null: none came); `finishReason` is the one shown. */
  candidateFinishReasons?: (string | null)[];
  status: AnswerStatus;
  error?: ErrorView;
  finishReason?: string;
  usage?: UsageMetadata;
  sources?: SourceView[];
  /** While the request waits to be tried again: the failure it waits after (a window closing meanwhile says so). */
  retryingAfter?: string;
  /**
   * Raised by the window that changes the exchange, on every save. When two windows hold copies of one
   * exchange (one streamed it, the other took it in while it streamed), the higher one is the newer.
   */
  rev?: number;
}

export interface ChatRecord {
  version: typeof TRANSCRIPT_VERSION;
  id: string;
  title: string;
  model: string;
  /** The config the chat was started with (settings changes apply to new chats). */
  config: Omit<GenerateContentConfig, 'abortSignal'>;
  createdAt: number;
  updatedAt: number;
  exchanges: ExchangeRecord[];
  /**
   * Ids of exchanges removed (rewind, edit, retry). Another window writing the same chat merges by
   * exchange id; without these a removed exchange would come back from its copy.
   */
  removedExchangeIds?: string[];
}

/** Exchanges whose turns belong to the conversation sent to the model: complete ones, and stopped ones
 * (the user chose to keep what arrived). Interrupted, failed and blocked ones are shown, not sent. */
export function isSentAsHistory(e: ExchangeRecord): boolean {
  return (e.status === 'complete' || e.status === 'stopped') && isSendableAnswer(e.model);
}

/**
 * Whether an answer can go back as history: some content, and no empty part. The chat session leaves
 * any other out, with its question (curatedHistory.ts).
 */
export function isSendableAnswer(model: readonly Content[]): boolean {
  return model.length > 0 && model.every(isValidModelContent);
}

/**
 * An answer with nothing to read: its parts hold only empty text, thoughts or signatures. It can go back
 * as history (the API takes empty text), but it is no answer to keep in place of another.
 */
export function isEmptyAnswer(model: readonly Content[]): boolean {
  return model.every((c) => c.parts.every((p) => p.thought || Object.entries(p).every(([key, value]) => key === 'thoughtSignature' || (key === 'text' && !String(value).trim()))));
}

/** Whether the exchange's answer is still arriving (or awaited). */
export function isArriving(e: ExchangeRecord): boolean {
  return isArrivingStatus(e.status);
}

/** Why an answer that was still arriving when VS Code closed is interrupted: the next window offers Retry. */
export function cutOffByClosing(retryingAfter?: string): ErrorView {
  return {
    message: retryingAfter ? `The reply was cut off when VS Code closed, while waiting to try again after: ${retryingAfter}.` : 'The reply was cut off when VS Code closed.',
    action: 'retry',
  };
}

/** The history a ChatSession is created with for this chat. */
export function historyOf(chat: ChatRecord): Content[] {
  return chat.exchanges.filter(isSentAsHistory).flatMap((e) => [e.user, ...e.model]);
}
