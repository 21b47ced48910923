// A ChatStore on a temp folder and an in-memory key-value store, as one VS Code window would have.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatStore, type DamagedChat } from '../../../src/core/store/chatStore';
import { NodeFileStore } from '../../../src/core/store/nodeFileStore';
import type { KeyValueStore } from '../../../src/core/store/ports';
import { TRANSCRIPT_VERSION, type ChatRecord, type ExchangeRecord } from '../../../src/core/transcript';

export class MemoryState implements KeyValueStore {
  readonly values = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    // Serialized like VS Code does, so sizes are real and no reference is shared.
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeStore(dir: string, state = new MemoryState(), now = () => Date.now()) {
  const damaged: DamagedChat[] = [];
  const store = new ChatStore({ files: new NodeFileStore(dir), state, clock: { now }, onDamaged: (d) => damaged.push(d) });
  return { store, state, damaged };
}

let n = 0;
export function exchange(text: string, answer: string, extra: Partial<ExchangeRecord> = {}): ExchangeRecord {
  n++;
  return {
    id: `ex-${n}-${text.length}`,
    createdAt: 1_000 + n,
    text,
    attachments: [],
    user: { role: 'user', parts: [{ text }] },
    model: answer ? [{ role: 'model', parts: [{ text: answer }] }] : [],
    status: 'complete',
    ...extra,
  };
}

export function chat(id: string, exchanges: ExchangeRecord[] = [], title = `Chat ${id}`): ChatRecord {
  return { version: TRANSCRIPT_VERSION, id, title, model: 'gemini-2.5-flash', config: {}, createdAt: 1, updatedAt: 2, exchanges };
}
