// The three stream-consumption scenarios of case 1, built the same way in the parent (the bytes the
// server writes) and in each contender's process (the history it sends), so every contender reads
// exactly the same bytes and sends exactly the same conversation.

export type ScenarioName = 'chunks' | 'inline' | 'history';

export interface ScenarioSizes {
  /** Events in the small-chunks stream. */
  chunks: number;
  /** Characters of text per small chunk. */
  chunkChars: number;
  /** Raw bytes of the inlineData event (its base64 is 4/3 of this). */
  inlineBytes: number;
  /** Exchanges (a user and a model Content each) in the re-sent history. */
  historyExchanges: number;
  /** Characters per history Content. */
  historyChars: number;
}

export const FULL_SIZES: ScenarioSizes = { chunks: 2_000, chunkChars: 50, inlineBytes: 15 * 1024 * 1024, historyExchanges: 200, historyChars: 1_000 };
export const SMOKE_SIZES: ScenarioSizes = { chunks: 20, chunkChars: 50, inlineBytes: 64 * 1024, historyExchanges: 5, historyChars: 100 };

export const MODEL = 'gemini-2.5-flash';

interface WireContent {
  role: 'user' | 'model';
  parts: ({ text: string } | { inlineData: { mimeType: string; data: string } })[];
}

function words(n: number, seed: number): string {
  const vocab = ['stream', 'gemini', 'chunk', 'answer', 'token', 'editor', 'render', 'history', 'model', 'prompt'];
  let out = '';
  for (let i = 0; out.length < n; i++) out += `${vocab[(i * 7 + seed) % vocab.length]} `;
  return out.slice(0, n);
}

function event(parts: WireContent['parts'], last: boolean): string {
  const body = {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
    ...(last ? { usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 } } : {}),
    modelVersion: MODEL,
  };
  return `data: ${JSON.stringify(body)}\r\n\r\n`;
}

/** What the server writes, one Buffer per write. */
export function responsePieces(name: ScenarioName, sizes: ScenarioSizes): Buffer[] {
  switch (name) {
    case 'chunks':
      return Array.from({ length: sizes.chunks }, (_, i) => Buffer.from(event([{ text: words(sizes.chunkChars, i) }], i === sizes.chunks - 1)));
    case 'inline': {
      const raw = Buffer.alloc(sizes.inlineBytes);
      for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + 7) & 0xff;
      return [Buffer.from(event([{ inlineData: { mimeType: 'image/png', data: raw.toString('base64') } }], true))];
    }
    case 'history':
      return [Buffer.from(event([{ text: 'OK.' }], true))];
  }
}

/** The history a contender's chat is created with (empty except for the history scenario). */
export function scenarioHistory(name: ScenarioName, sizes: ScenarioSizes): WireContent[] {
  if (name !== 'history') return [];
  const out: WireContent[] = [];
  for (let i = 0; i < sizes.historyExchanges; i++) {
    out.push({ role: 'user', parts: [{ text: `Question ${i}: ${words(sizes.historyChars, i)}` }] });
    out.push({ role: 'model', parts: [{ text: `Answer ${i}: ${words(sizes.historyChars, i + 3)}` }] });
  }
  return out;
}

export const MESSAGE = 'Tell me more.';
