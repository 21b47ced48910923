// One chat's log file (chatLog.ts) as this window last read or wrote it. Knowing the file's size, stamp
// and generation, a save reads only the bytes other windows appended since, and knowing which of its
// in-memory exchanges match the file's lines, it writes only the exchanges that changed: a save costs
// what changed, not the chat's length. Every write happens under the chat's lock (ChatStore.save).
import type { ChatRecord, ExchangeRecord } from '../transcript';
import type { FileStamp, FileStore } from './ports';
import { chatOfLog, exchangeLine, genPrefix, headerLine, newGen, readAppended, readLog, worthRewriting, type ChatMeta, type LogState } from './chatLog';

export const logFile = (id: string): string => `chats/${id}.jsonl`;

const utf8 = new TextEncoder();

/** The file's bytes fail their check (as opposed to the disk failing to read them): set it aside. */
export class DamagedLogError extends Error {}

/** A chat this window had on disk was deleted meanwhile (in another window): it is not written again. */
export class ChatDeletedError extends Error {
  constructor(readonly chatId: string) {
    super('the chat was deleted in another window');
  }
}

/** How a save merges with the file, found without reading what this window already knows. */
export interface SavePlan {
  /** This window's exchanges the file lacks, holds older, or holds another copy of at the same rev. */
  changed: ExchangeRecord[];
  /** The file's copies this window lacks or holds older, as stored (blob markers): to take in. */
  theirs: ExchangeRecord[];
  /** The chat holds exchanges that are removed (by another window's rewind, or its own list). */
  dropsMine: boolean;
  /** Ids the chat removed that the file does not have removed yet. */
  removed: string[];
  /**
   * The file holds a copy this window must take in but no longer keeps (the caller dropped the object
   * it was handed): only a whole read can merge.
   */
  incomplete: boolean;
}

export class ChatLogFile {
  private state: LogState | undefined;
  private stamp: FileStamp | undefined;
  /**
   * In-memory exchanges known to match the file's winning line for their id: the line's token, and
   * the rev they had then. Whoever changes an exchange in place raises its rev (ChatController.persist),
   * so a copy with the same token and rev is unchanged and is not written again.
   */
  private readonly synced = new WeakMap<ExchangeRecord, { token: object; rev: number }>();

  constructor(
    private readonly files: FileStore,
    readonly id: string,
  ) {}

  get name(): string {
    return logFile(this.id);
  }

  get meta(): ChatMeta | undefined {
    return this.state?.meta;
  }

  get removed(): ReadonlySet<string> {
    return this.state?.removed ?? new Set();
  }

  /** The whole file, checked, as a chat with stored exchanges; undefined when there is none. Throws when damaged. */
  async readWhole(): Promise<ChatRecord | undefined> {
    // Stamped before reading: a write that lands during the read shows as a change next time.
    const stamp = await this.files.stat(this.name);
    const bytes = stamp ? await this.files.read(this.name) : undefined;
    if (!stamp || !bytes) {
      this.forget();
      return undefined;
    }
    const previous = this.state;
    const state = this.checked(() => readLog(bytes, this.id));
    // A rewrite (another window's compaction) writes each exchange's winning line again: a copy that
    // matched the winner at this rev still does.
    for (const [id, entry] of state.entries) {
      const old = previous?.entries.get(id);
      if (old && old.rev === entry.rev) entry.token = old.token;
    }
    this.state = state;
    this.stamp = stamp;
    return chatOfLog(state);
  }

  /** Brings what this window knows up to date with the file. False when there is no file; throws when damaged. */
  async catchUp(): Promise<boolean> {
    const stamp = await this.files.stat(this.name);
    const state = this.state;
    if (!stamp) {
      // This window read or wrote the file, and it is gone: the chat was deleted in another window.
      if (state) throw new ChatDeletedError(this.id);
      return false;
    }
    if (state && this.stamp && stamp.size === this.stamp.size && stamp.mtimeMs === this.stamp.mtimeMs) return true;
    if (state && stamp.size >= state.size && (await this.sameGeneration(state))) {
      const appended = await this.files.readRange(this.name, state.size);
      if (appended) {
        this.checked(() => readAppended(state, appended));
        this.stamp = stamp;
        return true;
      }
    }
    return (await this.readWhole()) !== undefined;
  }

  /** Compares `chat` with the file as last caught up with. */
  plan(chat: ChatRecord): SavePlan {
    const state = this.state;
    if (!state) throw new Error('plan before catchUp');
    const plan: SavePlan = { changed: [], theirs: [], dropsMine: false, removed: [], incomplete: false };
    const ownRemoved = new Set(chat.removedExchangeIds ?? []);
    let held = 0;
    for (const e of chat.exchanges) {
      if (state.removed.has(e.id) || ownRemoved.has(e.id)) {
        plan.dropsMine = true;
        continue;
      }
      const entry = state.entries.get(e.id);
      if (!entry) {
        plan.changed.push(e);
        continue;
      }
      held++;
      const rev = e.rev ?? 0;
      const sync = this.synced.get(e);
      if (rev === entry.rev && sync?.token === entry.token && sync.rev === rev) {
        delete entry.stored; // this window holds it: no need to keep it twice
      } else if (rev >= entry.rev) {
        plan.changed.push(e); // on a tie the writer's copy wins, as in mergeChats
      } else if (entry.stored) {
        plan.theirs.push(entry.stored);
      } else {
        plan.incomplete = true;
      }
    }
    if (held < state.entries.size) {
      const mine = new Set(chat.exchanges.map((e) => e.id));
      for (const [id, entry] of state.entries) {
        if (mine.has(id)) continue;
        if (entry.stored) plan.theirs.push(entry.stored);
        else plan.incomplete = true;
      }
    }
    plan.removed = [...ownRemoved].filter((id) => !state.removed.has(id));
    return plan;
  }

  /** Whether appending `text` would leave enough dead lines to rewrite the file whole instead. */
  worthRewriting(text: string): boolean {
    return !this.state || worthRewriting(this.state, Buffer.byteLength(text));
  }

  /** Appends lines. False (nothing written) when the file is not as last caught up with. */
  async append(text: string): Promise<boolean> {
    const state = this.state;
    if (!state || state.torn) return false;
    const bytes = utf8.encode(text);
    if (!(await this.files.append(this.name, state.size, bytes))) {
      this.forget();
      return false;
    }
    // Folded (and checked) as any reader will fold it.
    this.checked(() => readAppended(state, bytes));
    this.stamp = await this.files.stat(this.name);
    return true;
  }

  /** Writes the whole file (atomically): the first save, a compaction, a migration, a repair. */
  async rewrite(meta: ChatMeta, stored: ExchangeRecord[], removed: string[]): Promise<void> {
    const bytes = utf8.encode(headerLine(newGen(), meta, removed) + stored.map(exchangeLine).join(''));
    await this.files.writeAtomic(this.name, bytes);
    this.state = this.checked(() => readLog(bytes, this.id));
    this.stamp = await this.files.stat(this.name);
  }

  /** Notes that the in-memory `e` matches the file's winning line for its id. */
  link(e: ExchangeRecord): void {
    const entry = this.state?.entries.get(e.id);
    if (!entry) return;
    this.synced.set(e, { token: entry.token, rev: e.rev ?? 0 });
    delete entry.stored;
  }

  forget(): void {
    this.state = undefined;
    this.stamp = undefined;
  }

  /** Runs a fold of bytes (no I/O): what it throws means the bytes are damaged; what was known is dropped. */
  private checked<T>(fold: () => T): T {
    try {
      return fold();
    } catch (err) {
      this.forget();
      throw new DamagedLogError((err as Error).message, { cause: err });
    }
  }

  /** Whether the file is still the one of this generation (not rewritten by another window since). */
  private async sameGeneration(state: LogState): Promise<boolean> {
    const prefix = genPrefix(state.gen);
    const head = await this.files.readRange(this.name, 0, Buffer.byteLength(prefix));
    return head !== undefined && Buffer.from(head).toString('utf8') === prefix;
  }
}
