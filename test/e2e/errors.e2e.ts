// Issue 3/7 through the real editor: a failure before any chunk shows the API's message with the
// fitting action and gives the typed text back (before anything typed since); a 429 is shown as a wait,
// then the answer arrives.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { apiError, json, sse } from '../support/fakeGemini';
import { eventually } from './support/eventually';
import { serveModelList, textStream, textsOf } from './support/geminiStream';
import { useE2ESession } from './support/session';

const NOT_FOUND = 'models/gemini-nope is not found for API version v1beta, or is not supported for generateContent.';

describe('e2e: errors the user can act on', () => {
  const e2e = useE2ESession('errors', { settings: { 'geminiChat.model': 'gemini-nope' } });

  it('a model that does not exist: the message, a Select Model action, the text back in the composer', async () => {
    e2e.fake.enqueue(apiError(404, 'NOT_FOUND', NOT_FOUND));
    const chat = await e2e.newChat();
    await chat.send('Hello, is anyone there?');
    await chat.answerWhere('showing the API message', (t) => t.includes('gemini-nope is not found'));
    const selectModel = chat.button(/Select Model/);
    await selectModel.waitFor({ state: 'visible' });
    assert.equal(await chat.composerText(), 'Hello, is anyone there?', 'nothing typed is lost');
    await e2e.shot('model not found', 'error-model-not-found.png');

    serveModelList(e2e.fake, ['gemini-2.5-flash', 'gemini-2.5-pro']);
    await selectModel.click();
    await eventually('the models the API lists', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('gemini-2.5-pro')));
    await e2e.shot('select model');
    await e2e.workbench.pick('gemini-2.5-pro');

    e2e.fake.enqueue(sse(textStream(['Yes, I am here.'], { model: 'gemini-2.5-pro' })));
    await chat.button('Send').click();
    await chat.answerWhere('from the chosen model', (t) => t.includes('Yes, I am here.'));
    await e2e.shot('answer from the chosen model');
    const [failed, retried] = e2e.fake.generateRequests;
    assert.match(failed?.url ?? '', /models\/gemini-nope:streamGenerateContent/);
    assert.match(retried?.url ?? '', /models\/gemini-2\.5-pro:streamGenerateContent/);
    assert.equal(textsOf(retried!).at(-1), 'Hello, is anyone there?');
  });

  it('a blocked prompt says why and gives the text back to rephrase', async () => {
    e2e.fake.enqueue(sse([{ promptFeedback: { blockReason: 'SAFETY' } }]));
    const chat = await e2e.newChat();
    await chat.send('Something the filters refuse');
    await chat.answerWhere('saying it was blocked', (t) => t.includes('Gemini blocked this prompt (SAFETY). Rephrase it and send again.'));
    await eventually('the text back in the composer', async () => (await chat.composerText()) === 'Something the filters refuse');
  });

  it('a 429 with RetryInfo is shown as a wait, then the answer arrives', async () => {
    e2e.fake.enqueue(
      apiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', {
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '4s' }],
      }),
      sse(textStream(['Worth ', 'the wait.'])),
    );
    const chat = await e2e.newChat();
    await chat.send('Are you busy?');
    const waiting = await chat.answerWhere('saying it waits to retry', (t) => /retrying in \d+ s/i.test(t));
    assert.ok(!waiting.includes('Worth'), 'no answer yet while waiting');
    await e2e.shot('waiting after 429', 'retry-wait.png');
    await chat.answerWhere('after the wait', (t) => t.includes('Worth the wait.'));
    await e2e.shot('answer after the wait');

    const [limited, retried] = e2e.fake.generateRequests;
    assert.ok(limited && retried, 'the request was tried again');
    // RetryInfo said 4 s: the retry came no sooner than that (a lower bound, not a speed check).
    assert.ok(retried.receivedAt - limited.receivedAt >= 3_500, `retried after ${retried.receivedAt - limited.receivedAt} ms`);
    assert.deepEqual(textsOf(retried), ['Are you busy?']);
  });

  it('a message that fails after a wait comes back before the next one typed meanwhile: both are kept', async () => {
    e2e.fake.enqueue(
      apiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', {
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5s' }],
      }),
      apiError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'),
    );
    const chat = await e2e.newChat();
    await chat.send('The question that will fail');
    await chat.answerWhere('saying it waits to retry', (t) => /retrying in \d+ s/i.test(t));
    await chat.type('My next question');
    await chat.answerWhere('showing the API message', (t) => t.includes('invalid argument'));
    await eventually('the failed message back in the composer', async () => (await chat.composerText()) === 'The question that will fail\n\nMy next question');
    await e2e.shot('failed message given back before the draft');
  });

  it('Select Model: a model id typed while the list loads stays there when the list arrives, and Enter takes it', async () => {
    let answerList: (() => void) | undefined;
    e2e.fake.route((r) => r.method === 'GET' && /\/models(\?|$)/.test(r.url), (req, res) => {
      answerList = () => json({ models: [{ name: 'models/gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', supportedGenerationMethods: ['generateContent'] }] })(req, res);
    });
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Select Model…');
    await eventually('the model list asked for', () => answerList !== undefined);
    await e2e.workbench.quickInput().locator('.quick-input-box input').fill('gemini-typed-id');
    await eventually('the typed id offered', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('use this model id')));
    answerList?.();
    await eventually('the list loaded', async () => (await e2e.workbench.quickInput().locator('.monaco-progress-container.active').count()) === 0);
    await eventually('the typed id still offered', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('gemini-typed-id') && l.includes('use this model id')));
    await e2e.workbench.quickInput().locator('.quick-input-box input').press('Enter');
    e2e.fake.enqueue(sse(textStream(['From the typed model.'], { model: 'gemini-typed-id' })));
    await e2e.workbench.runCommand('Gemini Chat: New Chat');
    await chat.send('Which model is this?');
    await chat.answerWhere('from the typed model', (t) => t.includes('From the typed model.'));
    assert.match(e2e.fake.generateRequests.at(-1)?.url ?? '', /models\/gemini-typed-id:streamGenerateContent/);
  });

  it('Select Model in a workspace that sets its own model writes the choice there, so new chats use it', async () => {
    const settingsFile = path.join(e2e.workspace.dir, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ 'geminiChat.model': 'gemini-workspace-model' }));
    await e2e.workbench.reload();
    const chat = await e2e.newChat();
    serveModelList(e2e.fake, ['gemini-2.5-flash', 'gemini-2.5-pro']);
    await e2e.workbench.runCommand('Gemini Chat: Select Model…');
    await eventually('the models the API lists', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('gemini-2.5-pro')));
    await e2e.workbench.pick('gemini-2.5-pro');
    await eventually('the workspace setting changed', () => readFileSync(settingsFile, 'utf8').includes('"gemini-2.5-pro"'));
    e2e.fake.enqueue(sse(textStream(['From the model picked.'], { model: 'gemini-2.5-pro' })));
    await e2e.workbench.runCommand('Gemini Chat: New Chat');
    await chat.send('Which model is this?');
    await chat.answerWhere('from the model picked', (t) => t.includes('From the model picked.'));
    assert.match(e2e.fake.generateRequests.at(-1)?.url ?? '', /models\/gemini-2\.5-pro:streamGenerateContent/);
    rmSync(path.dirname(settingsFile), { recursive: true });
  });

  it('a system instruction and answer settings set while a chat is open: the notice offers to use them there, the next message goes with them and the header says so', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Hello.'])), sse(textStream(['Bonjour.'])));
    await chat.send('Say hello.');
    await chat.answerWhere('the first answer', (t) => t.includes('Hello.'));
    const settingsFile = path.join(e2e.workspace.dir, '.vscode', 'settings.json');
    mkdirSync(path.dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ 'geminiChat.systemInstruction': 'Answer in French.', 'geminiChat.temperature': 0.2, 'geminiChat.stopSequences': ['a', 'b', 'c', 'd', 'e', 'f'] }));
    const notice = chat.frame.locator('.notices').getByRole('status').filter({ hasText: 'The changed settings apply to new chats' });
    await notice.waitFor({ timeout: 20_000 });
    await e2e.shot('settings changed, offered for this chat');
    await notice.getByRole('button', { name: 'Use Them in This Chat' }).click();
    await chat.frame.locator('.notices').getByText('uses the current settings from its next message on').waitFor();
    await chat.send('Say hello again.');
    await chat.answerWhere('the answer with the instruction', (t) => t.includes('Bonjour.'));
    const body = e2e.fake.generateRequests.at(-1)?.json as { systemInstruction?: { parts: { text: string }[] }; generationConfig?: { temperature?: number; stopSequences?: string[] } };
    assert.equal(body.systemInstruction?.parts[0]?.text, 'Answer in French.');
    assert.deepEqual(body.generationConfig, { temperature: 0.2, stopSequences: ['a', 'b', 'c', 'd', 'e'] }, 'the first 5 stop sequences: the API takes no more');
    // The header says what the chat's requests carry.
    const answerSettings = chat.frame.locator('.chat-extras').getByRole('button', { name: 'Answer settings' });
    assert.equal(await answerSettings.getAttribute('title'), 'temperature 0.2; stops at "a", "b", "c", "d", "e"');
    rmSync(path.dirname(settingsFile), { recursive: true });
  });
});
