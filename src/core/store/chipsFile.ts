// What waits in each chat's message box besides its text (the drafts keep that): the attachments, and
// an edit in progress with the message it set aside (its text and attachments, given back when the edit
// ends). Kept in one file so a chat switch or a window reload drops none of it. Written when a chat's
// box changes, never as the user types. An image's bytes are already kept by content hash beside the
// chats: the file holds its hash, not its base64 again.
import type { AttachmentRecord } from '../transcript';
import type { Part } from '../types';
import type { FileStore } from './ports';

const FILE = 'composer-chips.json';

export interface Chip {
  record: AttachmentRecord;
  parts: Part[];
}

/** A chat's message box as kept (the host's chips carry their bytes too; only `record` and `parts` are written). */
export interface KeptBox<C extends Chip = Chip> {
  chips: C[];
  /** The exchange being edited (`chips` are its attachments then). */
  editing?: string;
  /** What was being written when the edit began, given back when it ends. */
  aside?: SetAside<C>;
}

export interface SetAside<C extends Chip = Chip> {
  text: string;
  chips: C[];
}

/** Boxes by draft key (a chat id, or the new chat's key). */
type Stored = Record<string, KeptBox>;

const utf8 = new TextEncoder();

export class ChipsFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly files: FileStore,
    private readonly readBytes: (sha256: string) => Promise<Uint8Array | undefined>,
  ) {}

  /**
   * Keeps `box` as chat `key`'s (an empty one: forgets it). Writes run one at a time, in order, each on
   * the file as it is then, so another window's chats keep theirs.
   */
  save(key: string, box: KeptBox): Promise<void> {
    this.writing = this.writing
      .then(async () => {
        const stored = await this.read();
        if (box.chips.length > 0 || box.editing !== undefined) {
          stored[key] = {
            chips: box.chips.map(withoutKeptBytes),
            ...(box.editing !== undefined ? { editing: box.editing } : {}),
            ...(box.aside ? { aside: { text: box.aside.text, chips: box.aside.chips.map(withoutKeptBytes) } } : {}),
          };
        } else if (key in stored) delete stored[key];
        else return;
        await this.files.writeAtomic(FILE, utf8.encode(JSON.stringify(stored)));
      })
      .catch(() => undefined);
    return this.writing;
  }

  /** Chip `id` of chat `key`'s box (or of what its edit set aside), as kept, takes `uploaded` (its Files API reference). */
  async keepUploaded(key: string, id: string, uploaded: Chip): Promise<void> {
    const box = await this.load(key);
    const chip = [...box.chips, ...(box.aside?.chips ?? [])].find((c) => c.record.id === id);
    if (!chip) return;
    Object.assign(chip, uploaded);
    await this.save(key, box);
  }

  /** Resolves once what was saved is on disk. */
  async flush(): Promise<void> {
    await this.writing;
  }

  /** Chat `key`'s box, its images' bytes read back; an empty one when none is kept or the file is unreadable. */
  async load(key: string): Promise<KeptBox> {
    await this.flush();
    const kept: Partial<KeptBox> | undefined = (await this.read())[key];
    const box: KeptBox = { chips: await this.restored(kept?.chips) };
    if (typeof kept?.editing === 'string') {
      box.editing = kept.editing;
      if (kept.aside) box.aside = { text: typeof kept.aside.text === 'string' ? kept.aside.text : '', chips: await this.restored(kept.aside.chips) };
    }
    return box;
  }

  private async restored(chips: unknown): Promise<Chip[]> {
    if (!Array.isArray(chips)) return [];
    const out: Chip[] = [];
    for (const chip of chips as Chip[]) {
      const restored = await this.withKeptBytes(chip);
      if (restored) out.push(restored);
    }
    return out;
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
