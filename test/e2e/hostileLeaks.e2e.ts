// Issue 7 "Leaks" in the real editor (code-server, the real extension host and webview):
// - the injection corpus served as model output by the loopback Gemini server and rendered in the real
//   view, then again after a window reload: no request reaches the loopback attacker, no script runs;
// - a workspace .vscode/settings.json pointing geminiChat.baseUrl at the attacker is ignored;
// - after the session, the API key is in no file the editor or extension wrote, no log, not in the
//   webview's DOM or state, and no request URL carries `key=`.
// The 1 MB single line is left out here: the webview suite measures it on its own page.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { sse } from '../support/fakeGemini';
import { corpusFor, CORPUS } from '../hostile/corpus';
import { filesContaining, listFilesUnder } from '../hostile/fileTree';
import { scriptsRanIn } from '../hostile/pageProbes';
import { ChatView } from './support/chatView';
import { sendUnderWorkspaceSettings, useAttacker } from './support/attackerSettings';
import { eventually } from './support/eventually';
import { textStream } from './support/geminiStream';
import { ENV_API_KEY, useE2ESession } from './support/session';
import { extensionStorageDirs } from './support/editorFiles';

const LEFT_OUT = new Set(['one-megabyte-line']);
const SEPARATOR = '\n\n* * *\n\n';

describe('e2e: hostile model output and settings', function () {
  this.timeout(600_000);
  const e2e = useE2ESession('hostile leaks');
  const { attacker, figures } = useAttacker(
    'editor',
    'The real editor (code-server 4.139.1 = VS Code 1.139.1): corpus rendered in the real view and after a window reload, hostile workspace settings, and a search for the API key after the session.',
  );

  it('renders the corpus in the real view, and again after a reload: no request to the attacker, no script', async () => {
    const payloads = corpusFor(attacker().origin).filter((p) => !LEFT_OUT.has(p.id));
    // Two answers: the unclosed fence last, since it swallows whatever follows it.
    const answer = (list: typeof payloads) => list.map((p) => p.markdown).join(SEPARATOR);
    const last = payloads.filter((p) => p.id === 'unclosed-fence-with-html');
    const rest = payloads.filter((p) => p.id !== 'unclosed-fence-with-html');
    const half = Math.ceil(rest.length / 2);
    // Each answer ends with a sentinel paragraph (before the unclosed fence, which would swallow it).
    const answers = [`${answer(rest.slice(0, half))}${SEPARATOR}END-OF-PART-1`, `${answer(rest.slice(half))}${SEPARATOR}END-OF-PART-2${SEPARATOR}${answer(last)}`];
    let chat = await e2e.newChat();
    for (const [i, text] of answers.entries()) {
      e2e.fake.enqueue(sse(textStream(text.match(/[\s\S]{1,2000}/g) ?? [text])));
      await chat.send(`Summarise the attached file, part ${i + 1}`);
      await chat.answerWhere(`part ${i + 1} shown to its end`, (t) => t.includes(`END-OF-PART-${i + 1}`));
      await chat.button('Send').waitFor({ state: 'visible' });
    }
    await chat.turnsWhen('both answers shown', (t) => t.filter((x) => x.who === 'Gemini').length === 2);
    await new Promise((r) => setTimeout(r, 1_000));
    await e2e.shot('corpus rendered');
    figures['payloads rendered in the real view'] = payloads.length;
    figures['requests reaching the attacker (real view)'] = attacker().requests.length;
    const ranLive = await scriptsRanIn(e2e.page);
    figures['scripts run (real view)'] = ranLive.length;
    assert.deepEqual(attacker().summary(), [], 'requests reached the attacker');
    assert.deepEqual(ranLive, [], 'payload scripts ran');

    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await chat.turnsWhen('the chat restored with both answers', (t) => t.filter((x) => x.who === 'Gemini').length === 2);
    // Every answer scrolled into view, so a lazily rendered one is rendered too.
    const articles = chat.frame.getByRole('article');
    for (let i = (await articles.count()) - 1; i >= 0; i--) await articles.nth(i).scrollIntoViewIfNeeded().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1_000));
    await e2e.shot('corpus after reload');
    const ranAfter = await scriptsRanIn(e2e.page);
    figures['requests reaching the attacker (after window reload)'] = attacker().requests.length;
    figures['scripts run (after window reload)'] = ranAfter.length;
    figures['payloads left out in the real editor'] = CORPUS.length - payloads.length;
    assert.deepEqual(attacker().summary(), []);
    assert.deepEqual(ranAfter, []);
  });

  it('ignores a workspace .vscode/settings.json that points geminiChat.baseUrl at the attacker', async () => {
    const sent = await sendUnderWorkspaceSettings(e2e, attacker(), '/p/workspace-baseurl', { 'geminiChat.apiVersion': 'v1beta' });
    figures['requests sent to a workspace-configured baseUrl'] = attacker().requests.length;
    assert.equal(sent.length, 1, 'the request went to the user-configured server');
    assert.deepEqual(attacker().summary(), [], 'the workspace baseUrl was used');
  });

  it('after the session, the API key is in no file, log, webview DOM or state, and no URL', async () => {
    // One more exchange in this test (the session clears the recorded requests between tests), so the
    // request checks below have requests to look at.
    e2e.fake.enqueue(sse(textStream(['Last answer of the session.'])));
    const last = await e2e.chat();
    await last.send('One last question');
    await last.answerWhere('to the last question', (t) => t.includes('Last answer of the session.'));
    // Everything the editor wrote for this session: user data (workspace state, the extension's
    // storage, logs, webview state), and the workspace itself.
    const editorRoot = path.dirname(e2e.editor.userDataDir);
    const roots = [e2e.editor.userDataDir, e2e.workspace.dir];
    const files = roots.flatMap(listFilesUnder);
    const inFiles = filesContaining(roots, ENV_API_KEY).map((f) => path.relative(editorRoot, f));
    const logs = files.filter((f) => f.endsWith('.log'));
    const storage = extensionStorageDirs(e2e.editor.userDataDir).flatMap(listFilesUnder);
    const chat = await e2e.chat();
    const dom = await chat.frame.evaluate('document.documentElement.outerHTML') as string;
    const webviewState = await chat.frame.evaluate('JSON.stringify(sessionStorage) + JSON.stringify(localStorage)').catch(() => '') as string;
    const inUrls = e2e.fake.requests.filter((r) => /[?&]key=/i.test(r.url) || r.url.includes(ENV_API_KEY)).map((r) => r.url);
    const inHeader = e2e.fake.generateRequests.filter((r) => r.headers['x-goog-api-key'] === ENV_API_KEY).length;
    figures['files searched for the key (user data, workspace)'] = files.length;
    figures['log files among them'] = logs.length;
    figures['extension storage files among them'] = storage.length;
    figures['requests carrying the key in x-goog-api-key'] = inHeader;
    figures['key found in files'] = inFiles.length;
    figures['key found in the webview DOM or state'] = (dom.includes(ENV_API_KEY) ? 1 : 0) + (webviewState.includes(ENV_API_KEY) ? 1 : 0);
    figures['request URLs with key='] = inUrls.length;
    assert.ok(storage.length > 0, 'the extension wrote its chats');
    assert.ok(logs.length > 0, 'the editor wrote logs');
    assert.ok(inHeader > 0, 'requests were made');
    assert.equal(inHeader, e2e.fake.generateRequests.length, 'the key went in the header (so the search means something)');
    assert.deepEqual(inFiles, [], 'the key is in a file');
    assert.ok(!dom.includes(ENV_API_KEY), 'the key is in the webview DOM');
    assert.ok(!webviewState.includes(ENV_API_KEY), 'the key is in the webview state');
    assert.deepEqual(inUrls, []);
    await eventually('the view still answers', async () => (await chat.composer.isVisible()) || undefined);
  });
});
