// The host's owner of the chats: which one is open, the composer's attachments, the reply in flight,
// and what the webview is told. Pure (no 'vscode'): it runs on ports, so the tests drive it with the
// real engine against the loopback Gemini server and a real store in a temp folder.
//
// The transcript (ChatRecord) is the source of truth. Every turn gets a fresh ChatSession created from
// `historyOf(chat)`, so rewinds, edits, stops and candidate choices can never leave a session that
// disagrees with what the user sees.
import { randomUUID } from 'node:crypto';
import type { ChatRecord, ExchangeRecord } from '../../core/transcript';
import { TRANSCRIPT_VERSION, historyOf, isArriving, isEmptyAnswer, isSentAsHistory } from '../../core/transcript';
import type { ChatStore } from '../../core/store/chatStore';
import type { Clock } from '../../core/store/ports';
import { parseChatFile } from '../../core/store/chatFileSchema';
import { changedByOthers } from '../../core/store/mergeChats';
import { ChatDeletedError } from '../../core/store/chatLogFile';
import { EMPTY_ANSWER } from '../../shared/answerNotes';
import { withGivenBack } from '../../shared/givenBack';
import { SET_API_KEY_FIRST, type ComposerView, type HostToWebview, type RetryView, type Snapshot, type UserAction } from '../../shared/protocol';
import type { PendingAttachment } from '../services';
import type { KeptBox } from '../../core/store/chipsFile';
import type { ChatSettings } from '../settingsModel';
import { chatConfigFrom, withinApiLimits } from '../settingsModel';
import type { GeminiClientLike } from './geminiPorts';
import { realTimers, type TimerPort } from './timers';
import { Checkpointer } from './checkpointer';
import { ExchangeStream } from './exchangeStream';
import { chatSummaryOf, chatViewOf, exchangeViewOf } from './exchangeView';
import { attachmentsOf, userContentOf } from './pendingAttachments';
import { filesApiOf, needsUpload, readyToSend, renewExpiredUploads, uploadAttachment, type UploadContext } from '../../core/attachments/uploads';
import { AttachmentError } from '../../core/attachments/attachmentError';
import { ChipUploads } from './chipUploads';
import { ComposerState } from './composerState';
import { NEW_CHAT_TITLE, shortQuestion, titleFrom } from '../../core/titles';
import { finishedOutcome, runTurn, WINDOW_CLOSING } from './turnRunner';

export interface ControllerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The key of the draft of a chat not saved yet (no message sent): never a chat id (no spaces in those). */
const NEW_CHAT_DRAFT = '(new chat)';
/** How long after a reload the open chat is read again (see takeInLateWrites). */
const LATE_WRITES_MS = 2000;

export interface ChatControllerPorts {
  store: ChatStore;
  /** A client with the current credentials; undefined when there are none. */
  getClient(): Promise<GeminiClientLike | undefined>;
  settings(): ChatSettings;
  post(message: HostToWebview): void;
  clock: Clock;
  log: ControllerLog;
  newId?: () => string;
  timers?: TimerPort;
  /** How often a streaming reply is written to disk (by the clock, on chunk arrival). */
  checkpointIntervalMs?: number;
  coalesceMs?: number;
}

interface InFlight {
  chat: ChatRecord;
  exchangeId: string;
  abort: AbortController;
  done: Promise<void>;
  /** Posts the text still held by the coalescer (a snapshot must not already contain unsent text). */
  flush: () => void;
  /** The retry wait shown, if the turn is waiting to try again. */
  retry: () => RetryView | undefined;
  /** Stopped by something that replaces it (Rewind, Regenerate, Delete), not by Stop. */
  superseded?: boolean;
}

/** The exchanges a message replaced (an edit, Regenerate, Retry): back in the chat if it gets no answer. */
/** How a wait for uploads ended: all up, one failed (and said so), Stop, or the chat deleted. */
type WaitOutcome = 'up' | 'failed' | 'cancelled' | 'deleted';

interface Replaced {
  exchanges: ExchangeRecord[];
  /** The chat's title before they were cut (the first message titles a chat). */
  title: string;
  /** It was an edit: the edit opens again on them. */
  edit: boolean;
}

export class ChatController {
  private chat: ChatRecord;
  /**
   * Replies in flight, by chat id: one per chat. A reply goes on while another chat is open (its posts
   * wait until its chat is shown again), so opening a chat for a quick question loses no answer.
   */
  private readonly inflights = new Map<string, InFlight>();
  private readonly composer = new ComposerState(() => this.saveChips());
  private readonly chipUploads = new ChipUploads();
  private needsCredentials = false;
  /** A send is between its checks and its turn (awaiting the client). */
  private starting = false;
  /**
   * A message between Send and its exchange (which may wait for files still uploading): if VS Code
   * closes meanwhile, it goes back to its chat's message box (the view emptied the box on Send).
   */
  private pendingSend: { chatId: string; text: string } | undefined;
  /** That message waits for the uploads of `chips`; aborting `cancel` gives it back (Stop). */
  private uploadWait: { chatId: string; chips: PendingAttachment[]; cancel: AbortController; deleted?: boolean } | undefined;
  /** A model chosen (Select Model) for the new chat before its first message. */
  private draftModel: string | undefined;
  /** The model and chat config (as JSON) the settings gave when last looked at (see settingsChanged). */
  private seenSettings: { model: string; config: string } | undefined;
  private readonly seqs = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly newId: () => string;
  private readonly timers: TimerPort;
  private disposed = false;

  constructor(private readonly ports: ChatControllerPorts) {
    this.newId = ports.newId ?? (() => randomUUID());
    this.timers = ports.timers ?? realTimers;
    this.chat = this.draft();
  }

  // ---- lifecycle ----

  /** Loads the index and the chat that was open (reconciling the index with the files first). */
  async init(): Promise<void> {
    this.seenSettings = this.settingsNow();
    await this.ports.store.reconcile();
    await this.ports.store.drafts.load();
    const id = this.ports.store.activeChatId;
    const loaded = id ? await this.ports.store.load(id) : undefined;
    if (loaded) this.chat = loaded;
    // A reload: the window closing may still be writing the reply it was receiving after this one read
    // the chat. Read again a moment later, and take in what it wrote.
    if (loaded?.exchanges.at(-1)?.status === 'interrupted') this.timers.set(() => void this.takeInLateWrites(loaded.id), LATE_WRITES_MS);
    // The chips that waited in the message box before the window was reloaded.
    await this.openComposer();
    this.changed();
  }

  /** The open chat's last exchange (the reply in flight), interrupted here, taken in if the file now holds it newer. */
  private async takeInLateWrites(chatId: string): Promise<void> {
    if (this.disposed || this.chat.id !== chatId || this.inflights.has(chatId)) return;
    const fresh = await this.ports.store.load(chatId);
    const mine = this.chat.exchanges.at(-1);
    const theirs = fresh?.exchanges.find((e) => e.id === mine?.id);
    if (this.chat.id !== chatId || this.inflights.has(chatId) || !mine || !theirs || mine.status !== 'interrupted') return;
    if ((theirs.rev ?? 0) <= (mine.rev ?? 0)) return;
    this.chat.exchanges[this.chat.exchanges.length - 1] = theirs;
    this.postSnapshot();
  }

  /**
   * Takes in the chats other windows on this workspace created or deleted since: each window keeps its
   * own copy of the index, and only the files are shared. One listing of the chats folder; called
   * before a chat list is shown (Switch Chat, Search Chats).
   */
  async refreshChats(): Promise<void> {
    const before = JSON.stringify(this.ports.store.list());
    await this.ports.store.reconcile();
    if (JSON.stringify(this.ports.store.list()) === before) return;
    this.postSnapshot();
    this.changed();
  }

  /**
   * The window came to the front: what another window on this workspace did meanwhile shows here (the
   * chats it started or deleted, the turns it added to the open chat). Not during a reply or an edit of
   * the open chat: its next save takes them in then, as always.
   */
  async takeInOtherWindows(): Promise<void> {
    await this.refreshChats();
    if (this.busy || this.composer.editingExchangeId !== undefined) return;
    await this.catchUp();
  }

  /** VS Code is closing: the replies in flight are saved as interrupted, with Retry for the next window. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const pending = this.pendingSend;
    if (pending?.text.trim()) this.keepUnsent(this.draftKey(pending.chatId), pending.text);
    await Promise.all([...this.inflights.keys()].map((id) => this.abortInflight(id, WINDOW_CLOSING)));
    await Promise.all([this.ports.store.drafts.flush(), this.ports.store.chips.flush()]);
    this.listeners.clear();
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no reply is in flight (for tests). */
  async idle(): Promise<void> {
    while (this.inflights.size > 0) await Promise.all([...this.inflights.values()].map((i) => i.done));
  }

  /** The open chat's reply in flight, if any. */
  private get inflight(): InFlight | undefined {
    const inflight = this.inflights.get(this.chat.id);
    return inflight?.chat === this.chat ? inflight : undefined;
  }

  get busy(): boolean {
    return this.inflight !== undefined;
  }

  /** Whether an answer is arriving in this chat (open or not). */
  isAnswering(chatId: string): boolean {
    return this.inflights.has(chatId);
  }

  /** The open chat's exchange whose answer is still arriving, if any. */
  get answeringExchangeId(): string | undefined {
    return this.inflight?.exchangeId;
  }

  get activeChatId(): string | undefined {
    return this.isPersisted(this.chat) ? this.chat.id : undefined;
  }

  get exchangeCount(): number {
    return this.chat.exchanges.length;
  }

  /** A copy of the open chat, attachments' bytes and all (to export it). */
  activeChat(): ChatRecord {
    return structuredClone(this.chat);
  }

  /** The open chat as it is, not copied: to read its title, model or exchanges, never to change them. */
  get shownChat(): { readonly id: string; readonly title: string; readonly model: string; readonly exchanges: readonly Readonly<ExchangeRecord>[] } {
    return this.chat;
  }

  setNeedsCredentials(value: boolean): void {
    if (this.needsCredentials === value) return;
    this.needsCredentials = value;
    this.postSnapshot();
  }

  snapshot(removal?: Snapshot['removal']): Snapshot {
    const chat = chatViewOf(this.chat);
    // A chat opened while its reply waits to try again shows the wait (the record does not hold it).
    const retry = this.inflight?.retry();
    const waiting = retry && chat.exchanges.find((e) => e.id === this.inflight?.exchangeId);
    if (waiting) waiting.answer.retry = retry;
    return {
      chats: this.ports.store.list().map((entry) => ({ ...chatSummaryOf(entry), ...(this.isAnswering(entry.id) ? { answering: true } : {}) })),
      chat,
      busy: this.busy,
      needsCredentials: this.needsCredentials,
      composer: this.composerView(),
      draft: this.ports.store.drafts.get(this.draftKey(this.chat.id)),
      ...(removal ? { removal } : {}),
    };
  }

  postSnapshot(removal?: Snapshot['removal']): void {
    // Text the coalescer still holds is already in the transcript: post it first, or the chunk that
    // carries it would arrive after the snapshot and show it twice.
    this.inflight?.flush();
    this.ports.post({ type: 'state/snapshot', snapshot: this.snapshot(removal) });
  }

  // ---- sending ----

  /**
   * Sends the composer's text and attachments as a new exchange (replacing the one being edited).
   * `at`: when the view emptied its box for it (its clock).
   */
  async send(text: string, at = this.ports.clock.now()): Promise<void> {
    if (this.inflight) {
      this.giveBack(text, 'A reply is still in progress. Stop it or wait, then send again.');
      return;
    }
    if (this.starting) {
      this.giveBack(text, 'The message before this one is still on its way (its files may be uploading): send this one once it has gone.');
      return;
    }
    if (!text.trim() && this.composer.attachments.length === 0) {
      this.notice('warning', 'Type a message first.');
      return;
    }
    // Set before the first await and kept until the turn is in flight: a double click must not start
    // two turns.
    this.starting = true;
    this.pendingSend = { chatId: this.chat.id, text };
    // The message is taken: the chat's draft is empty as of when the view emptied its box. Until now
    // the draft held the text, which a reload before the message got here gives back to the view.
    const draftKey = this.draftKey(this.chat.id);
    this.ports.store.drafts.set(draftKey, '', at);
    let turn: Promise<void>;
    try {
      const client = await this.clientOrExplain((message) => this.giveBack(text, message));
      if (!client) return;
      const chat = this.chat;
      const editing = this.composer.editingExchangeId;
      this.refreshDraft();
      // A large file still uploading, or a Files API copy in the history that expired, is uploaded
      // first: never sent without its file.
      const { uploaded, files } = await this.uploadBeforeSend(chat, draftKey);
      // Its chat was deleted here meanwhile: the Delete question said the message would not be sent.
      if (uploaded === 'deleted') return;
      if (this.leftDuringSend(chat, draftKey, text)) return;
      if (uploaded === 'cancelled') {
        this.giveBack(text, `Stopped: the message was not sent and is back in the message box; ${files === 1 ? 'its file goes' : 'its files go'} on uploading.`, 'info');
        return;
      }
      if (uploaded === 'failed') {
        // The failure was told as it happened; its chip stays, and the message comes back with it.
        this.giveBack(text);
        return;
      }
      for (const a of this.composer.attachments) {
        if (a.bytes && !a.record.sha256) a.record.sha256 = await this.ports.store.writeAttachment(a.bytes);
      }
      const ready = await readyToSend(chat.exchanges.slice(0, sendPoint(chat, editing)), this.composer.attachments, this.uploadContext(client));
      if (editing !== undefined) await this.catchUp();
      if (this.leftDuringSend(chat, draftKey, text)) return;
      // Only now, with nothing left that can fail, are the exchanges it replaces cut: a failed upload
      // gives the message back with the chat as it was.
      const title = chat.title;
      const cutFrom = chat.exchanges[sendPoint(chat, editing)];
      const removed = cutFrom ? this.cut(chat, cutFrom.id) : [];
      if (ready.renewed > 0) await this.persist(chat);
      const attachments = ready.attachments;
      const { user, records } = userContentOf(text, attachments);
      const exchange: ExchangeRecord = {
        id: this.newId(),
        createdAt: this.ports.clock.now(),
        text,
        attachments: records,
        user,
        model: [],
        status: 'waiting',
      };
      if (chat.exchanges.length === 0 && chat.title === NEW_CHAT_TITLE) chat.title = titleFrom(text, records[0]?.label);
      // The new chat's draft is this message now; the next new chat starts empty.
      if (!this.isPersisted(chat)) this.ports.store.drafts.delete(NEW_CHAT_DRAFT);
      // After an edit, what it set aside comes back; otherwise the box is empty.
      const aside = this.composer.editingExchangeId !== undefined ? this.composer.endEdit() : (this.composer.clear(), undefined);
      this.ports.post({ type: 'composer/set', composer: this.composerView(), ...(aside?.text ? { text: aside.text } : {}) });
      if (removed.length) this.postSnapshot(editing !== undefined ? 'edit' : 'resend');
      // Exchanges given back and cut here are not put back: their text came back to the box, and is this message.
      const replaced = editing !== undefined ? { exchanges: removed.filter((e) => !wasGivenBack(e)), title, edit: true } : undefined;
      // startTurn marks the turn in flight before its first await.
      turn = this.startTurn(chat, exchange, client, replaced);
    } catch (err) {
      // Nothing was sent (e.g. the attachment could not be kept on disk): the message goes back.
      this.ports.log.error(`send failed before the request: ${(err as Error).message}`);
      this.giveBack(text, `Gemini Chat could not send this message: ${(err as Error).message}`);
      return;
    } finally {
      this.starting = false;
      this.pendingSend = undefined;
    }
    await turn;
  }

  /**
   * True when the send must not go on: VS Code is closing (the message waits in its chat's box: see
   * dispose), or its chat is no longer the one open (another was opened, or it was deleted, while its
   * files uploaded), so the chips and the box are another chat's now. The message then waits in its
   * own chat's box, unless that chat is gone.
   */
  private leftDuringSend(chat: ChatRecord, draftKey: string, text: string): boolean {
    if (this.disposed) return true;
    if (this.chat.id === chat.id) return false;
    const kept = draftKey === NEW_CHAT_DRAFT || this.isPersisted(chat);
    if (kept) this.keepUnsent(draftKey, text);
    this.notice(
      'warning',
      kept
        ? `Your message to “${chat.title}” was not sent: another chat was opened while its files uploaded. It waits in that chat's message box.`
        : `Your message to “${chat.title}” was not sent: the chat was deleted while its files uploaded.`,
    );
    return true;
  }

  /**
   * A message that did not go waits in message box `key`, before what was typed there since (as the
   * view gives a message back): neither is lost.
   */
  private keepUnsent(key: string, text: string): void {
    this.ports.store.drafts.set(key, withGivenBack(text, this.ports.store.drafts.get(key)?.text ?? ''), this.ports.clock.now());
  }

  /**
   * Uploads what chat `chat`'s chips (in message box `box`) need before its message goes, shown as a
   * wait with Stop. An upload begun when a chip was attached is waited for; one that failed (or whose
   * copy expired since) starts again, as when it was attached; a file attached during the wait (the same
   * one again, say) is waited for too, each chip once. `files`: how many the last wait was for.
   */
  private async uploadBeforeSend(chat: ChatRecord, box: string): Promise<{ uploaded: WaitOutcome; files: number }> {
    const waitedFor = new Set<string>();
    const toUpload = (): PendingAttachment[] =>
      this.chat === chat ? this.composer.attachments.filter((a) => !waitedFor.has(a.record.id) && needsUpload(a, this.ports.clock.now())) : [];
    let uploaded: WaitOutcome = 'up';
    let files = 0;
    for (let uploading = toUpload(); uploading.length && uploaded === 'up'; uploading = toUpload()) {
      for (const a of uploading) waitedFor.add(a.record.id);
      this.uploadChips(uploading, box);
      uploaded = await this.waitForUploads(chat, uploading);
      files = uploading.length;
    }
    return { uploaded, files };
  }

  /**
   * Waits for the uploads of `chips` (none: at once). Meanwhile the view shows the message waiting for
   * them, with Stop, which cancels the wait.
   */
  private async waitForUploads(chat: ChatRecord, chips: PendingAttachment[]): Promise<WaitOutcome> {
    if (chips.length === 0) return 'up';
    const wait: NonNullable<typeof this.uploadWait> = { chatId: chat.id, chips, cancel: new AbortController() };
    this.uploadWait = wait;
    this.waitChanged();
    try {
      const result = await this.chipUploads.settled(chips, wait.cancel.signal);
      return wait.deleted ? 'deleted' : result;
    } finally {
      this.uploadWait = undefined;
      this.waitChanged();
    }
  }

  private waitChanged(): void {
    if (this.disposed) return;
    this.ports.post({ type: 'composer/set', composer: this.composerView() });
    this.changed();
  }

  /** A message of the open chat's waits for its files to upload (Stop gives it back). */
  get waitingForUpload(): boolean {
    return this.uploadWait?.chatId === this.chat.id;
  }

  /** A message of `chatId`'s is on its way: its files uploading, or its request about to go. */
  isSending(chatId: string): boolean {
    return this.pendingSend?.chatId === chatId;
  }

  /**
   * Stops the reply in flight (what arrived is kept, marked stopped), or the open chat's message
   * waiting for its files to upload (it comes back to the box).
   */
  stop(): void {
    if (this.waitingForUpload) this.uploadWait?.cancel.abort();
    this.inflight?.abort.abort();
  }

  /** Asks again for an exchange that failed or was interrupted: it and everything after it are replaced. */
  async retry(exchangeId: string): Promise<void> {
    await this.catchUp();
    // Sending an earlier exchange again would drop every exchange after it.
    if (this.chat.exchanges.at(-1)?.id !== exchangeId) {
      this.notice('info', 'Only the last answer can be retried. To ask an earlier question again, use Rewind to here on it.');
      return;
    }
    await this.resend(exchangeId);
  }

  /** A new answer to the last exchange. */
  async regenerate(exchangeId?: string): Promise<void> {
    await this.catchUp();
    const last = this.chat.exchanges.at(-1);
    if (!last || (exchangeId && last.id !== exchangeId)) {
      this.notice('info', 'Only the last answer can be regenerated.');
      return;
    }
    await this.resend(last.id);
  }

  private async resend(exchangeId: string): Promise<void> {
    await this.abortInflight();
    const chat = this.chat;
    const old = chat.exchanges.find((e) => e.id === exchangeId);
    if (!old) return this.postSnapshot();
    if (this.inflight || this.starting) return;
    this.starting = true;
    let client: GeminiClientLike | undefined;
    try {
      client = await this.clientOrExplain((message) => this.notice('warning', message));
    } finally {
      this.starting = false;
    }
    if (!client || this.inflight || !chat.exchanges.some((e) => e.id === exchangeId)) return;
    try {
      if ((await renewExpiredUploads(chat.exchanges, this.uploadContext(client))) > 0) await this.persist(chat);
    } catch (err) {
      this.notice('error', (err as Error).message);
      return;
    }
    // The same question is asked again: a title taken from it stays (cut() would reset it).
    const title = chat.title;
    const removed = this.cut(chat, exchangeId).filter((e) => !wasGivenBack(e));
    chat.title = title;
    if (wasGivenBack(old)) this.takeBackGivenBack(old);
    const exchange: ExchangeRecord = {
      id: this.newId(),
      createdAt: this.ports.clock.now(),
      text: old.text,
      attachments: structuredClone(old.attachments),
      user: structuredClone(old.user),
      model: [],
      status: 'waiting',
    };
    this.postSnapshot('regenerate');
    await this.startTurn(chat, exchange, client, { exchanges: removed, title, edit: false });
  }

  private uploadContext(client: GeminiClientLike): UploadContext {
    return { uploader: filesApiOf(client.files), store: this.ports.store, now: this.ports.clock.now() };
  }

  /** The client, or undefined after telling the user why there is none (no key, a bad proxy URL, …). */
  private async clientOrExplain(explain: (message: string) => void): Promise<GeminiClientLike | undefined> {
    try {
      const client = await this.ports.getClient();
      if (client) return client;
      this.needsCredentials = true;
      explain(SET_API_KEY_FIRST);
      this.postSnapshot();
    } catch (err) {
      this.ports.log.error(`no client: ${(err as Error).message}`);
      explain(`Gemini Chat cannot send: ${(err as Error).message}`);
    }
    return undefined;
  }

  private async startTurn(chat: ChatRecord, exchange: ExchangeRecord, client: GeminiClientLike, replaced?: Replaced): Promise<void> {
    exchange.modelName = chat.model;
    chat.exchanges.push(exchange);
    chat.updatedAt = this.ports.clock.now();
    const abort = new AbortController();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    // Posts about this exchange stop once another chat is open (its snapshot shows the outcome later).
    const visible = () => this.chat === chat && !this.disposed;
    const view = new ExchangeStream(exchange, {
      post: (message) => {
        if (visible()) this.ports.post(message);
      },
      nextSeq: () => this.nextSeq(exchange.id),
      coalesceMs: this.ports.coalesceMs,
      timers: this.timers,
    });
    const inflight: InFlight = { chat, exchangeId: exchange.id, abort, done, flush: () => view.flush(), retry: () => view.retry };
    this.inflights.set(chat.id, inflight);
    const settled = (): void => {
      if (this.inflights.get(chat.id) === inflight) this.inflights.delete(chat.id);
    };
    this.changed();
    view.start();
    // Written before the request: a window killed while waiting still shows the message on reload.
    // The write also merges turns another window added to this chat, so the history below has them.
    const before = chat.exchanges.length;
    await this.persist(chat, exchange);
    // A chat's first message names it and puts it in the chat list: the header shows both. Turns another
    // window added are shown before the answer starts, as they are sent with this question.
    if ((chat.exchanges.length === 1 || chat.exchanges.length !== before) && visible()) this.postSnapshot();
    const history = historyOf({ ...chat, exchanges: chat.exchanges.filter((e) => e !== exchange) });
    const checkpoints = new Checkpointer(
      () => this.persist(chat, exchange),
      this.ports.checkpointIntervalMs ?? 1000,
      this.timers,
      () => this.ports.clock.now(),
    );
    try {
      const outcome = await runTurn({
        client,
        model: chat.model,
        config: withinApiLimits(chat.config),
        history,
        exchange,
        signal: abort.signal,
        provider: this.ports.settings().provider,
        baseUrl: this.ports.settings().baseUrl,
        now: () => this.ports.clock.now(),
        onDelta: (text, thought) => view.delta(text, thought),
        onUpdate: (retry) => {
          view.update(retry);
          // Saved with what it waits after: a window gone meanwhile leaves a next one that says so.
          if (retry) void this.persist(chat, exchange);
        },
        onProgress: () => checkpoints.progress(),
      });
      checkpoints.dispose();
      view.close();
      this.ports.log.info(`turn ${exchange.id}: ${outcome}${exchange.error?.status ? ` (${exchange.error.status})` : ''}`);
      chat.updatedAt = this.ports.clock.now();
      settled();
      // A Regenerate, Retry or edit whose answer the conversation does not keep (none came, it failed,
      // or it was cut off or blocked half-way), or that came empty, gives back what it replaced: a good
      // answer is never lost to a worse one.
      const keptNothing = outcome === 'stoppedBeforeAnswer' || !isSentAsHistory(exchange) || isEmptyAnswer(exchange.model);
      if (keptNothing && replaced?.exchanges.length && !inflight.superseded) {
        const why = exchange.error?.message ?? (outcome === 'stoppedBeforeAnswer' ? 'Stopped before any answer came.' : EMPTY_ANSWER);
        await this.putBack(chat, exchange, replaced, visible(), why);
      } else if (outcome === 'stoppedBeforeAnswer') {
        // Stopped before anything arrived: nothing to keep, so the message goes back to the composer.
        this.cut(chat, exchange.id);
        if (visible()) {
          this.giveBackExchange(exchange);
          this.postSnapshot('stoppedBeforeAnswer');
        }
        await this.persist(chat, exchange);
      } else {
        // Saved before the view shows the end: a window reloaded as soon as the answer looks finished
        // must find it finished, not cut off.
        await this.persist(chat, exchange);
        // Nothing to read (a failure, or a prompt blocked before any answer): the message comes back to
        // be sent again or rephrased.
        const givenBack = wasGivenBack(exchange);
        if (givenBack && visible()) this.giveBackExchange(exchange);
        else if (givenBack && !this.disposed) await this.giveBackElsewhere(chat, exchange);
        view.update();
        // It went on while another chat was open: say so there (a reply stopped there was stopped by
        // deleting its chat).
        if (!visible() && !this.disposed && outcome !== 'stopped') {
          this.postSnapshot(); // the chat list no longer marks it answering
          this.notice('info', exchange.status === 'complete' ? `The answer in “${chat.title}” is complete.` : `The reply in “${chat.title}” ended without a full answer; open that chat to see why.`);
        }
      }
    } catch (err) {
      checkpoints.dispose();
      view.close();
      this.ports.log.error(`turn ${exchange.id} failed unexpectedly: ${(err as Error).message}`);
    } finally {
      settled();
      finish();
      this.changed();
    }
  }

  /** Stops a chat's reply in flight (the open chat's by default) and waits until it is saved. */
  private async abortInflight(chatId = this.chat.id, reason?: typeof WINDOW_CLOSING): Promise<void> {
    const inflight = this.inflights.get(chatId);
    if (!inflight) return;
    inflight.superseded = true;
    inflight.abort.abort(reason);
    await inflight.done;
  }

  /**
   * A chat: the record in memory when it is open or its reply is in flight (its file is older then, and
   * the turn goes on writing that record), else from its file.
   */
  private async loadChat(chatId: string): Promise<ChatRecord | undefined> {
    if (chatId === this.chat.id) return this.chat;
    return this.inflights.get(chatId)?.chat ?? (await this.ports.store.load(chatId));
  }

  // ---- conversation control ----

  /**
   * Takes in what other windows wrote to the open chat since this one last saved it. Whatever cuts the
   * chat from an exchange on (a rewind, an edit sent, Regenerate) must see the chat as it is: an
   * exchange another window added after that point would otherwise stay, after turns that are gone.
   */
  async catchUp(): Promise<void> {
    if (this.isPersisted(this.chat)) await this.persist(this.chat);
  }

  /** Removes an exchange and everything after it, from the view and from what the next request sends. */
  async rewind(exchangeId: string): Promise<void> {
    await this.abortInflight();
    if (!this.cut(this.chat, exchangeId).length) return;
    this.chat.updatedAt = this.ports.clock.now();
    if (this.composer.editingExchangeId && !this.chat.exchanges.some((e) => e.id === this.composer.editingExchangeId)) {
      // The message being edited is gone: the edit stays in the box as a new message, and what it set
      // aside comes back beside it.
      const edited = this.composer.attachments;
      const aside = this.composer.endEdit();
      this.composer.add(edited);
      this.ports.post({ type: 'composer/set', composer: this.composerView(), ...(aside.text ? { text: aside.text, giveBack: true } : {}) });
    }
    this.postSnapshot();
    await this.persist(this.chat);
  }

  async rewindLast(): Promise<boolean> {
    const last = this.chat.exchanges.at(-1);
    if (!last) return false;
    const answering = this.answeringExchangeId === last.id;
    await this.rewind(last.id);
    // A question rewound while it was being answered was just typed: it goes back to the composer.
    if (answering) this.giveBackExchange(last);
    return true;
  }

  /** Puts an exchange's text and attachments back in the composer; sending replaces it and all after. */
  edit(exchangeId: string): void {
    const exchange = this.chat.exchanges.find((e) => e.id === exchangeId);
    if (!exchange) return;
    // What is being written waits until the edit ends (not the same message, edited a second time).
    const typed = this.ports.store.drafts.get(this.draftKey(this.chat.id))?.text ?? '';
    this.composer.edit(exchange, typed.trim() && typed !== exchange.text ? typed : '');
    this.ports.post({ type: 'composer/set', text: exchange.text, composer: this.composerView(), focus: true });
  }

  /** The edit is cancelled: what it set aside comes back. */
  cancelEdit(): void {
    if (!this.composer.editingExchangeId) return;
    const aside = this.composer.endEdit();
    this.ports.post({ type: 'composer/set', text: aside.text, composer: this.composerView() });
  }

  /** Shows another candidate; the one shown is the one the history keeps. */
  async selectCandidate(exchangeId: string, index: number): Promise<void> {
    const exchange = this.chat.exchanges.find((e) => e.id === exchangeId);
    if (!exchange?.candidates || this.inflight?.exchangeId === exchangeId) return;
    // The exchanges after an answer were asked and answered with it in the history: choosing another
    // under them would change what they answered. Only the last answer's choice is open.
    if (exchange !== this.chat.exchanges.at(-1)) return;
    const chosen = exchange.candidates[index];
    if (!chosen) return;
    exchange.candidateIndex = index;
    exchange.model = chosen;
    // Its own finish reason; a finished answer is blocked or complete by it (and so sent, or not).
    if (exchange.status === 'complete' || exchange.status === 'blocked') finishedOutcome(exchange);
    else exchange.finishReason = exchange.candidateFinishReasons?.[index] ?? undefined;
    this.ports.post({ type: 'turn/update', exchange: exchangeViewOf(exchange), seq: this.nextSeq(exchangeId) });
    await this.persist(this.chat, exchange);
  }

  /** Switches the open chat to another model (Select Model; also the fix for a model-not-found error). */
  async setChatModel(model: string): Promise<void> {
    if (this.isEmptyDraft(this.chat)) this.draftModel = model;
    if (this.chat.model === model) return;
    this.chat.model = model;
    this.postSnapshot();
    await this.persist(this.chat);
  }

  /**
   * Settings changed. A chat keeps the model and config it started with, but a new chat has not started
   * until its first message: it takes the settings as they are now.
   */
  settingsChanged(): void {
    if (this.refreshDraft()) {
      this.postSnapshot();
      return;
    }
    // A chat keeps the model and config it started with (its answers were made with them): when those
    // settings change, say so, or a user tuning a chat sees no change and no reason. Only what changed
    // counts, and only where the chat differs from it: Select Model gives the open chat its model, then
    // writes the setting, and the config the chat started with is no news.
    const before = this.seenSettings;
    const now = this.settingsNow();
    this.seenSettings = now;
    const modelLeftOut = now.model !== before?.model && now.model !== this.chat.model;
    const configLeftOut = now.config !== before?.config && now.config !== JSON.stringify(this.chat.config);
    if (this.isEmptyDraft(this.chat) || !(modelLeftOut || configLeftOut)) return;
    this.notice('info', `The changed settings apply to new chats: “${this.chat.title}” keeps the ones it started with.`, 'useSettings');
  }

  /**
   * The open chat takes the model and config the settings give now, from its next message on (its
   * answers so far were made with the old ones, and stay as they are).
   */
  async useCurrentSettings(): Promise<void> {
    const now = this.settingsNow();
    if (this.isEmptyDraft(this.chat)) return; // a new chat takes them when it starts
    if (now.model === this.chat.model && now.config === JSON.stringify(this.chat.config)) {
      this.notice('info', `“${this.chat.title}” already uses the current settings.`);
      return;
    }
    this.chat.model = now.model;
    this.chat.config = chatConfigFrom(this.ports.settings());
    this.postSnapshot();
    await this.persist(this.chat);
    this.notice('info', `“${this.chat.title}” uses the current settings from its next message on.`);
  }

  private settingsNow(): { model: string; config: string } {
    const settings = this.ports.settings();
    return { model: settings.model, config: JSON.stringify(chatConfigFrom(settings)) };
  }

  private refreshDraft(): boolean {
    if (!this.isEmptyDraft(this.chat)) return false;
    const settings = this.ports.settings();
    const model = this.draftModel ?? settings.model;
    const config = chatConfigFrom(settings);
    const changed = model !== this.chat.model || JSON.stringify(config) !== JSON.stringify(this.chat.config);
    this.chat.model = model;
    this.chat.config = config;
    return changed;
  }

  /**
   * The open chat's message box gets what is kept for it: chips, and an edit in progress with what it
   * set aside. The chat left has its own on disk already, waiting for it to be opened again, as its
   * typed text does. An edit whose message is gone (removed in another window) ends as a new message,
   * with what it set aside after it.
   */
  private async openComposer(): Promise<void> {
    const key = this.draftKey(this.chat.id);
    const box = await this.ports.store.chips.load(key);
    const edited = box.editing;
    if (edited === undefined || this.chat.exchanges.some((e) => e.id === edited)) {
      this.openBox(box);
      return;
    }
    this.openBox({ chips: [...box.chips, ...(box.aside?.chips ?? [])] });
    const typed = this.ports.store.drafts.get(key)?.text ?? '';
    if (box.aside?.text) this.ports.store.drafts.set(key, [typed, box.aside.text].filter((t) => t.trim()).join('\n\n'), this.ports.clock.now());
    this.saveChips();
  }

  /** Shows a chat's message box; its chips still uploading (begun while it was open before) show how far they are. */
  private openBox(box: KeptBox<PendingAttachment>): void {
    this.composer.open(box);
    for (const a of this.composer.attachments) {
      const progress = this.chipUploads.progressOf(a.record.id);
      if (progress !== undefined) this.composer.update(a.record.id, { progress });
    }
  }

  /** A chat's message box is kept on disk as it changes (see openComposer). */
  private saveChips(): void {
    void this.ports.store.chips.save(this.draftKey(this.chat.id), this.composer.kept);
  }

  private isEmptyDraft(chat: ChatRecord): boolean {
    return chat.exchanges.length === 0 && !chat.removedExchangeIds?.length && !this.isPersisted(chat);
  }

  // ---- chats ----

  async newChat(): Promise<void> {
    this.chat = this.draft();
    await this.openComposer();
    await this.ports.store.setActiveChatId(undefined);
    this.postSnapshot();
    this.changed();
  }

  /**
   * What waits in the new chat's message box (text, files) while a saved chat is open: New Chat brings
   * it back. Undefined when nothing does, or when the new chat is the one open.
   */
  async unsentNewChat(): Promise<{ text: string; files: number } | undefined> {
    if (!this.isPersisted(this.chat)) return undefined;
    return this.unsent(NEW_CHAT_DRAFT);
  }

  /** What waits in a saved chat's message box (text, files): deleting the chat loses it. */
  async unsentIn(chatId: string): Promise<{ text: string; files: number } | undefined> {
    // A message on its way (waiting for its uploads) has the box's files: they are that message's.
    return this.unsent(this.draftKey(chatId), chatId === this.chat.id, this.isSending(chatId));
  }

  private async unsent(key: string, open = false, sending = false): Promise<{ text: string; files: number } | undefined> {
    const text = this.ports.store.drafts.get(key)?.text.trim() ?? '';
    // The open chat's box is the one in memory (its save to disk may still be on its way); an edit's
    // chips are the edited message's, and what it set aside is unsent too.
    const box = open ? this.composer.kept : await this.ports.store.chips.load(key);
    const files = sending ? 0 : box.chips.length + (box.aside?.chips.length ?? 0);
    return text || files ? { text, files } : undefined;
  }

  /** Opens a chat. A reply in flight in the chat left goes on, and is there when it is opened again. */
  async switchTo(chatId: string): Promise<boolean> {
    if (chatId === this.chat.id) return true;
    const chat = await this.loadChat(chatId);
    if (!chat) {
      this.notice('error', 'That chat could not be opened (see Gemini Chat: Show Logs).');
      this.postSnapshot();
      return false;
    }
    this.chat = chat;
    await this.openComposer();
    await this.ports.store.setActiveChatId(chat.id);
    this.postSnapshot();
    this.changed();
    return true;
  }

  /** Opens a chat and scrolls to an exchange's question or answer (search results). */
  async openAt(chatId: string, exchangeId?: string, side?: 'user' | 'model'): Promise<void> {
    if (!(await this.switchTo(chatId))) return;
    if (exchangeId) this.ports.post({ type: 'chat/reveal', exchangeId, ...(side ? { side } : {}) });
  }

  async rename(chatId: string, title: string): Promise<void> {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (!clean) return;
    const chat = await this.loadChat(chatId);
    if (!chat) return;
    chat.title = clean;
    if (chat === this.chat && !this.isPersisted(chat) && chat.exchanges.length === 0) {
      this.postSnapshot();
      return;
    }
    await this.persist(chat);
    this.postSnapshot();
  }

  async delete(chatId: string): Promise<void> {
    const title = chatId === this.chat.id ? this.chat.title : this.ports.store.list().find((c) => c.id === chatId)?.title;
    void this.ports.store.chips.save(chatId, { chips: [] });
    // A message waiting for its files goes with the chat, and so do their uploads.
    if (this.uploadWait?.chatId === chatId) {
      this.uploadWait.deleted = true;
      this.uploadWait.cancel.abort();
    }
    if (chatId === this.chat.id) for (const a of this.composer.attachments) this.chipUploads.forget(a.record.id);
    // Stopped first, or its next save would write the chat again.
    await this.abortInflight(chatId);
    if (chatId === this.chat.id) {
      await this.ports.store.delete(chatId);
      const next = this.ports.store.list()[0];
      const loaded = next ? await this.loadChat(next.id) : undefined;
      this.chat = loaded ?? this.draft();
      await this.ports.store.setActiveChatId(loaded?.id);
      await this.openComposer();
    } else {
      await this.ports.store.delete(chatId);
    }
    this.postSnapshot();
    // Said after the snapshot, which clears the notices of the chat left.
    if (title !== undefined) this.notice('info', `Deleted the chat “${title}”.`);
    this.changed();
  }

  /** Adds a chat made elsewhere (an import) under a fresh id, checked like a file from disk, and opens it. */
  async createFrom(record: ChatRecord): Promise<string> {
    const id = this.newId();
    const now = this.ports.clock.now();
    const checked = parseChatFile(JSON.stringify({ ...record, version: TRANSCRIPT_VERSION, id }));
    checked.exchanges = checked.exchanges.map((e) => (isArriving(e) ? { ...e, status: 'interrupted' as const } : e));
    checked.updatedAt = Math.max(checked.updatedAt, now);
    delete checked.removedExchangeIds;
    this.chat = await this.ports.store.save(checked);
    // Its own message box, as any chat opened: the chips and the edit of the chat left stay there.
    await this.openComposer();
    await this.ports.store.setActiveChatId(id);
    this.postSnapshot();
    this.changed();
    return id;
  }

  // ---- composer ----

  /** Adds chips. A file (or selection) attached again replaces its chip: its text as it is now, sent once. */
  addAttachments(attachments: PendingAttachment[]): void {
    for (const { record } of attachments) {
      const same = this.composer.attachments.find((a) => record.detail !== undefined && a.record.detail === record.detail && a.record.kind === record.kind);
      if (same) {
        this.chipUploads.forget(same.record.id);
        this.composer.remove(same.record.id);
      }
    }
    this.composer.add(attachments);
    this.postComposer();
    const now = this.ports.clock.now();
    this.uploadChips(attachments.filter((a) => needsUpload(a, now)), this.draftKey(this.chat.id));
  }

  /** Starts the uploads of `chips` in message box `box` that are not under way. */
  private uploadChips(chips: PendingAttachment[], box: string): void {
    for (const a of chips) this.chipUploads.track(a.record.id, (signal, progressed) => this.uploadChip(a, box, signal, progressed));
  }

  /**
   * Uploads a chip of the message box `box`, when attached or sent after a failed upload (see
   * ChipUploads). A failure says why and leaves the chip: Send uploads it again.
   */
  private async uploadChip(chip: PendingAttachment, box: string, signal: AbortSignal, progressed: (fraction: number) => void): Promise<boolean> {
    const { id, label } = chip.record;
    this.updateAttachment(id, { progress: 0 });
    try {
      const client = await this.ports.getClient();
      if (!client) throw new AttachmentError('uploadFailed', `“${label}” goes through the Gemini Files API, which needs credentials: set an API key, then send the message, and it is uploaded.`);
      const onProgress = (progress: number): void => {
        progressed(progress);
        this.updateAttachment(id, { progress });
      };
      const done = await uploadAttachment(chip, { ...this.uploadContext(client), onProgress, signal }, 'Send the message to try again, or remove the file.');
      const uploaded = { parts: done.parts, record: done.record };
      if (this.composer.update(id, { progress: 1, ...uploaded })) this.postComposer();
      // Its chat is not the one open now: the chip as kept for that chat takes the upload, so its Send
      // does not upload the file again.
      else await this.ports.store.chips.keepUploaded(box, id, uploaded);
      return true;
    } catch (err) {
      // Removed (or attached again) while it uploaded: nothing to tell.
      if (signal.aborted) return false;
      this.updateAttachment(id, { progress: 1, failed: true }); // the chip's progress bar goes, and it is marked
      this.notice('error', err instanceof AttachmentError ? err.message : `“${label}” could not be uploaded: ${(err as Error).message}`);
      return false;
    }
  }

  updateAttachment(id: string, change: Parameters<ComposerState['update']>[1]): void {
    if (this.composer.update(id, change)) this.postComposer();
  }

  removeAttachment(id: string): void {
    this.chipUploads.forget(id);
    if (this.composer.remove(id)) this.postComposer();
  }

  /** An attachment of the open chat: a chip in the message box, or one of exchange `exchangeId`'s (with the parts it was sent as). */
  attachment(id: string, exchangeId?: string): PendingAttachment | undefined {
    const exchange = exchangeId === undefined ? undefined : this.chat.exchanges.find((e) => e.id === exchangeId);
    const among = exchangeId === undefined ? this.composer.attachments : exchange ? attachmentsOf(exchange) : [];
    return among.find((a) => a.record.id === id);
  }

  attachments(): PendingAttachment[] {
    return this.composer.attachments;
  }

  /** Keeps the message box's text for a chat this window knows (the open one, or a saved one). */
  keepDraft(chatId: string, text: string, at: number): void {
    if (chatId !== this.chat.id && !this.ports.store.list().some((c) => c.id === chatId)) return;
    this.ports.store.drafts.set(this.draftKey(chatId), text, at);
  }

  focusComposer(): void {
    this.ports.post({ type: 'composer/set', composer: this.composerView(), focus: true });
  }

  /** After a dialog opened from the view was cancelled. */
  returnFocus(): void {
    this.ports.post({ type: 'focus/return' });
  }

  notice(level: 'info' | 'warning' | 'error', message: string, action?: UserAction): void {
    this.ports.post({ type: 'notice', level, message, ...(action ? { action } : {}) });
  }

  // ---- internals ----

  private draft(): ChatRecord {
    this.draftModel = undefined;
    const settings = this.ports.settings();
    const now = this.ports.clock.now();
    return {
      version: TRANSCRIPT_VERSION,
      id: this.newId(),
      title: NEW_CHAT_TITLE,
      model: settings.model,
      config: chatConfigFrom(settings),
      createdAt: now,
      updatedAt: now,
      exchanges: [],
    };
  }

  /**
   * Where a chat's draft is kept. A chat with no message sent yet is not saved, and gets a new id when
   * the window starts again: its draft is kept as the new chat's, which the next start's new chat shows.
   */
  private draftKey(chatId: string): string {
    return chatId === this.chat.id && !this.isPersisted(this.chat) ? NEW_CHAT_DRAFT : chatId;
  }

  private isPersisted(chat: ChatRecord): boolean {
    return this.ports.store.list().some((c) => c.id === chat.id);
  }

  /**
   * Removes an exchange and all after it, remembering their ids for the merge with other windows;
   * returns what was removed.
   */
  private cut(chat: ChatRecord, exchangeId: string): ExchangeRecord[] {
    const at = chat.exchanges.findIndex((e) => e.id === exchangeId);
    if (at < 0) return [];
    const removed = chat.exchanges.splice(at);
    chat.removedExchangeIds = [...(chat.removedExchangeIds ?? []), ...removed.map((e) => e.id)];
    // Back to empty, a title taken from the first message (not one the user gave) goes with it: the
    // next first message titles the chat.
    const first = removed[0];
    if (at === 0 && first && chat.title === titleFrom(first.text, first.attachments[0]?.label)) chat.title = NEW_CHAT_TITLE;
    return removed;
  }

  /**
   * A message that replaced exchanges got no answer the chat keeps (none came, it failed, was cut off or
   * blocked, or came empty): they come back, so nothing the chat held is lost to an answer that never
   * came. They come back as copies under new ids: the ids cut stay removed (other windows have dropped
   * them too). An edit opens again on them, with the words and files it sent. The view says `why`.
   */
  private async putBack(chat: ChatRecord, exchange: ExchangeRecord, replaced: Replaced, shown: boolean, why: string): Promise<void> {
    this.cut(chat, exchange.id);
    const restored = replaced.exchanges.map((e) => ({ ...structuredClone(e), id: this.newId() }));
    chat.exchanges.push(...restored);
    if (chat.title === NEW_CHAT_TITLE || chat.title === titleFrom(exchange.text, exchange.attachments[0]?.label)) chat.title = replaced.title;
    const edited = replaced.edit ? restored[0] : undefined;
    if (edited && !shown && !this.disposed && !this.ports.store.drafts.get(this.draftKey(chat.id))?.text.trim()) {
      this.ports.store.drafts.set(this.draftKey(chat.id), exchange.text, this.ports.clock.now());
    }
    if (shown) {
      const back = edited ? 'The messages it was to replace are back, and the edit is open again.' : 'The earlier answer is back.';
      this.notice(!exchange.error ? 'info' : exchange.status === 'blocked' ? 'warning' : 'error', `${why} ${back}`);
      this.postSnapshot();
      if (edited) {
        // The edit opens again on the message it edits, shown where it is, with the words and files it sent.
        const typed = this.ports.store.drafts.get(this.draftKey(chat.id))?.text ?? '';
        this.composer.edit({ ...exchange, id: edited.id }, typed.trim() && typed !== exchange.text ? typed : '');
        this.ports.post({ type: 'chat/reveal', exchangeId: edited.id, side: 'user', keepFocus: true });
        this.ports.post({ type: 'composer/set', text: exchange.text, composer: this.composerView(), focus: true });
      }
    }
    await this.persist(chat);
  }


  /** Saves a chat; `changed` is the exchange this window just changed (its `rev` goes up). */
  private async persist(chat: ChatRecord, changed?: ExchangeRecord): Promise<void> {
    if (changed) changed.rev = (changed.rev ?? 0) + 1;
    if (chat.exchanges.length === 0 && !this.isPersisted(chat) && !chat.removedExchangeIds?.length) return;
    try {
      const wasPersisted = this.isPersisted(chat);
      const merged = await this.ports.store.save(chat);
      if (!wasPersisted && chat === this.chat) await this.ports.store.setActiveChatId(chat.id);
      if (changedByOthers(chat, merged)) {
        // Another window added or changed turns of this chat: take them in, so neither the view nor the
        // history misses them.
        chat.exchanges = merged.exchanges;
        chat.removedExchangeIds = merged.removedExchangeIds;
        this.postSnapshotIf(chat === this.chat && !this.busy);
      }
      this.changed();
    } catch (err) {
      this.ports.log.error(`saving chat ${chat.id} failed: ${(err as Error).message}`);
      if (err instanceof ChatDeletedError) {
        // Deleted on purpose over there: not written back. What this window shows is still here.
        this.notice('warning', `“${chat.title}” was deleted in another window, so it is no longer saved. It stays here until you leave it: export it (Export Chat as Markdown or JSON) to keep it.`);
        return;
      }
      this.notice('error', `Could not save this chat: ${(err as Error).message}. It stays open; nothing is lost while this window is open.`);
    }
  }

  private giveBackExchange(exchange: ExchangeRecord): void {
    const where = this.composer.giveBack(exchange);
    if (where === 'box') {
      this.ports.post({ type: 'composer/set', text: exchange.text, giveBack: true, composer: this.composerView(), focus: true });
      return;
    }
    this.postComposer();
    if (where === 'aside') this.notice('info', `“${shortQuestion(exchange)}” did not go: it comes back to the message box, with what you were writing before this edit, once the edit is sent or cancelled.`);
  }

  /**
   * As giveBackExchange, for a chat not open: its text and files wait in that chat's message box, as
   * they would have come back to it (sending what is typed there replaces the exchange that failed).
   */
  private async giveBackElsewhere(chat: ChatRecord, exchange: ExchangeRecord): Promise<void> {
    const key = this.draftKey(chat.id);
    const box = new ComposerState();
    box.open(await this.ports.store.chips.load(key));
    if (this.chat === chat) return this.giveBackExchange(exchange); // opened meanwhile
    if (box.giveBack(exchange) === 'box') this.keepUnsent(key, exchange.text);
    await this.ports.store.chips.save(key, box.kept);
  }

  /**
   * Retrying a failed exchange sends it again, so the copy of it given back to the composer goes: the
   * chips if they are still just its attachments, the text if the user has not changed it. (Sending
   * that copy as well would ask twice.)
   */
  private takeBackGivenBack(failed: ExchangeRecord): void {
    if (this.composer.takeBackAside(failed)) return this.postComposer();
    if (this.composer.holdsGivenBack(failed.id)) this.composer.clear();
    this.ports.post({ type: 'composer/set', takeBack: failed.text, composer: this.composerView() });
  }

  private giveBack(text: string, message?: string, level: 'info' | 'warning' = 'warning'): void {
    this.ports.post({ type: 'composer/set', text, giveBack: true, composer: this.composerView(), focus: true });
    if (message) this.notice(level, message);
  }

  private postComposer(): void {
    this.ports.post({ type: 'composer/set', composer: this.composerView() });
  }

  private postSnapshotIf(condition: boolean): void {
    if (condition) this.postSnapshot();
  }

  private composerView(): ComposerView {
    let view = this.composer.view();
    const edited = view.editingExchangeId === undefined ? -1 : this.chat.exchanges.findIndex((e) => e.id === view.editingExchangeId);
    if (edited >= 0) view = { ...view, editingFollowedBy: this.chat.exchanges.length - edited - 1 };
    if (!this.waitingForUpload) return view;
    // Chips removed during the wait no longer hold the message (by id: another chat opened and this one
    // opened again meanwhile, the chips are read back from disk).
    const shown = new Set(this.composer.attachments.map((a) => a.record.id));
    const waitingFor = this.uploadWait?.chips.filter((c) => shown.has(c.record.id)).map((c) => c.record.label) ?? [];
    const text = this.pendingSend?.chatId === this.chat.id ? this.pendingSend.text : '';
    return waitingFor.length ? { ...view, waitingFor, ...(text ? { waitingText: text } : {}) } : view;
  }

  private nextSeq(exchangeId: string): number {
    const n = this.seqs.get(exchangeId) ?? 0;
    this.seqs.set(exchangeId, n + 1);
    return n;
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.ports.log.error(`listener failed: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * Where a message sent now goes in the chat: in place of the exchange being edited, and of the exchanges
 * given back just before that point (wasGivenBack). The exchanges from there on are replaced.
 */
function sendPoint(chat: ChatRecord, editing: string | undefined): number {
  const edited = editing === undefined ? -1 : chat.exchanges.findIndex((e) => e.id === editing);
  let end = edited < 0 ? chat.exchanges.length : edited;
  while (end > 0 && wasGivenBack(chat.exchanges[end - 1]!)) end--;
  return end;
}

/**
 * An exchange that got nothing to read (a failure, or a prompt blocked before any answer): its message
 * went back to the box, to be sent again or rephrased, and sending that replaces it.
 */
function wasGivenBack(exchange: ExchangeRecord): boolean {
  return exchange.status === 'error' || (exchange.status === 'blocked' && !exchange.model.some((c) => c.parts.some((p) => p.text)));
}
