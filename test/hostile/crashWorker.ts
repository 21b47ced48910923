// A stand-in extension host for the crash tests: a real ChatController with the real engine and store,
// chatting without pause against the loopback Gemini server given on the command line, until the test
// kills it with SIGKILL. Each line it prints is a fact already on disk when printed:
//   ready
//   saved <chatId> <exchangeId> <status>     (after send() returned: the final save has completed)
// Run as: node -r tsx/cjs crashWorker.ts <storageDir> <baseUrl> <seed>
import { GeminiClient } from '../../src/core';
import { ChatController } from '../../src/host/chat/chatController';
import { ChatStore } from '../../src/core/store/chatStore';
import { NodeFileStore } from '../../src/core/store/nodeFileStore';
import { DEFAULT_SETTINGS } from '../../src/host/settingsModel';
import { MemoryState } from '../support/memoryState';

const [storage, baseUrl, seedText] = process.argv.slice(2);
if (!storage || !baseUrl) throw new Error('usage: crashWorker <storageDir> <baseUrl> <seed>');

let seed = Number(seedText ?? 1) || 1;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

async function main(): Promise<void> {
  // A new window starts with an empty workspaceState here: the worst case, where the index was lost
  // with the process and the chats must be found again from their files.
  const store = new ChatStore({ files: new NodeFileStore(storage!), state: new MemoryState(), clock: { now: () => Date.now() } });
  const client = new GeminiClient({ apiKey: 'crash-test-key', baseUrl: baseUrl!, retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 20 } });
  const controller = new ChatController({
    store,
    getClient: () => Promise.resolve(client),
    settings: () => DEFAULT_SETTINGS,
    post: () => undefined,
    clock: { now: () => Date.now() },
    log: { info: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) },
    // Checkpoint often, so kills land during saves as well as between them.
    checkpointIntervalMs: 20,
  });
  await controller.init();
  const chats = store.list();
  if (chats.length > 0) await controller.switchTo(chats[Math.floor(random() * chats.length)]!.id);
  process.stdout.write('ready\n');
  for (let turn = 0; ; turn++) {
    const roll = random();
    if (roll < 0.15) await controller.newChat();
    else if (roll < 0.25 && store.list().length > 1) await controller.switchTo(store.list()[Math.floor(random() * store.list().length)]!.id);
    await controller.send(`message ${turn} from pid ${process.pid}`);
    const chat = controller.activeChat();
    for (const e of chat.exchanges) process.stdout.write(`saved ${chat.id} ${e.id} ${e.status}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`crash worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
