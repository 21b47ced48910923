// FileStore over node:fs, rooted at one folder (the extension's storageUri / globalStorageUri path).
import { constants as fsConstants, promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileStamp, FileStore } from './ports';

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
    // A unique temp name per write: two windows (two processes) may write the same file at once. The
    // writer's pid in the name lets removeStaleTemps tell a killed writer's leftover from a live write.
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

  async readRange(name: string, start: number, end?: number): Promise<Uint8Array | undefined> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.resolve(name), 'r');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      const stop = Math.min(end ?? Infinity, (await handle.stat()).size);
      const buffer = Buffer.alloc(Math.max(0, stop - start));
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return buffer.subarray(0, read);
    } finally {
      await handle.close();
    }
  }

  async append(name: string, size: number, data: Uint8Array): Promise<boolean> {
    let handle: fs.FileHandle;
    try {
      // No O_CREAT: a file deleted meanwhile must not come back holding only the appended lines.
      handle = await fs.open(this.resolve(name), fsConstants.O_WRONLY | fsConstants.O_APPEND);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    try {
      if ((await handle.stat()).size !== size) return false;
      let written = 0;
      while (written < data.length) written += (await handle.write(data, written, data.length - written)).bytesWritten;
      // Flushed before the caller goes on, as writeAtomic is: what it reports saved is on the disk.
      await handle.datasync();
      return true;
    } finally {
      await handle.close();
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

  async lock(name: string): Promise<() => Promise<void>> {
    const file = this.resolve(`${name}.lock`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        // 'wx' fails when the file exists: creating it is the atomic "take the lock".
        await fs.writeFile(file, `${process.pid} ${Date.now()}`, { flag: 'wx' });
        return () => fs.rm(file, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (await isStaleLock(file)) {
        await fs.rm(file, { force: true });
        continue;
      }
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`${name} is locked by another window; try again`);
      await new Promise((r) => setTimeout(r, Math.min(25, 1 + attempt)));
    }
  }

  /**
   * Deletes the temp files of writes that can no longer finish: their writer's process is gone (a
   * window killed mid-write), or they are older than any write takes (the pid may since have been
   * reused by an unrelated process). A temp whose writer is alive is another window writing right now
   * and is kept: deleting it would make that window's rename fail. Returns the names removed.
   */
  async removeStaleTemps(): Promise<string[]> {
    const removed: string[] = [];
    const now = Date.now();
    for (const name of await this.walk('')) {
      const pid = TEMP_NAME.exec(name)?.[1];
      if (pid === undefined) continue;
      const stamp = await this.stat(name);
      if (!stamp) continue; // renamed into place meanwhile
      const old = now - stamp.mtimeMs > TEMP_STALE_MS;
      if (!old && (Number(pid) === process.pid || processAlive(Number(pid)))) continue;
      await this.remove(name);
      removed.push(name);
    }
    return removed;
  }

  /** Every file under a folder, as store names (a missing folder holds none). */
  private async walk(folder: string): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(this.resolve(folder || '.'), { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    const names: string[] = [];
    for (const e of entries) {
      const name = folder ? `${folder}/${e.name}` : e.name;
      if (e.isDirectory()) names.push(...(await this.walk(name)));
      else if (e.isFile()) names.push(name);
    }
    return names;
  }

  async stat(name: string): Promise<FileStamp | undefined> {
    try {
      const st = await fs.stat(this.resolve(name));
      return { size: st.size, mtimeMs: st.mtimeMs };
    } catch (err) {
      if (isNotFound(err)) return undefined;
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

/** How long a save waits for another window's write of the same chat (writes take milliseconds). */
const LOCK_WAIT_MS = 15_000;
/** A lock older than this is left over (its holder hung or crashed on another machine). */
const LOCK_STALE_MS = 10_000;

/** writeAtomic's temp names: `<target>.<pid>.<8 hex>.tmp`. */
const TEMP_NAME = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/**
 * A temp file older than this is left over whatever its pid says. A write takes milliseconds (seconds
 * for a large attachment on a slow disk); an hour leaves a wide margin for a live window's write.
 */
const TEMP_STALE_MS = 60 * 60_000;

/** Whether a process with this pid exists (EPERM: it does, under another user). */
function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A lock whose process is gone (a killed window) or that is very old is stale. */
async function isStaleLock(file: string): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, { mtimeMs }] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
  } catch {
    return false; // released meanwhile: just try again
  }
  if (Date.now() - mtimeMs > LOCK_STALE_MS) return true;
  const pid = Number(text.split(' ')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return Date.now() - mtimeMs > 1_000; // being written, or junk
  if (pid === process.pid) return false;
  return !processAlive(pid);
}
