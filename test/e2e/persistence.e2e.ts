// Issue 3/5: chats are kept with the workspace. Reloading the window brings back every chat and the open
// one, also when the reload comes in the middle of a reply (what arrived is kept, marked as cut short).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sse } from '../support/fakeGemini';
import { ChatView } from './support/chatView';
import { extensionStorageDirs } from './support/editorFiles';
import { eventually } from './support/eventually';
import { contentsOf, textStream } from './support/geminiStream';
import { useE2ESession } from './support/session';
import { PIXEL_PNG } from './support/workspace';

describe('e2e: chats survive a window reload', () => {
  const e2e = useE2ESession('persistence');
  /** Waits until the extension's files hold each text (file name → text): what a reload will find. */
  const keptOnDisk = (what: string, files: Record<string, string>) =>
    eventually(what, async () =>
      extensionStorageDirs(e2e.editor.userDataDir).some((dir) =>
        Object.entries(files).every(([name, text]) => existsSync(path.join(dir, name)) && readFileSync(path.join(dir, name), 'utf8').includes(text)),
      ),
    );

  it('brings back every chat, and the open one, after a reload', async () => {
    let chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Noted: 42.'])), sse(textStream(['Paris.'])));
    await chat.send('Remember the number 42');
    await chat.answerWhere('noting the number', (t) => t.includes('Noted: 42.'));
    chat = await e2e.newChat();
    await chat.send('What is the capital of France?');
    await chat.answerWhere('naming the capital', (t) => t.includes('Paris.'));
    await e2e.shot('before reload');

    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    const restored = await chat.turnsWhen('the open chat restored', (t) => t.length === 2);
    assert.ok(restored[0]?.text.includes('What is the capital of France?'));
    assert.ok(restored[1]?.text.includes('Paris.'));
    await e2e.shot('after reload: open chat restored');

    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    const labels = await eventually('two chats listed', async () => {
      const box = e2e.workbench.quickInput().locator('.quick-input-box input');
      if ((await box.getAttribute('placeholder')) !== 'Switch to a chat') return undefined;
      const rows = await e2e.workbench.quickPickLabels();
      return rows.length >= 2 ? rows.join('\n') : undefined;
    });
    // Each chat is titled from its first message.
    assert.ok(labels.includes('Remember the number 42'), `the first chat, by its title, in:\n${labels}`);
    assert.ok(labels.includes('What is the capital of France?'), `the second chat, by its title, in:\n${labels}`);
    await e2e.shot('both chats listed');
    await e2e.workbench.pick('Remember the number 42');
    const other = await chat.turnsWhen('the other chat shown', (t) => t.some((x) => x.text.includes('Noted: 42.')));
    assert.ok(other[0]?.text.includes('Remember the number 42'));
    await e2e.shot('other chat restored');
  });

  it('a window where the chat was not opened yet lists the commands that apply to the chats it keeps', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Kept.'])));
    await chat.send('Keep this chat');
    await chat.answerWhere('the answer', (t) => t.includes('Kept.'));
    // The chat view is not shown when the window comes back, so nothing loads the chat until asked.
    await e2e.workbench.runCommand('View: Show Explorer');
    await e2e.workbench.reload();
    for (const command of ['Rename Chat…', 'Rewind Last Exchange', 'Export Chat as Markdown…', 'Copy Chat as Markdown']) {
      await e2e.workbench.expectInPalette(`Gemini Chat: ${command}`);
    }
    // The first command run loads the chats; it acts on them, not on a chat still loading.
    await e2e.workbench.runCommand('Gemini Chat: Copy Chat as Markdown');
    await eventually('the chat copied', async () => (await e2e.workbench.notifications()).some((n) => n.includes('Copied “Keep this chat” as Markdown.')));
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await eventually('the kept chat listed', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('Keep this chat')));
    await e2e.workbench.closeQuickInput();
  });

  it('after a reload in the middle of a reply, keeps what arrived and marks it cut short', async () => {
    // The stream never finishes: only the reload ends it.
    e2e.fake.enqueue(sse(textStream(['The first half arrived. ', 'More. ', 'More still. ', 'The end.']), { delayMs: 1500, end: 'hang' }));
    let chat = await e2e.newChat();
    await chat.send('Tell me something long');
    await chat.answerWhere('with its first half', (t) => t.includes('The first half arrived.'));
    await e2e.shot('mid-reply, before reload');

    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    // Interrupted, not stopped: nobody pressed Stop, and Retry asks again.
    const turns = await chat.turnsWhen('the chat with its partial answer', (t) => t.length === 2 && /cut off when VS Code closed/.test(t[1]?.text ?? ''));
    assert.ok(turns[0]?.text.includes('Tell me something long'));
    assert.ok(turns[1]?.text.includes('The first half arrived.'), `what arrived is kept; the answer shows: ${JSON.stringify(turns[1]?.text)}`);
    assert.ok(!turns[1]?.text.includes('The end.'));
    await e2e.shot('after reload mid-reply', 'restored-after-reload.png');
    // The reply in flight was abandoned, not left streaming into a window that is gone.
    const request = e2e.fake.generateRequests[0];
    assert.ok(request);
    let closed = false;
    void request.closed.then(() => (closed = true));
    await eventually('the old request closed', () => closed);
  });

  it('after a reload right after a chunk arrived, keeps every chunk that was on screen', async () => {
    // Chunks a third of a second apart, more often than the reply is saved while it streams: the
    // reload comes right after one was shown, before a save of its own.
    const pieces = Array.from({ length: 40 }, (_, i) => `Sentence ${i + 1}. `);
    e2e.fake.enqueue(sse(textStream(pieces), { delayMs: 300, end: 'hang' }));
    let chat = await e2e.newChat();
    await chat.send('Count slowly');
    await chat.answerWhere('six sentences shown', (t) => t.includes('Sentence 6.'));
    const shown = (await chat.turns())[1]?.text ?? '';
    const last = Math.max(...[...shown.matchAll(/Sentence (\d+)\./g)].map((m) => Number(m[1])));
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    const turns = await chat.turnsWhen('the chat with its partial answer', (t) => t.length === 2 && /cut off when VS Code closed/.test(t[1]?.text ?? ''));
    assert.ok(turns[1]?.text.includes(`Sentence ${last}.`), `every sentence shown (up to ${last}) is kept; the answer shows: ${JSON.stringify(turns[1]?.text)}`);
  });

  it('after a reload while the answer is awaited, keeps the question, and Retry asks it again', async () => {
    e2e.fake.enqueue(sse([], { end: 'hang' }), sse(textStream(['Asked again, answered.'])));
    let chat = await e2e.newChat();
    await chat.send('A question worth keeping');
    await eventually('the request at the server', () => e2e.fake.generateRequests.length === 1);
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    const turns = await chat.turnsWhen('the question, answer interrupted', (t) => t.length === 2 && /cut off when VS Code closed/.test(t[1]?.text ?? ''));
    assert.ok(turns[0]?.text.includes('A question worth keeping'));
    await e2e.shot('reload while awaited');
    await chat.frame.getByRole('button', { name: 'Retry' }).click();
    await chat.answerWhere('the answer Retry asked for', (t) => t.includes('Asked again, answered.'));
    assert.deepEqual(e2e.fake.generateRequests[1]?.json, e2e.fake.generateRequests[0]?.json, 'the same question sent again');
  });

  it('brings back what was typed and not sent, never a message already sent', async () => {
    const draftKept = (text: string) => keptOnDisk(`"${text}" in the drafts the extension keeps`, { 'drafts.json': `"${text}"` });
    e2e.fake.enqueue(sse(textStream(['One.'])), sse(textStream(['Two.'])));
    let chat = await e2e.newChat();
    await chat.send('Question one');
    await chat.answerWhere('one', (t) => t.includes('One.'));
    await chat.send('Question two');
    await chat.answerWhere('two', (t) => t.includes('Two.'));
    await chat.type('Half-typed follow-up');
    // Each keystroke reaches the extension host a few milliseconds later: reload once it has the last one.
    await draftKept('Half-typed follow-up');
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await chat.turnsWhen('the chat restored', (t) => t.length === 4);
    await eventually('the unsent text back in the message box', async () => (await chat.composerText()) === 'Half-typed follow-up');

    // A new chat, never sent to, is not saved: its draft still comes back, and goes once it is sent.
    chat = await e2e.newChat();
    await chat.type('The first words of a new chat');
    await draftKept('The first words of a new chat');
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await eventually('the new chat\'s draft back', async () => (await chat.composerText()) === 'The first words of a new chat');
    e2e.fake.enqueue(sse(textStream(['Three.'])));
    await chat.button('Send').click();
    await chat.answerWhere('three', (t) => t.includes('Three.'));
    chat = await e2e.newChat();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await chat.composerText(), '', 'the next new chat starts empty');
  });

  it('brings back the files attached to a message not sent yet, with its text', async () => {
    let chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('pixel.png'));
    await eventually('a chip for pixel.png', async () => (await chat.composerChips()).some((c) => c.includes('pixel.png')));
    await chat.type('What is in this picture?');
    await keptOnDisk('the draft and the chip kept', { 'drafts.json': 'What is in this picture?', 'composer-chips.json': 'pixel.png' });
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await eventually('the text back', async () => (await chat.composerText()) === 'What is in this picture?');
    await eventually('the chip back', async () => (await chat.composerChips()).some((c) => c.includes('pixel.png')));
    e2e.fake.enqueue(sse(textStream(['A single red pixel.'])));
    await chat.button('Send').click();
    await chat.answerWhere('about the picture', (t) => t.includes('A single red pixel.'));
    const parts = contentsOf(e2e.fake.generateRequests.at(-1)!).at(-1)?.parts ?? [];
    assert.equal(parts.find((p) => p.inlineData)?.inlineData?.data, PIXEL_PNG.toString('base64'), 'the image sent, read back from its kept bytes');
  });

  it('an edit in progress survives a reload, and Escape then gives back the message it set aside, text and file', async () => {
    let chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['First answer.'])), sse(textStream(['Better answer.'])));
    await chat.send('The first question');
    await chat.answerWhere('the first', (t) => t.includes('First answer.'));
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('pixel.png'));
    await eventually('a chip for pixel.png', async () => (await chat.composerChips()).some((c) => c.includes('pixel.png')));
    await chat.type('Half of the next question');
    await chat.frame.getByRole('article', { name: 'You' }).first().getByRole('button', { name: 'Edit' }).click();
    await eventually('the question to edit in the box', async () => (await chat.composerText()) === 'The first question');
    assert.deepEqual(await chat.composerChips(), [], 'the edited message has no file');
    await chat.type('The first question, edited');
    await keptOnDisk('the edit kept', { 'drafts.json': 'The first question, edited', 'composer-chips.json': 'Half of the next question' });
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await eventually('the edit back', async () => (await chat.composerText()) === 'The first question, edited');
    await eventually('still editing', async () => (await chat.visibleText()).includes('Editing a message'));
    await e2e.shot('edit after reload');
    await chat.composer.press('Escape');
    await eventually('the message set aside back', async () => (await chat.composerText()) === 'Half of the next question');
    await eventually('its file back', async () => (await chat.composerChips()).some((c) => c.includes('pixel.png')));
    assert.ok(!(await chat.visibleText()).includes('Editing a message'), 'the edit is over');
    assert.equal(e2e.fake.generateRequests.length, 1, 'nothing sent');
  });

  it('a reader who scrolled up finds the same place after switching to the Explorer and back', async () => {
    const answer = (topic: string): string => Array.from({ length: 30 }, (_, i) => `${topic} fact ${i + 1}.`).join('\n\n');
    e2e.fake.enqueue(sse(textStream([answer('Rivers')])), sse(textStream([answer('Mountains')])), sse(textStream([answer('Deserts')])));
    let chat = await e2e.newChat();
    for (const [question, topic] of [['Tell me about rivers.', 'Rivers'], ['And mountains?', 'Mountains'], ['And deserts?', 'Deserts']]) {
      await chat.send(question as string);
      await chat.answerWhere(topic as string, (t) => t.includes(`${topic} fact 30.`));
    }
    // The paragraph at the top of the conversation, as the reader sees it.
    const atTop = (view: ChatView): Promise<string> =>
      view.frame.getByRole('feed', { name: 'Conversation' }).evaluate((feed) => {
        const top = feed.getBoundingClientRect().top;
        const paragraphs = feed.querySelectorAll('p');
        for (let i = 0; i < paragraphs.length; i++) {
          const p = paragraphs[i];
          if (p && p.getBoundingClientRect().bottom > top) return p.textContent ?? '';
        }
        return '';
      });
    await chat.frame.getByRole('feed', { name: 'Conversation' }).hover();
    await e2e.workbench.page.mouse.wheel(0, -2000);
    const place = await eventually('scrolled up into an earlier answer', async () => {
      const text = await atTop(chat);
      return /^(Rivers|Mountains) fact/.test(text) ? text : undefined;
    });
    await new Promise((r) => setTimeout(r, 500)); // the scroll has ended
    await e2e.shot('scrolled up');

    await e2e.workbench.runCommand('View: Show Explorer');
    await eventually('the Explorer shown', async () => (await e2e.workbench.page.locator('.explorer-folders-view, .explorer-viewlet').count()) > 0);
    chat = await ChatView.open(e2e.workbench);
    await eventually(`back at "${place}"`, async () => (await atTop(chat)) === place);
    await chat.button('Jump to latest').waitFor();
    await e2e.shot('back at the same place');
  });
});

