import { strict as assert } from 'node:assert';
import { searchChats } from '../../../src/core/search/searchChats';
import { TRANSCRIPT_VERSION, type ChatRecord } from '../../../src/core/transcript';

function chat(id: string, title: string, turns: [string, string][]): ChatRecord {
  return {
    version: TRANSCRIPT_VERSION,
    id,
    title,
    model: 'gemini-2.5-flash',
    config: {},
    createdAt: 0,
    updatedAt: 0,
    exchanges: turns.map(([user, model], i) => ({
      id: `${id}-ex${i}`,
      createdAt: i,
      text: user,
      attachments: [],
      user: { role: 'user', parts: [{ text: user }] },
      model: [{ role: 'model', parts: [{ text: model.slice(0, 5) }] }, { role: 'model', parts: [{ text: 'hidden', thought: true }, { text: model.slice(5) }] }],
      status: 'complete',
    })),
  };
}

const chats = [
  chat('a', 'Build setup', [
    ['How do I configure esbuild?', 'Use a build script. '.repeat(10) + 'The Café option sets the target; esbuild then bundles. ' + 'More text follows here. '.repeat(10)],
    ['Thanks', 'You are welcome.'],
  ]),
  chat('b', 'Unrelated', [['Tell me about cafes', 'A cafe serves coffee. Target practice is the hobby of its owner.']]),
];

describe('searching chats', () => {
  it('finds words inside answers, not only titles, and names the chat and exchange', () => {
    const hits = searchChats(chats, 'bundles');
    assert.deepEqual(hits.map((h) => [h.chatTitle, h.exchangeId, h.exchangeIndex, h.side]), [['Build setup', 'a-ex0', 0, 'model']]);
  });

  it('gives a one-line snippet around the hit, cut with ellipses, with the hit highlighted', () => {
    const [hit] = searchChats(chats, 'sets the TARGET', { context: 20 });
    assert.ok(hit);
    assert.equal(hit.snippet, '…The Café option sets the target; esbuild then…');
    assert.equal(hit.snippet.slice(...hit.highlight), 'sets the target');
  });

  it('ignores case and accents, needs every word, and ranks the exact phrase first', () => {
    const hits = searchChats(chats, 'CAFE');
    assert.deepEqual(hits.map((h) => `${h.exchangeId} ${h.side}`).sort(), ['a-ex0 model', 'b-ex0 model', 'b-ex0 user']);
    assert.deepEqual(searchChats(chats, 'cafe nonexistent'), []);
    const ranked = searchChats(chats, 'the target');
    assert.deepEqual(ranked.map((h) => h.chatId), ['a', 'b'], 'the exact phrase outranks the words apart');
  });

  it('a chat whose title alone holds the words is a hit of its own, with no message to point at', () => {
    const hits = searchChats([...chats, chat('c', 'Refactoring 🚀 marathon', [['Start here', 'Fine.']])], 'marathon 🚀');
    assert.deepEqual(hits.map((h) => [h.chatId, h.exchangeId, h.snippet]), [['c', undefined, 'Refactoring 🚀 marathon']]);
    const build = searchChats(chats, 'build');
    assert.ok(build.length > 0 && build.every((h) => h.chatId === 'a' && h.exchangeId !== undefined), 'where a message matches too, the messages are the hits');
  });

  it('a message with a file shows the words typed before the file’s text', () => {
    const withFile = chat('d', 'Notes', [['Draft typed about the notes', 'Ok.']]);
    const e = withFile.exchanges[0]!;
    e.attachments = [{ id: 'f', label: 'notes.md', kind: 'text', mimeType: 'text/plain', size: 30, partCount: 1 }];
    e.user.parts = [{ text: 'notes.md:\n```md\n# Notes\nNothing about the notes yet.\n```' }, { text: e.text }];
    const [hit] = searchChats([withFile], 'notes', { context: 20 });
    assert.match(hit?.snippet ?? '', /^…typed about the notes/, 'the hit in the words typed');
    assert.deepEqual(searchChats([withFile], 'nothing about').map((h) => h.side), ['user'], 'the file’s text is still searched');
  });

  it('an image\'s name, sent before its data for Gemini, is not a hit', () => {
    const withImage = chat('e', 'Pictures', [['Compare them', 'Ok.']]);
    const e = withImage.exchanges[0]!;
    e.attachments = [{ id: 'i', label: 'diagram.png', kind: 'image', mimeType: 'image/png', size: 3, partCount: 2 }];
    e.user.parts = [{ text: 'img/diagram.png:' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { text: e.text }];
    assert.deepEqual(searchChats([withImage], 'diagram'), []);
  });

  it('does not search the model’s hidden thoughts', () => {
    assert.deepEqual(searchChats(chats, 'hidden'), []);
  });

  it('returns nothing for an empty query', () => {
    assert.deepEqual(searchChats(chats, '   '), []);
  });
});

describe('searching answers as the view shows them', () => {
  const answer = [
    '## Summary of the **Nile**',
    '',
    'The Nile flows through [Khartoum](https://example.com/k) and `Cairo`;',
    'its delta is *wide*.',
    '',
    '```python',
    'print("Khartoum")',
    '```',
    '',
    '| River | Length |',
    '| --- | --- |',
    '| Nile | 6650 km |',
    '',
    '<b>raw</b> stays text',
  ].join('\n');
  const rivers = [chat('r', 'Rivers', [['Tell me about the Nile', answer]])];

  it('a snippet reads like the answer: no heading marks, emphasis, link targets or fences', () => {
    assert.equal(searchChats(rivers, 'summary')[0]?.snippet, 'Summary of the Nile The Nile flows through Khartoum and Cairo;…');
    assert.equal(searchChats(rivers, 'example.com').length, 0, 'a link target is not text the reader sees');
    assert.equal(searchChats(rivers, 'python').length, 0, 'nor is a fence’s language');
  });

  it('code, table cells and raw HTML are text the reader sees, and found', () => {
    assert.match(searchChats(rivers, 'print("khartoum")')[0]?.snippet ?? '', /print\("Khartoum"\)/);
    assert.match(searchChats(rivers, '6650 km')[0]?.snippet ?? '', /Nile 6650 km/);
    assert.match(searchChats(rivers, 'raw')[0]?.snippet ?? '', /<b>raw<\/b> stays text/);
  });

  it('an answer regenerated is searched anew', () => {
    const [first] = searchChats(rivers, 'delta');
    assert.ok(first);
    const exchange = rivers[0]!.exchanges[0]!;
    exchange.model = [{ role: 'model', parts: [{ text: 'A **new** answer.' }] }];
    assert.deepEqual(searchChats(rivers, 'delta'), []);
    assert.equal(searchChats(rivers, 'new answer')[0]?.snippet, 'A new answer.');
  });
});
