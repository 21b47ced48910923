// Issue 3/5: the Gemini Chat view opens from the activity bar in a real VS Code and shows its composer.
import * as assert from 'node:assert/strict';
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

  it('opens through the command palette ("Gemini Chat: Open Chat") after the side bar was closed', async () => {
    await e2e.workbench.runCommand('View: Close Primary Side Bar');
    await e2e.shot('side bar closed');
    await e2e.workbench.runCommand('Gemini Chat: Open Chat');
    const chat = await e2e.findChat();
    await chat.composer.waitFor({ state: 'visible' });
    await e2e.shot('chat view opened by command');
  });
});
