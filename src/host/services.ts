// The seam between this extension's host core (view, chats, store, credentials) and the feature modules
// that plug into it (src/host/editorContext: Ask About Selection, Add File; src/host/conversation:
// export, import, search). chatHost.ts builds one HostServices and hands it to each module's
// `register…(services)`:
//
//   // src/host/editorContext/index.ts
//   export function registerEditorContext(services: HostServices): void
//   // src/host/conversation/index.ts
//   export function registerConversation(services: HostServices): void
//
// Modules push their disposables onto `services.context.subscriptions`.
import type * as vscode from 'vscode';
import type { ChatRecord } from '../core/transcript';
import type { ChatSettings } from './settingsModel';
import type { ChatIndexEntry } from '../core/store/chatIndex';
import type { PreparedAttachment } from '../core/attachments/prepareAttachment';

/** What an attachment chip holds until the message is sent. */
export type PendingAttachment = PreparedAttachment;

/** One chat in the workspace's index (what lists and search show without loading a transcript). */
export type { ChatIndexEntry };

export interface ChatStoreService {
  /** Every chat of this workspace, newest first, including those other windows created since this one loaded. */
  list(): Promise<ChatIndexEntry[]>;
  /** A chat's transcript; undefined when there is none (a damaged file is set aside and reported). */
  load(chatId: string): Promise<ChatRecord | undefined>;
  /** The bytes of an attachment kept by its sha256. */
  readAttachment(sha256: string): Promise<Uint8Array | undefined>;
  /** Keeps bytes content-addressed; returns their sha256 (hex). */
  writeAttachment(bytes: Uint8Array): Promise<string>;
}

export interface ChatsService {
  /** The open chat as kept (a deep copy; changing it changes nothing), once the chats are loaded. */
  activeChat(): Promise<ChatRecord | undefined>;
  /** Opens a chat in the view, scrolled to an exchange's question or answer when given (a search hit). */
  open(chatId: string, exchangeId?: string, side?: 'user' | 'model'): Promise<void>;
  /**
   * Adds a chat made elsewhere (an import) under a fresh id, saves it and opens it; it can go on.
   * The record is checked like a file loaded from disk: an invalid one throws an Error whose message
   * says what is wrong.
   */
  createFrom(record: ChatRecord): Promise<string>;
}

/** Where attachments come from; the webview's paperclip, paste and drop arrive here. */
export interface AttachmentSource {
  /** The paperclip: let the user choose files; false when they chose none. */
  pick(): Promise<boolean>;
  /** Bytes pasted or dropped from the desktop (already size-checked against the message limit). */
  fromBytes(name: string, mimeType: string, bytes: Uint8Array): Promise<void>;
  /** URIs dropped from the Explorer (untrusted strings: check each before reading). */
  fromUris(uris: string[]): Promise<void>;
}

export interface ComposerService {
  /**
   * Adds chips to the composer (replacing any with the same `record.id`), once the chats are loaded: a
   * command run before the view was ever shown (after a reload) would add them to a box about to be
   * replaced by the one kept.
   */
  addAttachments(attachments: PendingAttachment[]): Promise<void>;
  focus(): void;
  /** The webview's attachment requests are routed here; the last one registered wins. */
  registerAttachmentSource(source: AttachmentSource): vscode.Disposable;
}

export interface ViewService {
  /** Shows the chat view (opening the side bar container), optionally focusing the composer. */
  reveal(focusComposer?: boolean): Promise<void>;
  /** A one-line message in the view (falls back to a notification when the view is hidden). */
  notify(level: 'info' | 'warning' | 'error', message: string): void;
}

export interface ConfigService {
  /** The settings now, read with the workspace-trust rules applied. */
  current(): ChatSettings;
  /** True when the workspace is trusted. In restricted mode, treat every workspace file as untrusted. */
  isTrusted(): boolean;
}

export interface HostServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly store: ChatStoreService;
  readonly chats: ChatsService;
  readonly composer: ComposerService;
  readonly view: ViewService;
  readonly config: ConfigService;
}
