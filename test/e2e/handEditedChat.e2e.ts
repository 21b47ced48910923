// Issue 7 "Hostile input" on disk: chat files edited by hand in the extension's storage folder, in the
// one-file format (`chats/<id>.json`, chatFileSchema.ts), which every version still loads.
// - one passes the schema but every text a user sees holds hostile HTML (title, message, answer,
//   attachment label, error message, source title and link): after a reload it renders as text, no
//   request reaches the loopback attacker and no script runs;
// - one is cut off mid-file: the user is told (a notification naming where it went) and the file is
//   moved to chats/damaged/, not deleted; the other chats still load.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { sse } from '../support/fakeGemini';
import { Attacker } from '../hostile/attacker';
import { markPwned } from '../hostile/corpus';
import { recordFigures } from '../hostile/figures';
import { TRANSCRIPT_VERSION } from '../../src/core/transcript';
import { ChatView } from './support/chatView';
import { eventually } from './support/eventually';
import { textStream } from './support/geminiStream';
import { useE2ESession } from './support/session';
import { scriptsRanIn } from '../hostile/pageProbes';
import { extensionStorageDirs } from './support/editorFiles';

const VALID_ID = 'hand-edited-html';
const DAMAGED_ID = 'hand-edited-truncated';

/** HTML that would fetch from the attacker and run a script if it were ever parsed as markup. */
function hostile(origin: string, where: string): string {
  return `<img src=${origin}/p/${where}/x onerror="${markPwned(where)}"><script>${markPwned(`${where}-script`)}</script>`;
}

/** A chat that passes the schema, with hostile HTML in every field the view shows. */
function hostileChat(origin: string): Record<string, unknown> {
  const user = (text: string) => ({ role: 'user', parts: [{ text }] });
  return {
    version: TRANSCRIPT_VERSION,
    id: VALID_ID,
    title: `Hand-edited ${hostile(origin, 'title')}`,
    model: 'gemini-2.5-flash',
    config: {},
    createdAt: 1_700_000_000_000,
    // Newer than the session's own chat, so it is listed first.
    updatedAt: Date.now(),
    exchanges: [
      {
        id: 'x1',
        createdAt: 1_700_000_000_001,
        text: `Question ${hostile(origin, 'message')}`,
        attachments: [{ id: 'a1', label: `${hostile(origin, 'attachment')}.txt`, kind: 'text', mimeType: 'text/plain', size: 3 }],
        user: user(`Question ${hostile(origin, 'message')}`),
        model: [{ role: 'model', parts: [{ text: `Answer ${hostile(origin, 'answer')}\n\n<iframe src="${origin}/p/answer-iframe"></iframe>\n\nEND-OF-ANSWER` }] }],
        status: 'complete',
        sources: [
          { title: hostile(origin, 'source'), uri: `${origin}/p/source-link` },
          { title: 'A script as a link', uri: `javascript:${markPwned('source-javascript')}` },
        ],
      },
      {
        id: 'x2',
        createdAt: 1_700_000_000_002,
        text: 'Second question',
        attachments: [],
        user: user('Second question'),
        model: [],
        status: 'error',
        error: { message: `Failed: ${hostile(origin, 'error')}` },
      },
    ],
  };
}

describe('e2e: chat files edited by hand', function () {
  this.timeout(600_000);
  const e2e = useE2ESession('hand-edited chat');
  let attacker: Attacker;

  before(async () => {
    attacker = await Attacker.start();
  });
  after(async () => {
    await attacker?.close();
  });

  it('a valid file with hostile HTML renders as text; a truncated one is reported and moved to chats/damaged/', async () => {
    // One chat of the session's own, so the storage folder exists and a chat besides the edited ones loads.
    e2e.fake.enqueue(sse(textStream(['An ordinary answer.'])));
    const own = await e2e.newChat();
    await own.send('An ordinary question');
    await own.answerWhere('to the ordinary question', (t) => t.includes('An ordinary answer.'));
    const storage = await eventually('the extension storage folder', async () => extensionStorageDirs(e2e.editor.userDataDir)[0]);
    const chats = path.join(storage, 'chats');
    const valid = JSON.stringify(hostileChat(attacker.origin), null, 2);
    writeFileSync(path.join(chats, `${VALID_ID}.json`), valid);
    // The same kind of file cut off in the middle, as an editor crash or a bad copy leaves it.
    const damaged = JSON.stringify({ ...hostileChat(attacker.origin), id: DAMAGED_ID }, null, 2);
    writeFileSync(path.join(chats, `${DAMAGED_ID}.json`), damaged.slice(0, Math.floor(damaged.length / 2)));

    await e2e.workbench.reload();
    await ChatView.open(e2e.workbench);
    const notice = await eventually('a notification about the damaged file', async () =>
      (await e2e.workbench.notifications()).find((n) => n.includes('damaged') && n.includes(DAMAGED_ID)),
    );
    await e2e.shot('damaged file reported');
    const setAside = path.join(chats, 'damaged');
    const movedAside = existsSync(setAside) ? readdirSync(setAside).filter((f) => f.startsWith(`${DAMAGED_ID}.`)) : [];

    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await eventually('the hand-edited chat listed', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('Hand-edited')));
    const listed = await e2e.workbench.quickPickLabels();
    await e2e.workbench.pick('Hand-edited');
    const chat = await ChatView.find(e2e.workbench);
    await chat.turnsWhen('the hand-edited chat shown to its end', (t) => t.some((x) => x.text.includes('END-OF-ANSWER')));
    // Every turn scrolled into view, so a lazily rendered one is rendered too.
    const articles = chat.frame.getByRole('article');
    for (let i = (await articles.count()) - 1; i >= 0; i--) await articles.nth(i).scrollIntoViewIfNeeded().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1_000));
    await e2e.shot('hand-edited chat rendered');
    const shown = await chat.visibleText();
    // What the view made of the markup: elements that could fetch or run, and links that are scripts.
    const live = (await chat.frame.evaluate(`(() => {
      const found = [];
      // Two scripts belong there: VS Code's acquireVsCodeApi and the view's bundle (the one with the CSP nonce).
      for (const el of document.querySelectorAll('script:not([nonce]):not(#_vscodeApiScript), iframe, object, embed, img[src^="http"], [onerror], [onload]')) found.push(el.outerHTML.slice(0, 120));
      for (const a of document.querySelectorAll('[href]')) if (/^\\s*javascript:/i.test(a.getAttribute('href') || '')) found.push('javascript: link');
      return found;
    })()`)) as string[];
    const ran = await scriptsRanIn(e2e.page);
    const fields = ['title', 'message', 'attachment', 'answer', 'source', 'error'];
    const shownAsText = fields.filter((f) => shown.includes(`<img src=${attacker.origin}/p/${f}/x`) || listed.some((l) => l.includes(`/p/${f}/x`)));

    recordFigures('handEditedEditor', {
      what: 'Chat files written by hand into the real extension storage folder, then the window reloaded: one valid per the schema with hostile HTML in every field the view shows, one truncated.',
      figures: {
        'fields holding hostile HTML': fields.length,
        'of them shown as text': shownAsText.length,
        'active elements or script links in the view': live.length,
        'requests reaching the attacker': attacker.requests.length,
        'scripts run': ran.length,
        'truncated file reported to the user': notice !== undefined,
        'truncated file moved aside, not deleted': movedAside.length === 1 && !existsSync(path.join(chats, `${DAMAGED_ID}.json`)),
      },
    });
    assert.deepEqual(attacker.summary(), [], 'requests reached the attacker');
    assert.deepEqual(ran, [], 'scripts ran');
    assert.deepEqual(live, [], 'live elements in the view');
    assert.deepEqual(shownAsText, fields, 'each hostile field is shown, as text');
    assert.match(notice, /moved aside to chats\/damaged\//);
    assert.equal(movedAside.length, 1, 'the damaged file is in chats/damaged/');
    assert.ok(!existsSync(path.join(chats, `${DAMAGED_ID}.json`)), 'the damaged file left chats/');
    // The session's own chat still loads.
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await e2e.workbench.pick('An ordinary question');
    await (await ChatView.find(e2e.workbench)).turnsWhen('the ordinary chat shown', (t) => t.some((x) => x.text.includes('An ordinary answer.')));
  });
});
