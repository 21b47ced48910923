// What the user typed for each chat and has not sent, kept in a file beside the chats. The view keeps
// its own copy (its state, instant across hiding the view), but a browser-hosted VS Code saves a view's
// state lazily, and a reload can bring back an old copy: a message sent long ago instead of the text
// typed last. This file is written as the user types, one write at a time, the newest text last.
// An emptied draft is kept as empty (with its time), so it also wins over an old copy that was not.
//
// Two windows on one workspace write the same file: each write reads the file again and keeps the newer
// of each draft, under the lock the chat files use, so one window's writes never drop what was typed
// in the other. A forgotten
// draft is kept as "gone" with the time of the text it forgot, so the other window's copy of that
// same text cannot bring it back.
import type { Draft } from '../../shared/protocol';
import type { FileStore } from './ports';

/** A draft as the file keeps it; `gone`: forgotten (see the top of this file). */
interface Stored extends Draft {
  gone?: true;
}

/** Whether `theirs` replaces `ours`: it was typed later, or it forgot the same text. */
function newer(theirs: Stored, ours: Stored | undefined): boolean {
  return !ours || theirs.at > ours.at || (theirs.at === ours.at && theirs.gone === true && !ours.gone);
}

const FILE = 'drafts.json';
/** Drafts kept, the most recently typed; older ones go. */
const MAX_DRAFTS = 50;
const utf8 = new TextEncoder();

export class DraftStore {
  private readonly drafts = new Map<string, Stored>();
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly files: FileStore,
    private readonly log?: (message: string) => void,
  ) {}

  /** Reads the file; a missing or damaged one is an empty list (drafts are a convenience, never a blocker). */
  async load(): Promise<void> {
    for (const [key, draft] of await this.readFile()) this.drafts.set(key, draft);
  }

  get(key: string): Draft | undefined {
    const draft = this.drafts.get(key);
    return draft && !draft.gone ? { text: draft.text, at: draft.at } : undefined;
  }

  /** Keeps `text` as typed at `at` (empty: emptied at `at`); an older write than the one kept is ignored. */
  set(key: string, text: string, at: number): void {
    const kept = this.drafts.get(key);
    if (kept && kept.at > at) return;
    this.drafts.set(key, { text, at });
    this.save();
  }

  /** Forgets a draft (its chat was deleted, or it became the chat's first message). */
  delete(key: string): void {
    const kept = this.drafts.get(key);
    if (!kept || kept.gone) return;
    this.drafts.set(key, { text: '', at: kept.at, gone: true });
    this.save();
  }

  /** Resolves once what was set is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async readFile(): Promise<Map<string, Stored>> {
    const out = new Map<string, Stored>();
    const bytes = await this.files.read(FILE).catch(() => undefined);
    if (!bytes) return out;
    try {
      const stored = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      if (!stored || typeof stored !== 'object') throw new Error('not an object');
      for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
        const draft = value as Partial<Stored> | null;
        if (typeof draft?.text === 'string' && typeof draft.at === 'number' && Number.isFinite(draft.at)) {
          out.set(key, { text: draft.text, at: draft.at, ...(draft.gone === true ? { gone: true } : {}) });
        }
      }
    } catch (err) {
      this.log?.(`drafts: ${FILE} unreadable (${(err as Error).message}): its drafts are lost, and the next write replaces it`);
    }
    return out;
  }

  private save(): void {
    this.dirty = true;
    this.writing ??= this.writeWhileDirty();
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await this.mergeAndWrite().catch((err: unknown) => this.log?.(`drafts: could not write ${FILE}: ${(err as Error).message}`));
      }
    } finally {
      this.writing = undefined;
    }
  }

  /**
   * Takes in another window's newer drafts and writes them all, under a lock shared with other windows
   * (as chatStore does): without it two windows could both read, then both write, and the first one's
   * draft would be lost from the file.
   */
  private async mergeAndWrite(): Promise<void> {
    const release = await this.files.lock('drafts');
    try {
      for (const [key, theirs] of await this.readFile()) if (newer(theirs, this.drafts.get(key))) this.drafts.set(key, theirs);
      this.keepNewest();
      await this.files.writeAtomic(FILE, utf8.encode(JSON.stringify(Object.fromEntries(this.drafts))));
    } finally {
      await release();
    }
  }

  private keepNewest(): void {
    if (this.drafts.size <= MAX_DRAFTS) return;
    const oldest = [...this.drafts].sort((a, b) => a[1].at - b[1].at).slice(0, this.drafts.size - MAX_DRAFTS);
    for (const [key] of oldest) this.drafts.delete(key);
  }
}
