// The workspace's chats, kept as design.md "Persistence" says: a small index in a key-value store
// (workspaceState), each transcript its own JSON file written atomically, attachment bytes
// content-addressed beside them, every file checked on load (a damaged one is moved aside and
// reported, never silently dropped), and a re-read + merge by exchange id before each write so two
// windows adding turns to one chat lose none.
import type { ChatRecord, ExchangeRecord } from '../transcript';
import type { Content } from '../types';
import type { Clock, FileStamp, FileStore, KeyValueStore } from './ports';
import { parseChatFile, isValidChatId } from './chatFileSchema';
import { mergeChats } from './mergeChats';
import { blobName, externalizeContents, rehydrateContents, sha256Hex } from './blobParts';
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

const chatFile = (id: string): string => `chats/${id}.json`;
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
  /**
   * The stamp of each chat file as this store last wrote it. While it is unchanged no other window has
   * written the file, and a checkpoint can skip re-reading (and re-checking) it.
   */
  private readonly written = new Map<string, FileStamp>();
  /** Inline blobs already kept, by identity: a checkpoint must not hash the same image again. */
  private readonly keptBlobs = new WeakMap<object, string>();

  constructor(private readonly options: ChatStoreOptions) {
    this.files = options.files;
    this.state = options.state;
    this.clock = options.clock;
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
    const names = await this.files.list('chats');
    const onDisk = new Set(names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter(isValidChatId));
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
      const chat = await this.readChat(id);
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
    const chat = await this.serial(id, () => this.readChat(id));
    if (!chat) {
      await this.dropFromIndex(id);
      return undefined;
    }
    return { ...chat, exchanges: chat.exchanges.map(settleUnfinished) };
  }

  /**
   * Writes a chat (merged with what another window may have written meanwhile) and updates the index.
   * Returns the chat as written: it may hold exchanges this window did not make.
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
    const stamp = await this.files.stat(chatFile(chat.id));
    const known = this.written.get(chat.id);
    const untouched = stamp && known && stamp.size === known.size && stamp.mtimeMs === known.mtimeMs;
    const onDisk = stamp && !untouched ? await this.readChat(chat.id, { hydrate: false }) : undefined;
    let merged = chat;
    if (onDisk) {
      merged = mergeChats(onDisk, chat);
      // Exchanges that only the other window had still hold blob markers: bring their bytes in.
      const mine = new Set(chat.exchanges.map((e) => e.id));
      merged = {
        ...merged,
        exchanges: await Promise.all(merged.exchanges.map((e) => (mine.has(e.id) ? e : this.hydrateExchange(e)))),
      };
    }
    const stored: ChatRecord = {
      ...merged,
      exchanges: await Promise.all(merged.exchanges.map((e) => this.externalizeExchange(e))),
    };
    await this.files.writeAtomic(chatFile(chat.id), utf8.encode(JSON.stringify(stored)));
    const after = await this.files.stat(chatFile(chat.id));
    if (after) this.written.set(chat.id, after);
    await this.upsertIndex(merged);
    return merged;
  }

  async delete(id: string): Promise<void> {
    if (!isValidChatId(id)) return;
    await this.serial(id, () => this.files.remove(chatFile(id)));
    this.written.delete(id);
    await this.dropFromIndex(id);
  }

  // ---- attachment bytes ----

  async writeAttachment(bytes: Uint8Array): Promise<string> {
    const hex = sha256Hex(bytes);
    if (!(await this.files.exists(blobName(hex)))) await this.files.writeAtomic(blobName(hex), bytes);
    return hex;
  }

  async readAttachment(hex: string): Promise<Uint8Array | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
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

  /** Reads and checks a chat file; a damaged one is moved aside and reported. */
  private async readChat(id: string, opts: { hydrate?: boolean } = {}): Promise<ChatRecord | undefined> {
    const bytes = await this.files.read(chatFile(id));
    if (!bytes) return undefined;
    let chat: ChatRecord;
    try {
      chat = parseChatFile(fromUtf8.decode(bytes));
      if (chat.id !== id) throw new Error(`the file holds chat ${chat.id}, not ${id}`);
    } catch (err) {
      await this.setAside(id, (err as Error).message);
      return undefined;
    }
    if (opts.hydrate === false) return chat;
    return { ...chat, exchanges: await Promise.all(chat.exchanges.map((e) => this.hydrateExchange(e))) };
  }

  private async setAside(id: string, reason: string): Promise<void> {
    const movedTo = `chats/damaged/${id}.${this.clock.now()}.json`;
    await this.files.rename(chatFile(id), movedTo);
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

/** A reply still in flight when the file was written cannot go on: it is marked interrupted. */
function settleUnfinished(e: ExchangeRecord): ExchangeRecord {
  if (e.status !== 'streaming' && e.status !== 'waiting') return e;
  return {
    ...e,
    status: 'interrupted',
    error: { message: 'The reply was cut off when VS Code closed. Retry to ask again.', action: 'retry' },
  };
}
