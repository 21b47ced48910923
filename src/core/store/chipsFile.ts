// The attachments waiting in each chat's message box, kept in one file so a chat switch or a window
// reload does not drop them (the typed text comes back from the drafts; these come back with it).
// Written when a chat's chips change, never as the user types. An image's bytes are already kept by
// content hash beside the chats: the file holds its hash, not its base64 again.
import type { AttachmentRecord } from '../transcript';
import type { Part } from '../types';
import type { FileStore } from './ports';

const FILE = 'composer-chips.json';

export interface Chip {
  record: AttachmentRecord;
  parts: Part[];
}

/** Chips by draft key (a chat id, or the new chat's key). */
type Stored = Record<string, Chip[]>;

const utf8 = new TextEncoder();

export class ChipsFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: FileStore,
    private readonly readBytes: (sha256: string) => Promise<Uint8Array | undefined>,
  ) {}

  /**
   * Keeps `chips` as the ones waiting in chat `key` (none: forgets them). Writes run one at a time, in
   * order, each on the file as it is then, so another window's chats keep their chips.
   */
  save(key: string, chips: readonly Chip[]): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const stored = await this.read();
        if (chips.length > 0) stored[key] = chips.map(withoutKeptBytes);
        else if (key in stored) delete stored[key];
        else return;
        await this.files.writeAtomic(FILE, utf8.encode(JSON.stringify(stored)));
      })
      .catch(() => undefined);
    return this.writing;
  }

  /** Resolves once what was saved is on disk. */
  async flush(): Promise<void> {
    await this.writing;
  }

  /** The chips kept for chat `key`, their bytes read back; none when there are none or the file is unreadable. */
  async load(key: string): Promise<Chip[]> {
    await this.flush();
    const kept = (await this.read())[key];
    if (!Array.isArray(kept)) return [];
    const chips: Chip[] = [];
    for (const chip of kept) {
      const restored = await this.withKeptBytes(chip);
      if (restored) chips.push(restored);
    }
    return chips;
  }

  private async read(): Promise<Stored> {
    try {
      const bytes = await this.files.read(FILE);
      const stored: unknown = bytes ? JSON.parse(new TextDecoder().decode(bytes)) : {};
      return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Stored) : {};
    } catch {
      return {};
    }
  }

  /** The inline data put back from the kept bytes; undefined when they are gone (the chip is dropped). */
  private async withKeptBytes(chip: Chip): Promise<Chip | undefined> {
    if (typeof chip?.record?.id !== 'string' || !Array.isArray(chip.parts)) return undefined;
    const sha = chip.record.sha256;
    if (!sha || !chip.parts.some((p) => p.inlineData?.data === '')) return chip;
    const bytes = await this.readBytes(sha);
    if (!bytes) return undefined;
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    return { ...chip, parts: chip.parts.map((p) => (p.inlineData?.data === '' ? { ...p, inlineData: { ...p.inlineData, data } } : p)) };
  }
}

function withoutKeptBytes(chip: Chip): Chip {
  if (!chip.record.sha256) return { record: chip.record, parts: chip.parts };
  return { record: chip.record, parts: chip.parts.map((p) => (p.inlineData ? { ...p, inlineData: { ...p.inlineData, data: '' } } : p)) };
}
