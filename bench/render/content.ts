// What the rendering cases show: a long Markdown answer (prose, lists, headings, 30 fenced code
// blocks, inline code and links) cut into stream chunks, and chats of many exchanges as snapshots.
import type { ExchangeView, Snapshot } from '../../src/shared/protocol';

const PROSE = [
  'The renderer keeps **settled blocks** as they are and only re-renders the open tail, so the cost of a flush stays flat as the answer grows.',
  'A `ChatSession` sends the curated history with every request; the store keeps each exchange exactly as received, thought signatures included.',
  'When the reader scrolls up, the view stops following the stream and offers a button to jump back to the latest text.',
  'Links such as [the API reference](https://ai.google.dev/api) open through the host, never inside the webview itself.',
];
const CODE = [
  'export function flush(queue: string[]): string {\n  const text = queue.join("");\n  queue.length = 0;\n  return text;\n}',
  'for (const chunk of stream) {\n  total += chunk.length;\n  if (total > limit) break;\n}',
  'def render(blocks):\n    return "\\n".join(b.html for b in blocks if b.settled)',
];
const LANGS = ['ts', 'js', 'python'];

/** About `chars` characters of Markdown with `codeBlocks` fenced blocks spread evenly through it. */
export function longAnswer(chars = 200_000, codeBlocks = 30): string {
  const sections: string[] = [];
  let size = 0;
  let code = 0;
  let i = 0;
  const perCode = chars / (codeBlocks + 1);
  while (size < chars) {
    let s = '';
    if (i % 6 === 0) s += `## Part ${i / 6 + 1}: what happens next\n\n`;
    s += `${PROSE[i % PROSE.length]} ${PROSE[(i + 1) % PROSE.length]}\n\n`;
    if (i % 3 === 1) s += `- first, ${PROSE[(i + 2) % PROSE.length]}\n- then \`step ${i}\` runs\n- finally the result is *checked*\n\n`;
    if (i % 5 === 2) s += `1. Open the view\n2. Ask about item ${i}\n3. Read the answer as it streams\n\n`;
    if (code < codeBlocks && size >= (code + 1) * perCode - 400) {
      s += `\`\`\`${LANGS[code % LANGS.length]}\n${CODE[code % CODE.length]}\n// block ${code + 1}\n\`\`\`\n\n`;
      code++;
    }
    sections.push(s);
    size += s.length;
    i++;
  }
  while (code < codeBlocks) {
    sections.push(`\`\`\`ts\n${CODE[0]}\n// block ${++code}\n\`\`\`\n\n`);
  }
  return sections.join('').slice(0, chars).replace(/\s+$/, '') + '\n\nThe end of the answer: ZEBRA-FINAL-WORD.';
}

export const LAST_WORD = 'ZEBRA-FINAL-WORD';

/** Cuts text into `n` pieces of nearly equal length, at arbitrary places (as a tokenizer would). */
export function cut(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(text.slice(Math.floor((i * text.length) / n), Math.floor(((i + 1) * text.length) / n)));
  return out;
}

const SHORT_ANSWER =
  'Here is what I found.\n\n- The cache is rebuilt on every save.\n- `readIndex` validates the stored value.\n\n```ts\nconst index = readIndex(state.get(KEY));\n```\n\nThat should be all you need.';

export function exchangeView(i: number, markdown = SHORT_ANSWER, status: ExchangeView['answer']['status'] = 'complete'): ExchangeView {
  return {
    id: `ex-${i}`,
    user: { text: `Question ${i}: how does this part work?`, attachments: [] },
    answer: { markdown, status, candidateIndex: 0, candidateCount: 1, finishReason: status === 'complete' ? 'STOP' : undefined },
  };
}

/** A snapshot of one chat with `exchanges` finished exchanges (plus `extra` at the end). */
export function chatSnapshot(exchanges: number, extra: ExchangeView[] = [], busy = false): Snapshot {
  const list = Array.from({ length: exchanges }, (_, i) => exchangeView(i));
  return {
    chats: [{ id: 'bench-chat', title: 'Benchmark chat' }],
    chat: { id: 'bench-chat', title: 'Benchmark chat', model: 'gemini-2.5-flash', exchanges: [...list, ...extra] },
    busy,
    needsCredentials: false,
    composer: { attachments: [] },
  };
}
