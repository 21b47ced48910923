import { strict as assert } from 'node:assert';
import MarkdownIt from 'markdown-it';
import { chatToMarkdown } from '../../../src/core/export/markdownExport';
import { PNG } from '../attachments/tempWorkspace';
import { sampleChat } from './sampleChat';

const exportedAt = Date.UTC(2026, 10, 22, 12, 0);
// Rendered with raw HTML on, as a permissive Markdown viewer would: whatever survives here survives anywhere.
const render = (md: string): string => new MarkdownIt({ html: true }).render(md);

describe('Markdown export', () => {
  it('has the title, model and dates, then both sides of every turn in order', async () => {
    const { markdown } = await chatToMarkdown(sampleChat(), { exportedAt, assetsDir: 'chat-files' });
    const lines = markdown.split('\n');
    assert.equal(lines[0], '# Why &lt;b>does&lt;/b> add() fail?');
    assert.ok(markdown.includes('- Model: gemini-2.5-flash\n- Started: 2026-11-20 09:30 UTC\n- Exported: 2026-11-22 12:00 UTC'));
    const headings = lines.filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, ['## You', '## Gemini', '## You', '## Gemini', '## You', '## Gemini']);
    // (A question is plain text, as the view shows it: its backticks are escaped.)
    const order = ['Why does this fail?', 'It subtracts. Fix:', 'And now?', '(error: The model is overloaded (503).)', 'Thanks, and \\`b\\`?', 'b is fine.'];
    let at = 0;
    for (const text of order) {
      const found = markdown.indexOf(text, at);
      assert.ok(found > at, `"${text}" after position ${at}`);
      at = found;
    }
  });

  it('an answer still arriving when exported is marked so, as an interrupted one is', async () => {
    const chat = sampleChat();
    chat.exchanges.at(-1)!.status = 'streaming';
    const { markdown } = await chatToMarkdown(chat, { exportedAt });
    assert.ok(markdown.trimEnd().endsWith('b is fine.\n\n_(still arriving when exported)_'), markdown.slice(-200));
  });

  it('an answer that ended early says why, and an empty one says it was empty, as the chat view does', async () => {
    const chat = sampleChat();
    const last = chat.exchanges.at(-1)!;
    last.finishReason = 'MAX_TOKENS';
    let { markdown } = await chatToMarkdown(chat, { exportedAt });
    assert.ok(markdown.trimEnd().endsWith('b is fine.\n\n_(The answer reached its maximum length (MAX_TOKENS).)_'), markdown.slice(-200));
    last.finishReason = 'STOP';
    last.model = [{ role: 'model', parts: [{ text: '' }] }];
    ({ markdown } = await chatToMarkdown(chat, { exportedAt }));
    assert.ok(markdown.trimEnd().endsWith('## Gemini\n\n_(Gemini sent an empty answer.)_'), markdown.slice(-200));
  });

  it('words code the model ran, its result and function calls as the chat view does', async () => {
    const chat = sampleChat();
    const last = chat.exchanges.at(-1)!;
    last.model = [
      { role: 'model', parts: [{ executableCode: { language: 'LANGUAGE_UNSPECIFIED', code: 'print(1/0)' } }] },
      { role: 'model', parts: [{ codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'ZeroDivisionError' } }] },
      { role: 'model', parts: [{ functionCall: { name: 'lookup\n# heading', args: { q: 'x' } } }] },
    ];
    const { markdown } = await chatToMarkdown(chat, { exportedAt });
    assert.ok(markdown.includes('```\nprint(1/0)\n```'), 'no made-up language tag');
    assert.ok(markdown.includes('```output\nZeroDivisionError\n```\n\nThe code failed.'), 'a failed run says so, after its output');
    assert.ok(markdown.includes('Function call `lookup# heading`:'), 'a name cannot break out of its code span');
    assert.ok(!/^# heading/m.test(markdown));
  });

  it('says what every request carried besides the conversation: the system instruction whole, tools, safety and answer settings', async () => {
    const chat = sampleChat();
    chat.config = {
      systemInstruction: 'Answer in French.\n\n```\n# Not a heading',
      tools: [{ googleSearch: {} }],
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      temperature: 0.2,
      maxOutputTokens: 2048,
      stopSequences: ['END'],
      thinkingConfig: { thinkingBudget: 0 },
    };
    const { markdown } = await chatToMarkdown(chat, { exportedAt });
    assert.ok(
      markdown.includes('- Google Search: Answers may search the web with Google Search.\n- Safety settings: HARM_CATEGORY_HARASSMENT: BLOCK_NONE\n- Answer settings: temperature 0.2; at most 2048 tokens per answer; stops at "END"; no thinking\n'),
      markdown.slice(0, 600),
    );
    assert.ok(markdown.includes('System instruction:\n\n````\nAnswer in French.\n\n```\n# Not a heading\n````'), 'whole, in a fence it cannot close');
    assert.ok(markdown.indexOf('System instruction:') < markdown.indexOf('## You'), 'before the conversation');
    assert.ok(!render(markdown).includes('<h1>Not a heading'), 'the instruction cannot make headings of its own');
  });

  it('a chat whose model changed along the way names the model of each answer', async () => {
    const chat = sampleChat();
    chat.model = 'gemini-2.5-pro';
    chat.exchanges[0]!.modelName = 'gemini-2.5-flash';
    chat.exchanges[1]!.modelName = 'gemini-2.5-flash';
    chat.exchanges[2]!.modelName = 'gemini-2.5-pro';
    const { markdown } = await chatToMarkdown(chat, { exportedAt });
    assert.ok(markdown.includes('- Models: gemini-2.5-flash, gemini-2.5-pro (each answer names its own)\n'), markdown.slice(0, 300));
    const headings = markdown.split('\n').filter((l) => l.startsWith('## Gemini'));
    assert.deepEqual(headings, ['## Gemini (gemini-2.5-flash)', '## Gemini (gemini-2.5-flash)', '## Gemini (gemini-2.5-pro)']);
    // One model throughout: one line, and the turns' headings as always.
    for (const e of chat.exchanges) e.modelName = 'gemini-2.5-flash';
    const same = (await chatToMarkdown(chat, { exportedAt })).markdown;
    assert.ok(same.includes('- Model: gemini-2.5-flash\n'), 'the model that answered, though the chat has since switched');
    assert.deepEqual(same.split('\n').filter((l) => l.startsWith('## Gemini')), ['## Gemini', '## Gemini', '## Gemini']);
  });

  it('puts the user\'s words before the text of what they attached', async () => {
    const { markdown } = await chatToMarkdown(sampleChat(), { exportedAt });
    const asked = markdown.indexOf('Why does this fail?');
    const attached = markdown.indexOf('src/math.ts (lines 3-4):');
    assert.ok(asked > 0 && attached > asked, `the question (${asked}) before the selection (${attached})`);
  });

  it('nests an answer\'s own headings below its turn, so the outline has one entry per turn; code is untouched', async () => {
    const chat = sampleChat();
    const answer = '# Plan\n\n## Steps\n\n> ### Quoted\n\nUnderlined\n----------\n\n```sh\n# a comment, not a heading\n```\n\n###### Deepest';
    chat.exchanges[0]!.model = [{ role: 'model', parts: [{ text: answer }] }];
    const { markdown } = await chatToMarkdown(chat, { exportedAt });
    const turn = markdown.slice(markdown.indexOf('## Gemini'), markdown.indexOf('## You', markdown.indexOf('## Gemini')));
    assert.equal(turn, '## Gemini\n\n### Plan\n\n#### Steps\n\n> ##### Quoted\n\n#### Underlined\n\n```sh\n# a comment, not a heading\n```\n\n###### Deepest\n\n');
    const outline = render(markdown).match(/<h[12]>[^<]*<\/h[12]>/g) ?? [];
    assert.deepEqual(outline.slice(0, 3), ['<h1>Why &lt;b&gt;does&lt;/b&gt; add() fail?</h1>', '<h2>You</h2>', '<h2>Gemini</h2>']);
  });

  it('keeps code blocks byte for byte, with the selection’s path and range', async () => {
    const { markdown } = await chatToMarkdown(sampleChat(), { exportedAt });
    assert.ok(markdown.includes('src/math.ts (lines 3-4):\n```typescript\nexport const add = (a, b) =>\n  a - b;\n```'));
    assert.ok(markdown.includes('```ts\nexport const add = (a, b) =>\n  a + b; // <img src=x onerror=alert(1)>\n```'));
    const html = render(markdown);
    assert.ok(html.includes('<code class="language-ts">export const add = (a, b) =&gt;\n  a + b; // &lt;img src=x onerror=alert(1)&gt;\n</code>'));
  });

  it('turns remote images into plain links and escapes raw HTML, so nothing loads from the model’s URLs', async () => {
    const { markdown } = await chatToMarkdown(sampleChat(), { exportedAt, assetsDir: 'chat-files' });
    const html = render(markdown);
    assert.ok(html.includes('<a href="https://attacker.example/leak?d=secret">chart</a>'), 'the image is a link');
    assert.doesNotMatch(html, /<script|<img[^>]*attacker|<b>/);
    assert.ok(html.includes('&lt;img src=&quot;https://attacker.example/p.png&quot;&gt;'), 'the HTML shows as text');
    const images = [...html.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(images, ['chat-files/image-' + images[0]?.slice('chat-files/image-'.length)]);
    assert.match(images[0] ?? '', /^chat-files\/image-[0-9a-f]{16}\.png$/);
  });

  it('lists attachments and writes images beside the document, linked relatively', async () => {
    const { markdown, assets } = await chatToMarkdown(sampleChat(), { exportedAt, assetsDir: 'My chat-files' });
    assert.ok(markdown.includes('Attachments:\n\n- math.ts:3-4 (src/math.ts:3-4), text/plain, 38 bytes\n- shot.png, image/png, 70 bytes'));
    assert.ok(!markdown.includes('shot.png:'), 'the part naming the image for Gemini is not written out: the list names it');
    assert.equal(assets.length, 1);
    assert.deepEqual(Buffer.from(assets[0]!.bytes), PNG);
    assert.ok(markdown.includes(`![shot.png](<${assets[0]!.path}>)`));
    assert.ok(render(markdown).includes(`<img src="${encodeURI(assets[0]!.path)}" alt="shot.png">`));
  });

  it('without a folder for images (Copy as Markdown) only lists them', async () => {
    const { markdown, assets } = await chatToMarkdown(sampleChat(), { exportedAt });
    assert.deepEqual(assets, []);
    assert.doesNotMatch(render(markdown), /<img/);
  });
});
