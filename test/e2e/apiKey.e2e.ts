// Issue 3/5/7: with no key anywhere the view asks for one; Set API Key (a password box) stores it, and
// it travels only in the x-goog-api-key header: never in the URL, the body or the view.
import * as assert from 'node:assert/strict';
import { sse } from '../support/fakeGemini';
import { eventually } from './support/eventually';
import { textStream } from './support/geminiStream';
import { useE2ESession } from './support/session';

const KEY = 'AIzaSyE2E-secret-key-1234567890';

describe('e2e: the API key', () => {
  const e2e = useE2ESession('api key', { envApiKey: false });

  it('with no key the view offers Set API Key; the key set through the command goes only in the header', async () => {
    const chat = await e2e.chat();
    await chat.button(/Set API Key/).waitFor({ state: 'visible' });
    await e2e.shot('no key: welcome', 'welcome-set-api-key.png');

    await e2e.workbench.runCommand('Gemini Chat: Set API Key');
    const box = e2e.workbench.quickInput().locator('.quick-input-box input');
    await eventually('a password box for the key', async () => (await box.isVisible()) && (await box.getAttribute('type')) === 'password');
    await e2e.shot('password box');
    // A key copied from a document with its curly quotes: refused, saying which character is wrong.
    await box.fill(`“${KEY}”`);
    await eventually('the character named', async () => (await e2e.workbench.quickInput().innerText()).includes('the character “ (U+201C) at position 1, which no API key has'));
    await e2e.shot('curly quotes refused');
    // Another service's key, pasted by mistake, is warned about before it is saved.
    await box.fill('sk-proj-abcdefghijklmnopqrstuvwxyz');
    await eventually('a warning about the key\'s shape', async () => (await e2e.workbench.quickInput().innerText()).includes('start with "AIza"'));
    await e2e.workbench.answerQuickInput(KEY);

    e2e.fake.enqueue(sse(textStream(['Key accepted.'])));
    const view = await e2e.findChat();
    await view.send('Can you hear me?');
    await view.answerWhere('sent with the key', (t) => t.includes('Key accepted.'));
    await e2e.shot('answer with the key');

    const request = e2e.fake.generateRequests[0];
    assert.ok(request);
    assert.equal(request.headers['x-goog-api-key'], KEY, 'the key is in the x-goog-api-key header');
    assert.ok(!request.url.includes(KEY) && !/[?&]key=/.test(request.url), `not in the URL: ${request.url}`);
    assert.ok(!request.body.includes(KEY), 'not in the body');
    assert.ok(!(await view.visibleText()).includes(KEY), 'not shown in the view');
    const html = await view.frame.content();
    assert.ok(!html.includes(KEY), "not in the webview's DOM");
  });

  it('Clear API Key asks first: Cancel keeps the key, Clear removes it and the view asks for one again', async () => {
    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    await e2e.workbench.runCommand('Gemini Chat: Clear API Key');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Clear the Gemini API key kept in VS Code\?[\s\S]*Messages cannot be sent until a key is set again/);
    await e2e.shot('clear key: asked first');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    e2e.fake.enqueue(sse(textStream(['Still here.'])));
    const view = await e2e.findChat();
    await view.send('Is the key still there?');
    await view.answerWhere('sent with the key kept', (t) => t.includes('Still here.'));
    assert.equal(e2e.fake.generateRequests.at(-1)?.headers['x-goog-api-key'], KEY);

    await e2e.workbench.runCommand('Gemini Chat: Clear API Key');
    await dialog.getByRole('button', { name: 'Clear API Key' }).click();
    await view.button(/Set API Key/).waitFor({ state: 'visible' });
    assert.equal(await e2e.workbench.listedInPalette('Gemini Chat: Clear API Key'), false, 'nothing left to clear');
    await e2e.shot('key cleared');
  });
});
