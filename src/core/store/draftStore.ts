// What the user typed for each chat and has not sent, kept in a file beside the chats. The view keeps
// its own copy (its state, instant across hiding the view), but a browser-hosted VS Code saves a view's
// state lazily, and a reload can bring back an old copy: a message sent long ago instead of the text
// typed last. This file is written as the user types, one write at a time, the newest text last.
// An emptied draft is kept as empty (with its time), so it also wins over an old copy that was not.
import type { FileStore } from './ports';

export interface Draft {
  text: string;
  /** When it was typed, by the view's clock (the view compares it with its own copy's). */
  at: number;
}

const FILE = 'drafts.json';
/** Drafts kept, the most recently typed; older ones go. */
const MAX_DRAFTS = 50;
const utf8 = new TextEncoder();

export class DraftStore {
  private readonly drafts = new Map<string, Draft>();
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly files: FileStore,
    private readonly log?: (message: string) => void,
  ) {}

  /** Reads the file; a missing or damaged one is an empty list (drafts are a convenience, never a blocker). */
  async load(): Promise<void> {
    const bytes = await this.files.read(FILE).catch(() => undefined);
    if (!bytes) return;
    try {
      const stored = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      if (!stored || typeof stored !== 'object') throw new Error('not an object');
      for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
        const draft = value as Partial<Draft> | null;
        if (typeof draft?.text === 'string' && typeof draft.at === 'number' && Number.isFinite(draft.at)) {
          this.drafts.set(key, { text: draft.text, at: draft.at });
        }
      }
    } catch (err) {
      this.log?.(`drafts: ${FILE} unreadable (${(err as Error).message}), starting without drafts`);
    }
  }

  get(key: string): Draft | undefined {
    return this.drafts.get(key);
  }

  /** Keeps `text` as typed at `at` (empty: emptied at `at`); an older write than the one kept is ignored. */
  set(key: string, text: string, at: number): void {
    const kept = this.drafts.get(key);
    if (kept && kept.at > at) return;
    this.drafts.delete(key);
    this.drafts.set(key, { text, at });
    for (const old of this.drafts.keys()) {
      if (this.drafts.size <= MAX_DRAFTS) break;
      this.drafts.delete(old);
    }
    this.save();
  }

  /** Forgets a draft entirely (its chat was deleted, or it became the chat's first message). */
  delete(key: string): void {
    if (this.drafts.delete(key)) this.save();
  }

  /** Resolves once what was set is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private save(): void {
    this.dirty = true;
    this.writing ??= this.writeWhileDirty();
  }

  private async writeWhileDirty(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const data = utf8.encode(JSON.stringify(Object.fromEntries(this.drafts)));
        await this.files.writeAtomic(FILE, data).catch((err: unknown) => this.log?.(`drafts: could not write ${FILE}: ${(err as Error).message}`));
      }
    } finally {
      this.writing = undefined;
    }
  }
}
