// workspaceState as VS Code keeps it, in memory: every value serialized whole on each update, so sizes
// are real and no reference is shared. Used by the store tests, the crash worker and the benchmarks.
import type { KeyValueStore } from '../../src/core/store/ports';

export class MemoryState implements KeyValueStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
  /** What the store holds, in bytes (keys and serialized values). */
  get bytes(): number {
    let n = 0;
    for (const [k, v] of this.values) n += Buffer.byteLength(k) + Buffer.byteLength(v);
    return n;
  }
}
