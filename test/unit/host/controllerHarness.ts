// A ChatController as the extension builds it, but on plain Node: the real engine against the
// loopback Gemini server, the real store in a temp folder, and the webview replaced by a list of the
// messages posted to it.
import { GeminiClient } from '../../../src/core';
import { ChatController, type ChatControllerPorts } from '../../../src/host/chat/chatController';
import type { TimerPort } from '../../../src/host/chat/timers';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../../src/host/settingsModel';
import type { HostToWebview } from '../../../src/shared/protocol';
import { FakeGemini } from '../../support/fakeGemini';
import { makeStore, MemoryState, tempDir } from '../store/storeHarness';

export const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 2, maxDelayMs: 10 };

/** Controllers made by `harness` during the current test: disposed after it, so no write lands in a removed folder. */
const live: ChatController[] = [];

/** A loopback Gemini and an empty storage folder for each test of the suite, both gone after it. */
export function eachTestFakeAndFolder(use: (fake: FakeGemini, dir: string) => void): void {
  let fake: FakeGemini | undefined;
  let cleanup = (): void => undefined;
  beforeEach(async () => {
    fake = await FakeGemini.start();
    const folder = tempDir();
    cleanup = folder.cleanup;
    use(fake, folder.dir);
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((c) => c.dispose()));
    await fake?.close();
    cleanup();
  });
}

export interface Harness {
  controller: ChatController;
  posts: HostToWebview[];
  state: MemoryState;
  store: ReturnType<typeof makeStore>['store'];
  settings: ChatSettings;
  /** Resolves with the next posted message of that type (or the one already posted, counting from `from`). */
  next<T extends HostToWebview['type']>(type: T, from?: number): Promise<Extract<HostToWebview, { type: T }>>;
  ofType<T extends HostToWebview['type']>(type: T): Extract<HostToWebview, { type: T }>[];
  client: GeminiClient | undefined;
}

export function harness(
  fake: FakeGemini,
  dir: string,
  opts: { state?: MemoryState; settings?: Partial<ChatSettings>; timers?: TimerPort; noKey?: boolean; ports?: Partial<ChatControllerPorts> } = {},
): Harness {
  const posts: HostToWebview[] = [];
  const waiters: { type: string; from: number; resolve: (m: HostToWebview) => void }[] = [];
  const { store, state } = makeStore(dir, opts.state ?? new MemoryState());
  const settings: ChatSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const client = opts.noKey ? undefined : new GeminiClient({ apiKey: 'test-key', baseUrl: fake.baseUrl, retry: FAST_RETRY });
  const controller = new ChatController({
    store,
    getClient: () => Promise.resolve(client),
    settings: () => settings,
    post: (m) => {
      posts.push(m);
      for (const w of [...waiters]) {
        if (w.type === m.type) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    },
    clock: { now: () => Date.now() },
    log: { info: () => undefined, warn: () => undefined, error: (m) => console.error(m) },
    ...(opts.timers ? { timers: opts.timers } : {}),
    ...opts.ports,
  });
  live.push(controller);
  const ofType = <T extends HostToWebview['type']>(type: T) => posts.filter((p): p is Extract<HostToWebview, { type: T }> => p.type === type);
  return {
    controller,
    posts,
    state,
    store,
    settings,
    client,
    ofType,
    next: (type, from = posts.length) => {
      const found = posts.slice(from).find((p) => p.type === type);
      if (found) return Promise.resolve(found as never);
      return new Promise((resolve) => waiters.push({ type, from, resolve: resolve as (m: HostToWebview) => void }));
    },
  };
}

/** A text chunk as Gemini streams it. */
export function textChunk(text: string, finishReason?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}), index: 0 }], ...extra };
}

/** Timers that fire only when the test says so: coalescing becomes deterministic. */
export class ManualTimers implements TimerPort {
  private pending = new Map<number, () => void>();
  private n = 0;
  set(fn: () => void): unknown {
    this.pending.set(++this.n, fn);
    return this.n;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
  fireAll(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
  }
}

interface RequestBody {
  contents: { role: string; parts: { text?: string }[] }[];
  generationConfig?: Record<string, unknown>;
}

/** The texts of a recorded request's contents, role-tagged. */
export function turnsOf(json: unknown): string[] {
  return (json as RequestBody).contents.map((c) => `${c.role}: ${c.parts.map((p) => p.text ?? '').join('')}`);
}

/**
 * What the webview shows for an exchange, replaying the posts as it does: turn/start, turn/update and
 * state/snapshot replace the answer, turn/chunk appends. `until` stops before the message at that index.
 */
export function mirrorOf(posts: HostToWebview[], exchangeId: string, until = posts.length): string {
  let markdown = '';
  for (const p of posts.slice(0, until)) {
    if ((p.type === 'turn/start' || p.type === 'turn/update') && p.exchange.id === exchangeId) markdown = p.exchange.answer.markdown;
    else if (p.type === 'state/snapshot') markdown = p.snapshot.chat?.exchanges.find((e) => e.id === exchangeId)?.answer.markdown ?? '';
    else if (p.type === 'turn/chunk' && p.exchangeId === exchangeId) markdown += p.text ?? '';
  }
  return markdown;
}
