// The small ports the chat store runs on, so it is the same code in VS Code (workspaceState + the
// extension's storage folder) and in plain Node tests (a Map + a temp dir).

/** Files under one root folder; names are relative, '/'-separated, chosen by the store (never by input). */
export interface FileStore {
  /** The bytes, or undefined when there is no such file. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** Writes so that a reader sees the old bytes or the new ones, never a mix (temp file + rename). */
  writeAtomic(name: string, data: Uint8Array): Promise<void>;
  /** The bytes from offset `start` up to `end` (default: the end), or undefined when there is no such file. */
  readRange(name: string, start: number, end?: number): Promise<Uint8Array | undefined>;
  /**
   * Adds bytes to the end of a file that is `size` bytes long, flushed before it returns. Writes nothing
   * and returns false when the file is missing or has another size (someone else wrote it). A kill
   * mid-way leaves the file with a prefix of the bytes; bytes already there never change.
   */
  append(name: string, size: number, data: Uint8Array): Promise<boolean>;
  /** Moves a file (same folder tree); replaces the target. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file; no error when it is already gone. */
  remove(name: string): Promise<void>;
  /** The names of the files directly in a folder (empty when it does not exist). */
  list(folder: string): Promise<string[]>;
  exists(name: string): Promise<boolean>;
  /**
   * Holds an exclusive lock named `name` across processes (two VS Code windows on one workspace) until
   * the returned release is called. A lock left by a process that died is taken over.
   */
  lock(name: string): Promise<() => Promise<void>>;
  /**
   * Deletes temp files left by writes that cannot finish (their writer was killed), keeping those a
   * live process (another window) is writing now. Returns the names removed.
   */
  removeStaleTemps(): Promise<string[]>;
  /** Size and modification time, or undefined when there is no such file. */
  stat(name: string): Promise<FileStamp | undefined>;
}

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** A small key-value store (VS Code's workspaceState): every value is serialized whole on each update. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
