// Issue 3/5: the Gemini Chat view opens from the activity bar in a real VS Code and shows its composer.
import * as assert from 'node:assert/strict';
import { sse } from '../support/fakeGemini';
import { eventually } from './support/eventually';
import { textStream } from './support/geminiStream';
import { useE2ESession } from './support/session';

describe('e2e: the Gemini Chat view', () => {
  const e2e = useE2ESession('open view');

  it('opens from the activity bar with an empty chat, a "Message" box and a Send button', async () => {
    await e2e.shot('workbench ready');
    const chat = await e2e.chat();
    await chat.composer.waitFor({ state: 'visible' });
    await chat.button('Send').waitFor({ state: 'visible' });
    assert.deepEqual(await chat.turns(), [], 'a new chat has no turns');
    await e2e.shot('chat view open', 'chat-empty.png');
  });

  it("its title bar has New Chat, Switch Chat… and Search Chats…, and its … menu every chat's commands", async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['An answer.'])));
    await chat.send('A question');
    await chat.answerWhere('given', (t) => t.includes('An answer.'));
    const titleBar = e2e.page.locator('.part.sidebar .title-actions');
    const icons = await eventually('the title bar icons', async () => {
      const labels = await titleBar.locator('.action-label').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      return labels.some((l) => l.startsWith('Search Chats')) ? labels : undefined;
    });
    for (const name of ['New Chat', 'Switch Chat…', 'Search Chats…']) assert.ok(icons.some((l) => l.startsWith(name)), `${name} in ${icons.join(', ')}`);
    await titleBar.locator('.action-label[aria-label^="Views and More Actions"], .action-label[aria-label^="More Actions"]').first().click();
    const menu = e2e.page.locator('.monaco-menu');
    await menu.first().waitFor({ state: 'visible' });
    const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await e2e.shot('view title menu');
    for (const name of ['Select Model…', 'Rename Chat…', 'Rewind Last Exchange', 'Delete Chat…', 'Export Chat as Markdown…', 'Copy Chat as Markdown', 'Export Chat as JSON…', 'Import Chat from JSON…', 'Set API Key', 'Show Logs']) {
      assert.ok(items.includes(name), `${name} in the menu: ${items.join(', ')}`);
    }
    await e2e.page.keyboard.press('Escape');
  });

  it('opens through the command palette ("Gemini Chat: Open Chat") after the side bar was closed', async () => {
    await e2e.workbench.runCommand('View: Close Primary Side Bar');
    await e2e.shot('side bar closed');
    await e2e.workbench.runCommand('Gemini Chat: Open Chat');
    const chat = await e2e.findChat();
    await chat.composer.waitFor({ state: 'visible' });
    await e2e.shot('chat view opened by command');
  });
});
