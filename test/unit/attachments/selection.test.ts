import { strict as assert } from 'node:assert';
import { GeminiClient } from '../../../src/core';
import { prepareSelection } from '../../../src/core/attachments/prepareAttachment';
import { attachmentOrigin, selectionLineRange } from '../../../src/core/attachments/textParts';
import type { Content } from '../../../src/core/types';
import { userContentOf } from '../../../src/host/chat/pendingAttachments';
import { FakeGemini, sse } from '../../support/fakeGemini';

describe('a selection as a part', () => {
  it('is a fenced block tagged with the language, headed by the workspace path and line range', () => {
    const a = prepareSelection('app.ts', { text: 'const a = 1;\nconst b = 2;', languageId: 'typescript', displayPath: 'src/app.ts', startLine: 12, endLine: 13 });
    assert.equal(a.parts[0]?.text, 'src/app.ts (lines 12-13):\n```typescript\nconst a = 1;\nconst b = 2;\n```\n');
    assert.equal(a.record.label, 'app.ts:12-13');
    assert.equal(a.record.kind, 'selection');
    assert.equal(a.record.detail, 'src/app.ts:12-13');
  });

  it('its record says where it came from, so its chip can open the file at those lines again', () => {
    const at = (displayPath: string, startLine: number, endLine: number) =>
      attachmentOrigin('selection', prepareSelection('x', { text: 'a', languageId: 'plaintext', displayPath, startLine, endLine }).record.detail);
    assert.deepEqual(at('src/app.ts', 12, 13), { path: 'src/app.ts', lines: { startLine: 12, endLine: 13 } });
    assert.deepEqual(at('C:\\work\\a:b.ts', 7, 7), { path: 'C:\\work\\a:b.ts', lines: { startLine: 7, endLine: 7 } }, 'a colon in the path, one line');
    assert.deepEqual(attachmentOrigin('text', 'notes/v2:draft.md'), { path: 'notes/v2:draft.md' }, 'a file: its path as is');
    assert.equal(attachmentOrigin('image', undefined), undefined);
  });

  it('an empty selection, or one of blank space only, is refused as an empty file is: there is nothing to attach', () => {
    const at = { languageId: 'plaintext', displayPath: 'notes.txt', startLine: 1, endLine: 2 };
    assert.throws(() => prepareSelection('notes.txt', { text: '', ...at }), { message: 'The selection in “notes.txt” is empty: there is nothing to attach.' });
    assert.throws(() => prepareSelection('notes.txt', { text: '  \n\t\n', ...at }), { message: 'The selection in “notes.txt” is only blank space: there is nothing to attach.' });
  });

  it('uses a fence longer than any backtick run inside, so the selection cannot close it', () => {
    const text = 'Use ```js\ncode\n``` or ````` five';
    const a = prepareSelection('README.md', { text, languageId: 'markdown', displayPath: 'README.md', startLine: 3, endLine: 3 });
    assert.equal(a.parts[0]?.text, `README.md (line 3):\n\`\`\`\`\`\`markdown\n${text}\n\`\`\`\`\`\`\n`);
    assert.equal(a.record.detail, 'README.md:3', 'one line is "3", not "3-3"');
  });

  it('counts lines from 1, and a selection ending at the start of a line ends on the line before', () => {
    assert.deepEqual(selectionLineRange({ line: 11, character: 4 }, { line: 29, character: 7 }), { startLine: 12, endLine: 30 });
    assert.deepEqual(selectionLineRange({ line: 11, character: 0 }, { line: 14, character: 0 }), { startLine: 12, endLine: 14 });
    assert.deepEqual(selectionLineRange({ line: 5, character: 0 }, { line: 5, character: 0 }), { startLine: 6, endLine: 6 });
  });

  it('reaches Gemini in the request body with its path, range and language, before the question', async () => {
    const fake = await FakeGemini.start();
    try {
      fake.enqueue(sse([{ candidates: [{ content: { role: 'model', parts: [{ text: 'It adds.' }] }, finishReason: 'STOP' }] }]));
      const selection = prepareSelection('math.ts', { text: 'export const add = (a: number, b: number) => a + b;', languageId: 'typescript', displayPath: 'src/math.ts', startLine: 7, endLine: 7 });
      // The user Content as the chat controller builds it from the composer's chips and text.
      const { user } = userContentOf('What does this do?', [selection]);
      const session = new GeminiClient({ apiKey: 'k', baseUrl: fake.baseUrl }).chats.create({ model: 'gemini-2.5-flash' });
      for await (const chunk of await session.sendMessageStream({ message: user.parts })) void chunk;
      const body = fake.generateRequests[0]?.json as { contents: Content[] };
      assert.deepEqual(body.contents, [
        {
          role: 'user',
          parts: [{ text: 'src/math.ts (line 7):\n```typescript\nexport const add = (a: number, b: number) => a + b;\n```\n' }, { text: 'What does this do?' }],
        },
      ]);
    } finally {
      await fake.close();
    }
  });

  it('refuses a selection larger than a text file may be, saying how large and what to do', () => {
    const text = 'x'.repeat(Math.round(4.3 * 1024 * 1024));
    assert.throws(
      () => prepareSelection('huge.ts', { text, languageId: 'typescript', displayPath: 'huge.ts', startLine: 1, endLine: 1 }),
      /The selection in “huge\.ts” is 4\.3 MB; a selection can be at most 2 MB of text\. Select a smaller part\./,
    );
  });
});

