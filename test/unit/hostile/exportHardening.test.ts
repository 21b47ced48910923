// Issue 7, "the same … in the exported Markdown", at the unit level: the whole injection corpus as one
// chat, exported to Markdown, then rendered by a permissive reader (markdown-it with raw HTML on, as
// many previewers and wikis are). Nothing in the result may load or run, no link may point anywhere but
// the web, mail or a relative path, and no answer may swallow or hide the turns after it (an unclosed
// code fence would run to the end of the document). The same export opened in Chromium is in
// test/webview/hostileCorpus.test.ts.
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { chatToMarkdown } from '../../../src/core/export/markdownExport';
import { TRANSCRIPT_VERSION, type ChatRecord } from '../../../src/core/transcript';
import { corpusFor } from '../../hostile/corpus';
import { recordFigures, Tally } from '../../hostile/figures';

const ATTACKER = 'http://127.0.0.1:9';

function corpusChat(): ChatRecord {
  const payloads = corpusFor(ATTACKER);
  return {
    version: TRANSCRIPT_VERSION,
    id: 'hostile-export',
    title: 'Corpus',
    model: 'gemini-2.5-flash',
    config: {},
    createdAt: 0,
    updatedAt: 0,
    exchanges: payloads.map((p, i) => ({
      id: `ex-${i}`,
      createdAt: i,
      text: `question ${i}`,
      attachments: [],
      user: { role: 'user', parts: [{ text: `question ${i}` }] },
      model: [{ role: 'model', parts: [{ text: p.markdown }] }],
      status: 'complete',
    })),
  };
}

describe('hostile: the corpus in the exported Markdown', function () {
  this.timeout(60_000);
  let html: string;
  let chat: ChatRecord;
  const tally = new Tally();
  afterEach(function () {
    const test = this.currentTest;
    if (test) (test.state === 'passed' ? tally.pass : tally.fail).call(tally, test.title);
  });
  after(() => {
    recordFigures('exportUnit', {
      what: 'The whole corpus exported as one chat to Markdown, rendered by a permissive reader (markdown-it, raw HTML on).',
      figures: { 'payloads exported': chat.exchanges.length, 'checks': tally.tried, 'checks passed': tally.passed },
      cases: tally.names,
    });
  });

  before(async () => {
    chat = corpusChat();
    const { markdown } = await chatToMarkdown(chat, { exportedAt: 0 });
    html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  });

  it('renders nothing that loads or runs', () => {
    const active = html.match(/<(img|script|style|iframe|object|embed|video|audio|source|picture|svg|math|link|meta|base|form|input)\b[^>]*>/gi) ?? [];
    assert.deepEqual(active, []);
    // Attribute names of every tag (quoted values skipped, so text inside a title does not count).
    const names = [...html.matchAll(/<[a-z][a-z0-9]*((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/gi)].flatMap((tag) =>
      [...(tag[1] ?? '').matchAll(/\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)].map((a) => a[1]!.toLowerCase()),
    );
    assert.deepEqual(names.filter((n) => n.startsWith('on') || n === 'style'), [], 'an event handler or style attribute');
  });

  it('keeps links only to the web, mail or relative paths (no command:, vscode:, file:, javascript:, data:)', () => {
    const hrefs = [...html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => m[1]!);
    assert.ok(hrefs.length > 0, 'the export has links');
    const bad = hrefs.filter((h) => /^[a-z][a-z0-9+.-]*:/i.test(h) && !/^(https?|mailto):/i.test(h));
    assert.deepEqual(bad, []);
  });

  it('keeps every turn: no answer swallows the ones after it', () => {
    const headings = [...html.matchAll(/<h2>(You|Gemini)<\/h2>/g)].length;
    assert.equal(headings, chat.exchanges.length * 2);
  });
});
