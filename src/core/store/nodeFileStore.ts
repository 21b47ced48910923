// FileStore over node:fs, rooted at one folder (the extension's storageUri / globalStorageUri path).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileStore } from './ports';

export class NodeFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private resolve(name: string): string {
    // Names come from the store itself; still, refuse anything that would leave the root.
    const full = path.resolve(this.root, name);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) throw new Error(`path outside the store: ${name}`);
    return full;
  }

  async read(name: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.resolve(name));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async writeAtomic(name: string, data: Uint8Array): Promise<void> {
    const target = this.resolve(name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // A unique temp name per write: two windows (two processes) may write the same file at once.
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(data);
      // Flushed before the rename, so a crash cannot leave the new name pointing at unwritten blocks.
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const target = this.resolve(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(this.resolve(from), target);
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.resolve(name), { force: true });
  }

  async list(folder: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.resolve(folder), { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      await fs.access(this.resolve(name));
      return true;
    } catch {
      return false;
    }
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
