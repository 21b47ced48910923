// The workspace's chats: a small index in a key-value store
// (workspaceState), each transcript its own file, attachment bytes content-addressed beside them,
// every file checked on load (a damaged one is moved aside and reported, never silently dropped), and
// a re-read + merge by exchange id before each write so two windows adding turns to one chat lose none.
// A transcript is a log of JSON lines (chatLog.ts): a save appends the exchanges that changed and reads
// only what other windows appended, so its cost does not grow with the chat; the file is rewritten
// whole (atomically) when dead lines outweigh live ones. Chats kept as one JSON file (the format before)
// still load, and move to a log on their next save.
import { cutOffByClosing, isArriving, type ChatRecord, type ExchangeRecord } from '../transcript';
import type { Content } from '../types';
import type { Clock, FileStore, KeyValueStore } from './ports';
import { parseChatFile, isValidChatId } from './chatFileSchema';
import { mergeChats } from './mergeChats';
import { metaOf, exchangeLine, metaLine, removalLine } from './chatLog';
import { ChatLogFile, DamagedLogError, logFile, type SavePlan } from './chatLogFile';
import { blobName, externalizeContents, rehydrateContents, SHA256_HEX, sha256Hex } from './blobParts';
import { ChipsFile } from './chipsFile';
import { DraftStore } from './draftStore';
import { INDEX_KEY, indexEntryOf, readIndex, sortedNewestFirst, type ChatIndexEntry, type StoredIndex } from './chatIndex';

export interface DamagedChat {
  chatId: string;
  /** Where the file was moved, relative to the store's root. */
  movedTo: string;
  reason: string;
}

export interface ChatStoreOptions {
  files: FileStore;
  state: KeyValueStore;
  clock: Clock;
  /** A chat file failed its check and was set aside: tell the user. */
  onDamaged?: (damaged: DamagedChat) => void;
  /** Diagnostics without message content. */
  log?: (message: string) => void;
}

/** A chat kept as one JSON file, before chat logs. */
const legacyFile = (id: string): string => `chats/${id}.json`;
/** The open chat's id, beside the index (see setActiveChatId). */
const ACTIVE_FILE = 'active.json';
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

export class ChatStore {
  private readonly files: FileStore;
  private readonly state: KeyValueStore;
  private readonly clock: Clock;
  /** Writes and reads of one chat file run one after another (checkpoints, final save, rename). */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Each chat's log as this store last read or wrote it (what a save need not read or write again). */
  private readonly logs = new Map<string, ChatLogFile>();
  /** Temp files of killed writes are removed by the first reconcile only (it walks the whole folder). */
  private tempsCleaned = false;
  /** Inline blobs already kept, by identity: a checkpoint must not hash the same image again. */
  private readonly keptBlobs = new WeakMap<object, string>();
  /** Unsent text per chat. */
  readonly drafts: DraftStore;
  /** What waits in each chat's message box besides its text: attachments, and an edit in progress. */
  readonly chips: ChipsFile;

  constructor(private readonly options: ChatStoreOptions) {
    this.files = options.files;
    this.state = options.state;
    this.clock = options.clock;
    this.drafts = new DraftStore(options.files, options.log);
    this.chips = new ChipsFile(options.files, (sha) => this.readAttachment(sha));
  }

  // ---- the index ----

  private get index(): StoredIndex {
    return readIndex(this.state.get(INDEX_KEY));
  }

  private async writeIndex(index: StoredIndex): Promise<void> {
    await this.state.update(INDEX_KEY, index);
  }

  /** Every chat, newest first. */
  list(): ChatIndexEntry[] {
    return sortedNewestFirst(this.index.chats);
  }

  get activeChatId(): string | undefined {
    return this.index.activeChatId;
  }

  async setActiveChatId(id: string | undefined): Promise<void> {
    const index = this.index;
    if (index.activeChatId === id) return;
    if (id === undefined) delete index.activeChatId;
    else index.activeChatId = id;
    await this.writeIndex(index);
    // Also kept as a file: a browser-hosted VS Code flushes workspaceState lazily, and a reload can
    // lose its last write; the files under the storage folder are written at once.
    if (id === undefined) await this.files.remove(ACTIVE_FILE);
    else await this.files.writeAtomic(ACTIVE_FILE, utf8.encode(JSON.stringify({ id })));
  }

  private async activeIdOnDisk(): Promise<string | undefined> {
    const bytes = await this.files.read(ACTIVE_FILE);
    if (!bytes) return undefined;
    try {
      const id = (JSON.parse(fromUtf8.decode(bytes)) as { id?: unknown }).id;
      return typeof id === 'string' && isValidChatId(id) ? id : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Brings the index in line with the files: a chat file the index lacks (written by another window,
   * or an index lost with the workspace state) is added; an entry whose file is gone is dropped.
   */
  async reconcile(): Promise<void> {
    // Once per store (a window's start): later calls (Switch Chat, Search) only look for other windows' chats.
    if (!this.tempsCleaned) {
      this.tempsCleaned = true;
      for (const temp of await this.files.removeStaleTemps()) this.options.log?.(`removed ${temp}, left by a write that was killed`);
    }
    const names = await this.files.list('chats');
    const onDisk = new Set(names.map(chatIdOfFile).filter((id): id is string => id !== undefined));
    for (const id of onDisk) {
      // Both forms: a kill came between writing the log and removing the one-file form it replaces.
      if (names.includes(`${id}.json`) && names.includes(`${id}.jsonl`)) await this.files.remove(legacyFile(id));
    }
    const index = this.index;
    const known = new Set(index.chats.map((c) => c.id));
    let changed = false;
    for (const entry of [...index.chats]) {
      if (!onDisk.has(entry.id)) {
        index.chats = index.chats.filter((c) => c.id !== entry.id);
        this.options.log?.(`chat ${entry.id}: file missing, dropped from the index`);
        changed = true;
      }
    }
    for (const id of onDisk) {
      if (known.has(id)) continue;
      const chat = await this.readChat(new ChatLogFile(this.files, id));
      if (chat) {
        index.chats.push(indexEntryOf(chat));
        changed = true;
      }
    }
    const activeOnDisk = await this.activeIdOnDisk();
    if (activeOnDisk && activeOnDisk !== index.activeChatId && index.chats.some((c) => c.id === activeOnDisk)) {
      index.activeChatId = activeOnDisk;
      changed = true;
    }
    if (index.activeChatId && !index.chats.some((c) => c.id === index.activeChatId)) {
      delete index.activeChatId;
      changed = true;
    }
    if (changed) await this.writeIndex(index);
  }

  // ---- chats ----

  /**
   * A chat as kept. A reply that was still streaming when the file was last written (the window was
   * closed or killed mid-reply) comes back as `interrupted`, with what had arrived.
   */
  async load(id: string): Promise<ChatRecord | undefined> {
    if (!isValidChatId(id)) return undefined;
    const log = this.logOf(id);
    const chat = await this.serial(id, async () => {
      const stored = await this.readChat(log);
      if (!stored) return undefined;
      const hydrated = { ...stored, exchanges: await Promise.all(stored.exchanges.map((e) => this.hydrateExchange(e))) };
      // What is handed out matches the file: the next save writes only what changes from here.
      for (const e of hydrated.exchanges) log.link(e);
      return hydrated;
    });
    if (!chat) {
      await this.dropFromIndex(id);
      return undefined;
    }
    return { ...chat, exchanges: chat.exchanges.map(settleUnfinished) };
  }

  /**
   * Writes a chat (merged with what another window may have written meanwhile) and updates the index.
   * Returns the chat as written: it may hold exchanges this window did not make. Only exchanges that
   * changed are written: a new object, or one whose `rev` was raised since it was loaded or saved (an
   * exchange changed in place without raising its rev is taken as unchanged).
   */
  async save(chat: ChatRecord): Promise<ChatRecord> {
    if (!isValidChatId(chat.id)) throw new Error(`invalid chat id: ${chat.id}`);
    return this.serial(chat.id, async () => {
      // Read, merge and write under a lock shared with other windows: without it, two windows could both
      // read, then both write, and the first one's new turn would be lost from the file.
      const release = await this.files.lock(`chats/${chat.id}`);
      try {
        return await this.mergeAndWrite(chat);
      } finally {
        await release();
      }
    });
  }

  private async mergeAndWrite(chat: ChatRecord): Promise<ChatRecord> {
    const log = this.logOf(chat.id);
    const merged = (await this.appendChanges(log, chat)) ?? (await this.rewriteMerged(log, chat));
    await this.upsertIndex(merged);
    return merged;
  }

  /**
   * The usual save: takes in what other windows appended, appends what this window changed. Undefined
   * when the file must be read and written whole instead (no log yet, a compaction due, or a copy to
   * take in that this window no longer keeps).
   */
  private async appendChanges(log: ChatLogFile, chat: ChatRecord): Promise<ChatRecord | undefined> {
    if (!(await this.orSetAside(log, () => log.catchUp()))) return undefined;
    const plan = log.plan(chat);
    if (plan.incomplete) return undefined;
    const { merged, taken } = await this.takeIn(chat, plan, log);
    const stored = await Promise.all(plan.changed.map((e) => this.externalizeExchange(e)));
    const meta = metaOf(merged);
    const lines =
      (plan.removed.length ? removalLine(plan.removed) : '') +
      stored.map(exchangeLine).join('') +
      (JSON.stringify(meta) !== JSON.stringify(log.meta) ? metaLine(meta) : '');
    if (lines && (log.worthRewriting(lines) || !(await log.append(lines)))) return undefined;
    for (const e of [...plan.changed, ...taken]) log.link(e);
    return merged;
  }

  /** Merges `chat` with the file read whole (or the chat's old one-file form) and writes the log whole. */
  private async rewriteMerged(log: ChatLogFile, chat: ChatRecord): Promise<ChatRecord> {
    let onDisk = await this.orSetAside(log, () => log.readWhole());
    const legacy = onDisk ? undefined : await this.readLegacy(chat.id);
    onDisk ??= legacy;
    const merged = onDisk ? (await this.mergeWith(onDisk, chat)).merged : chat;
    const stored = await Promise.all(merged.exchanges.map((e) => this.externalizeExchange(e)));
    const removed = new Set([...log.removed, ...(merged.removedExchangeIds ?? [])]);
    await log.rewrite(metaOf(merged), stored, [...removed]);
    for (const e of merged.exchanges) log.link(e);
    // Moved to the log: the one-file form goes (a kill before this line leaves it; the log wins on load).
    await this.files.remove(legacyFile(chat.id));
    return merged;
  }

  /** `chat` with what the plan found other windows wrote: their newer copies in, their removals out. */
  private async takeIn(chat: ChatRecord, plan: SavePlan, log: ChatLogFile): Promise<{ merged: ChatRecord; taken: ExchangeRecord[] }> {
    const newer = log.meta && log.meta.updatedAt > chat.updatedAt;
    if (!plan.theirs.length && !plan.dropsMine) return { merged: newer ? { ...chat, updatedAt: log.meta!.updatedAt } : chat, taken: [] };
    const onDisk: ChatRecord = { ...(log.meta ?? chat), exchanges: plan.theirs, removedExchangeIds: [...log.removed] };
    return this.mergeWith(onDisk, chat);
  }

  /** mergeChats, with the blob markers of the exchanges that come from the file brought back to bytes. */
  private async mergeWith(onDisk: ChatRecord, chat: ChatRecord): Promise<{ merged: ChatRecord; taken: ExchangeRecord[] }> {
    const merged = mergeChats(onDisk, chat);
    const own = new Set(chat.exchanges);
    const hydrated = new Map(
      await Promise.all(merged.exchanges.filter((e) => !own.has(e)).map(async (e) => [e, await this.hydrateExchange(e)] as const)),
    );
    return { merged: { ...merged, exchanges: merged.exchanges.map((e) => hydrated.get(e) ?? e) }, taken: [...hydrated.values()] };
  }

  async delete(id: string): Promise<void> {
    if (!isValidChatId(id)) return;
    await this.serial(id, async () => {
      await this.files.remove(logFile(id));
      await this.files.remove(legacyFile(id));
    });
    this.logs.delete(id);
    this.drafts.delete(id);
    await this.dropFromIndex(id);
  }

  // ---- attachment bytes ----

  async writeAttachment(bytes: Uint8Array): Promise<string> {
    const hex = sha256Hex(bytes);
    if (!(await this.files.exists(blobName(hex)))) await this.files.writeAtomic(blobName(hex), bytes);
    return hex;
  }

  async readAttachment(hex: string): Promise<Uint8Array | undefined> {
    if (!SHA256_HEX.test(hex)) return undefined;
    return this.files.read(blobName(hex));
  }

  // ---- internals ----

  private serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return next;
  }

  private logOf(id: string): ChatLogFile {
    let log = this.logs.get(id);
    if (!log) this.logs.set(id, (log = new ChatLogFile(this.files, id)));
    return log;
  }

  /** Reads and checks a chat (stored form: blob markers); a damaged file is moved aside and reported. */
  private async readChat(log: ChatLogFile): Promise<ChatRecord | undefined> {
    return (
      (await this.orSetAside(log, () => log.readWhole())) ??
      (await this.readLegacy(log.id)) ??
      // Another window may have just moved it from the old form to a log.
      (await this.orSetAside(log, () => log.readWhole()))
    );
  }

  /** Runs a read of the chat's log; when it finds the file damaged, sets the file aside (undefined). */
  private async orSetAside<T>(log: ChatLogFile, read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof DamagedLogError)) throw err; // the disk failed, not the file: keep it
      await this.setAside(log.id, log.name, err.message);
      return undefined;
    }
  }

  /** A chat kept in the one-file form, checked; undefined when there is none or it was set aside. */
  private async readLegacy(id: string): Promise<ChatRecord | undefined> {
    const bytes = await this.files.read(legacyFile(id));
    if (!bytes) return undefined;
    try {
      const chat = parseChatFile(fromUtf8.decode(bytes));
      if (chat.id !== id) throw new Error(`the file holds chat ${chat.id}, not ${id}`);
      return chat;
    } catch (err) {
      await this.setAside(id, legacyFile(id), (err as Error).message);
      return undefined;
    }
  }

  private async setAside(id: string, file: string, reason: string): Promise<void> {
    const movedTo = `chats/damaged/${id}.${this.clock.now()}${file.slice(file.lastIndexOf('.'))}`;
    await this.files.rename(file, movedTo);
    this.logs.get(id)?.forget();
    this.options.log?.(`chat ${id}: damaged file moved to ${movedTo}: ${reason}`);
    await this.dropFromIndex(id);
    this.options.onDamaged?.({ chatId: id, movedTo, reason });
  }

  private async dropFromIndex(id: string): Promise<void> {
    const index = this.index;
    if (!index.chats.some((c) => c.id === id) && index.activeChatId !== id) return;
    index.chats = index.chats.filter((c) => c.id !== id);
    if (index.activeChatId === id) delete index.activeChatId;
    await this.writeIndex(index);
  }

  private async upsertIndex(chat: ChatRecord): Promise<void> {
    const index = this.index;
    const entry = indexEntryOf(chat);
    const at = index.chats.findIndex((c) => c.id === chat.id);
    if (at >= 0) index.chats[at] = entry;
    else index.chats.push(entry);
    await this.writeIndex(index);
  }

  private async hydrateExchange(e: ExchangeRecord): Promise<ExchangeRecord> {
    const get = (hex: string) => this.files.read(blobName(hex));
    const missing = (hex: string) => this.options.log?.(`exchange ${e.id}: attachment ${hex.slice(0, 12)}… is missing`);
    const [user] = await rehydrateContents([e.user], get, missing);
    const model = await rehydrateContents(e.model, get, missing);
    const candidates = e.candidates ? await Promise.all(e.candidates.map((c) => rehydrateContents(c, get, missing))) : undefined;
    return { ...e, user: user as Content, model, ...(candidates ? { candidates } : {}) };
  }

  private async externalizeExchange(e: ExchangeRecord): Promise<ExchangeRecord> {
    const put = async (inline: { data: string }): Promise<string> => {
      const known = this.keptBlobs.get(inline);
      if (known) return known;
      const hex = await this.writeAttachment(Buffer.from(inline.data, 'base64'));
      this.keptBlobs.set(inline, hex);
      return hex;
    };
    const [user] = await externalizeContents([e.user], put);
    const model = await externalizeContents(e.model, put);
    const candidates = e.candidates ? await Promise.all(e.candidates.map((c) => externalizeContents(c, put))) : undefined;
    return { ...e, user: user as Content, model, ...(candidates ? { candidates } : {}) };
  }
}

/** The chat id a file in `chats/` holds: `<id>.jsonl` (a log) or `<id>.json` (the one-file form). */
function chatIdOfFile(name: string): string | undefined {
  const id = /^(.+)\.jsonl?$/.exec(name)?.[1];
  return id !== undefined && isValidChatId(id) ? id : undefined;
}

/** A reply still in flight when the file was written cannot go on: it is marked interrupted. */
function settleUnfinished(e: ExchangeRecord): ExchangeRecord {
  if (!isArriving(e)) return e;
  const { retryingAfter, ...rest } = e;
  return { ...rest, status: 'interrupted', error: cutOffByClosing(retryingAfter) };
}
