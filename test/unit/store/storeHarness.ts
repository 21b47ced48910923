// A ChatStore on a temp folder and an in-memory key-value store, as one VS Code window would have.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatStore, type DamagedChat } from '../../../src/core/store/chatStore';
import { NodeFileStore } from '../../../src/core/store/nodeFileStore';
import { TRANSCRIPT_VERSION, type ChatRecord, type ExchangeRecord } from '../../../src/core/transcript';
import { MemoryState } from '../../support/memoryState';
export { MemoryState };


export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gemini-chat-store-'));
  // Retried: a write the test did not wait for (a draft saved in the background) may land meanwhile.
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }) };
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
