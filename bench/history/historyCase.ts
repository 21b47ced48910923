// Case 3: history growth. The time to add one exchange to a chat and save it (what the host does when
// an answer ends) at 10, 100 and 1,000 exchanges, with and without a 1 MB image in the chat's first
// message, through the real ChatStore on a temp folder; and the bytes workspaceState holds with 100
// chats. The sizes are interleaved round by round, so drift hits them all alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatStore, NodeFileStore } from '../../src/core/store';
import { TRANSCRIPT_VERSION, type ChatRecord, type ExchangeRecord } from '../../src/core/transcript';
import { interleave, pairedRatio, summarize } from '../lib/stats';
import { row, single, type BenchOptions, type CaseResult, type Row } from '../lib/report';
import { MemoryState } from '../../test/support/memoryState';

/** workspaceState as VS Code keeps it: every value serialized whole on each update. */

const ANSWER = 'A typical answer paragraph with `code`, a list and some prose. '.repeat(25); // ~1.6 KB
let serial = 0;

function exchange(i: number, image?: string): ExchangeRecord {
  serial++;
  const text = `Question ${i}: how does this part of the code work, and what would you change?`;
  return {
    id: `ex-${serial}`,
    createdAt: 1_700_000_000_000 + serial,
    text,
    attachments: image ? [{ id: `att-${serial}`, label: 'screenshot.png', kind: 'image', mimeType: 'image/png', size: 1024 * 1024, partCount: 1 }] : [],
    user: { role: 'user', parts: [...(image ? [{ inlineData: { mimeType: 'image/png', data: image } }] : []), { text }] },
    model: [{ role: 'model', parts: [{ text: `Answer ${i}. ${ANSWER}` }] }],
    status: 'complete',
    finishReason: 'STOP',
    usage: { promptTokenCount: 100, candidatesTokenCount: 400, totalTokenCount: 500 },
  };
}

function chatOf(id: string, exchanges: ExchangeRecord[]): ChatRecord {
  return { version: TRANSCRIPT_VERSION, id, title: `Chat ${id}`, model: 'gemini-2.5-flash', config: {}, createdAt: 1, updatedAt: 2, exchanges };
}

interface Setup {
  key: string;
  turns: number;
  image: boolean;
  store: ChatStore;
  chat: ChatRecord;
}

export async function historyCase(opts: BenchOptions): Promise<CaseResult> {
  const sizes = opts.smoke ? [2, 4, 8] : [10, 100, 1_000];
  const imageBytes = opts.smoke ? 4 * 1024 : 1024 * 1024;
  const image = Buffer.alloc(imageBytes, 7).toString('base64');
  const root = mkdtempSync(path.join(tmpdir(), 'gemini-chat-bench-history-'));
  try {
    const setups: Setup[] = [];
    for (const withImage of [false, true]) {
      for (const turns of sizes) {
        const key = `${turns}${withImage ? '+img' : ''}`;
        const store = new ChatStore({ files: new NodeFileStore(path.join(root, key)), state: new MemoryState(), clock: { now: () => Date.now() } });
        const chat = chatOf(`chat-${turns}-${withImage ? 'img' : 'plain'}`, Array.from({ length: turns }, (_, i) => exchange(i, withImage && i === 0 ? image : undefined)));
        await store.save(chat);
        setups.push({ key, turns, image: withImage, store, chat });
      }
    }
    const byKey = new Map(setups.map((s) => [s.key, s]));
    const addAndSave = async (key: string): Promise<number> => {
      const s = byKey.get(key) as Setup;
      const start = performance.now();
      s.chat.exchanges.push(exchange(s.chat.exchanges.length));
      s.chat.updatedAt = Date.now();
      await s.store.save(s.chat);
      return performance.now() - start;
    };
    for (const s of setups) await addAndSave(s.key); // warm-up
    const times = await interleave(
      setups.map((s) => s.key),
      Math.max(opts.rounds, opts.smoke ? 1 : 9),
      addAndSave,
    );
    const rows: Row[] = [];
    const [small, , large] = sizes as [number, number, number];
    for (const withImage of [false, true]) {
      const suffix = withImage ? ` + ${imageBytes >= 1024 * 1024 ? '1 MB' : `${imageBytes / 1024} KB`} image` : '';
      for (const turns of sizes) rows.push(row(`add a turn + save at ${turns.toLocaleString('en-US')} exchanges${suffix}`, 'ms', summarize(times[`${turns}${withImage ? '+img' : ''}`] ?? [])));
      const k = (t: number): number[] => times[`${t}${withImage ? '+img' : ''}`] ?? [];
      rows.push(row(`${large.toLocaleString('en-US')} / ${small} exchanges${suffix}`, '×', pairedRatio(k(large), k(small)), { max: 2 }));
    }

    // workspaceState with 100 chats: only the index lives there.
    const state = new MemoryState();
    const store = new ChatStore({ files: new NodeFileStore(path.join(root, 'many')), state, clock: { now: () => Date.now() } });
    const chats = opts.smoke ? 5 : 100;
    for (let i = 0; i < chats; i++) {
      const chat = chatOf(`many-${i}`, Array.from({ length: 5 }, (_, j) => exchange(j)));
      chat.title = `A chat about part ${i} of the project, with a title as long as users make them`;
      await store.save(chat);
    }
    await store.setActiveChatId('many-0');
    rows.push(single(`workspaceState bytes with ${chats} chats`, 'KB', state.bytes / 1024, { max: 64 }));
    return { id: 3, title: 'History growth', rows, details: { times, workspaceStateBytes: state.bytes } };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
