// The attachments waiting in the open chat's message box, kept in a file so a window reload does not
// drop them (the typed text comes back from the drafts; these come back with it). Written when the
// chips change, never as the user types. An image's bytes are already kept by content hash beside the
// chats: the file holds its hash, not its base64 again.
import type { AttachmentRecord } from '../transcript';
import type { Part } from '../types';
import type { FileStore } from './ports';

const FILE = 'composer-chips.json';

export interface Chip {
  record: AttachmentRecord;
  parts: Part[];
}

interface Stored {
  chatId: string;
  chips: Chip[];
}

const utf8 = new TextEncoder();

export class ChipsFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: FileStore,
    private readonly readBytes: (sha256: string) => Promise<Uint8Array | undefined>,
  ) {}

  /** Keeps `chips` as the ones waiting in chat `chatId` (none: forgets them). Writes run one at a time, in order. */
  save(chatId: string, chips: readonly Chip[]): Promise<void> {
    const stored: Stored = { chatId, chips: chips.map(withoutKeptBytes) };
    this.writing = this.writing.then(() => this.files.writeAtomic(FILE, utf8.encode(JSON.stringify(stored)))).catch(() => undefined);
    return this.writing;
  }

  /** Resolves once what was saved is on disk. */
  async flush(): Promise<void> {
    await this.writing;
  }

  /** The chips kept for `chatId`, their bytes read back; none for another chat, or a file unreadable. */
  async load(chatId: string): Promise<Chip[]> {
    await this.flush();
    try {
      const bytes = await this.files.read(FILE);
      if (!bytes) return [];
      const stored = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Stored>;
      if (stored.chatId !== chatId || !Array.isArray(stored.chips)) return [];
      const chips: Chip[] = [];
      for (const chip of stored.chips) {
        const restored = await this.withKeptBytes(chip);
        if (restored) chips.push(restored);
      }
      return chips;
    } catch {
      return [];
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
