// Issue 3/5: send a message and watch the answer stream in, Stop it, Rewind the last exchange, in a
// real VS Code against the loopback Gemini server.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { sse } from '../support/fakeGemini';
import type { ChatView } from './support/chatView';
import { eventually } from './support/eventually';
import { textStream, textsOf } from './support/geminiStream';
import { useE2ESession } from './support/session';
import { SAMPLE_SOURCE } from './support/workspace';

describe('e2e: chatting', () => {
  const e2e = useE2ESession('chat');
  /** Each question asked in a new chat of its own, its answer awaited; returns the view (on the last chat). */
  const chatsAsked = async (...asked: [question: string, answer: string][]): Promise<ChatView> => {
    e2e.fake.enqueue(...asked.map(([, answer]) => sse(textStream([answer]))));
    let chat: ChatView | undefined;
    for (const [question, answer] of asked) {
      chat = await e2e.newChat();
      await chat.send(question);
      await chat.answerWhere('to the end', (t) => t.includes(answer));
    }
    return chat!;
  };

  it('sends a message and shows the answer growing chunk by chunk', async () => {
    const pieces = ['Alpha bravo. ', 'Charlie delta. ', 'Echo foxtrot. ', 'Golf hotel. ', 'India juliet.'];
    // Paced like a real stream, so each chunk has its moment on screen.
    e2e.fake.enqueue(sse(textStream(pieces), { delayMs: 700 }));
    const chat = await e2e.newChat();
    await chat.send('Spell out the NATO alphabet');
    await chat.turnsWhen('my message as a "You" turn', (t) => t.some((x) => x.who === 'You' && x.text.includes('Spell out the NATO alphabet')));

    const piecesIn = (text: string): number => pieces.filter((p) => text.includes(p.trim())).length;
    const partial = await chat.answerWhere('with its first chunk but not its last', (t) => piecesIn(t) >= 1 && piecesIn(t) < pieces.length);
    await chat.button('Stop').waitFor({ state: 'visible' });
    await e2e.shot('answer streaming', 'chat-streaming.png');
    assert.ok(partial.includes('Alpha bravo'), 'the first chunk is on screen before the stream ends');

    const states = await chat.watchAnswer('with every chunk', (t) => piecesIn(t) === pieces.length);
    const counts = states.map(piecesIn);
    assert.deepEqual([...counts].sort((a, b) => a - b), counts, `the answer only grows: ${counts.join(' → ')}`);
    assert.ok(new Set(counts.filter((c) => c > 0 && c < pieces.length)).size >= 2, `several partial states were shown: ${counts.join(' → ')}`);
    const final = states[states.length - 1] ?? '';
    assert.ok(final.indexOf('Alpha bravo') < final.indexOf('India juliet'), 'chunks in order');
    await chat.button('Send').waitFor({ state: 'visible' });
    await e2e.shot('answer complete', 'chat-answer.png');

    const [request, ...more] = e2e.fake.generateRequests;
    assert.equal(more.length, 0, 'one request');
    assert.match(request?.url ?? '', /:streamGenerateContent/);
    assert.deepEqual(textsOf(request!), ['Spell out the NATO alphabet']);
  });

  it('a list streamed item by item is one list of all its items, numbered on', async () => {
    // Each item settles on its own as the stream goes on; the view joins them into one list.
    e2e.fake.enqueue(sse(textStream(['Three steps:\n\n', '1. Open the view\n', '1. Ask a question\n', '1. Read the answer\n\nDone.']), { delayMs: 300 }));
    const chat = await e2e.newChat();
    await chat.send('How do I use it?');
    await chat.answerWhere('to the end', (t) => t.includes('Done.'));
    const answer = chat.frame.getByRole('article', { name: /^Gemini/ }).last();
    assert.equal(await answer.getByRole('list').count(), 1);
    assert.deepEqual(await answer.getByRole('listitem').allInnerTexts(), ['Open the view', 'Ask a question', 'Read the answer']);
    // One <ol> numbers its items 1, 2, 3 (three one-item lists would each have shown "1.").
    assert.equal(await answer.locator('ol').count(), 1);
  });

  it('a link in an answer opens once, through VS Code\'s question about opening an external site', async () => {
    e2e.fake.enqueue(sse(textStream(['See [the guide](https://example.com/guide) for more.'])));
    const chat = await e2e.newChat();
    await chat.send('Where can I read more?');
    await chat.answerWhere('with its link', (t) => t.includes('for more.'));
    const pages = e2e.page.context().pages().length;
    await chat.frame.getByRole('link', { name: 'the guide' }).click();
    const dialog = e2e.page.locator('.monaco-dialog-box');
    await eventually('VS Code asking before it opens the site', async () => (await dialog.count()) > 0 && (await dialog.innerText()).includes('example.com'));
    // Before, VS Code's frame also opened the link itself: a browser tab at once, besides the question.
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(e2e.page.context().pages().length, pages, 'no page opened without asking');
    await e2e.page.keyboard.press('Escape');
    await eventually('the question gone', async () => (await dialog.count()) === 0);
  });

  it('a link to a file of the workspace opens it in the editor at its line; a link to a file it does not have says so', async () => {
    e2e.fake.enqueue(sse(textStream(['The result is in [fib.ts](src/fib.ts#L2); see also [old.ts](src/old.ts).'])));
    const chat = await e2e.newChat();
    await chat.send('Where is it computed?');
    await chat.answerWhere('with its links', (t) => t.includes('see also'));
    await chat.frame.getByRole('link', { name: 'fib.ts' }).click();
    await e2e.page.locator('.tab[aria-label*="fib.ts"]').first().waitFor({ state: 'visible' });
    await eventually('the cursor on line 2', async () => /Ln 2, Col 1/.test(await e2e.page.locator('.statusbar').innerText()));
    await chat.frame.getByRole('link', { name: 'old.ts' }).click();
    await eventually('the view saying the file is not there', async () => (await chat.visibleText()).includes('“src/old.ts” is not a file of this workspace, so the link cannot open it.'));
    await e2e.workbench.runCommand('View: Close All Editors');
  });

  it('Insert at Cursor puts a code block in the file at every cursor, its lines indented as the line each goes into, with nothing left selected', async () => {
    e2e.fake.enqueue(sse(textStream(['Guard it:\n\n```ts\nif (n < 0) {\n  throw new Error("negative");\n}\n```\n'])));
    const chat = await e2e.newChat();
    await chat.send('How do I refuse negative numbers?');
    await chat.answerWhere('with its code', (t) => t.includes('negative'));
    await e2e.workbench.openFile('src/fib.ts');
    // A new line inside the function: the editor indents it as the line before.
    await e2e.page.locator('.editor-instance .monaco-editor').first().click();
    await e2e.page.keyboard.press('Control+Home');
    await e2e.page.keyboard.press('End');
    await e2e.page.keyboard.press('Enter');
    await chat.frame.getByRole('button', { name: 'Insert at Cursor' }).click();
    await eventually('the code in the file', async () => (await e2e.workbench.activeEditorText()).includes('throw'));
    assert.deepEqual((await e2e.workbench.activeEditorText()).split('\n').slice(0, 5), [
      'export function fibonacci(n: number): number {',
      '  if (n < 0) {',
      '    throw new Error("negative");',
      '  }',
      '  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);',
    ]);
    assert.doesNotMatch(await e2e.page.locator('.statusbar').innerText(), /selected/, 'nothing selected');
    // At two cursors, each on a line of its own indentation.
    await e2e.workbench.runCommand('View: Revert and Close Editor');
    writeFileSync(e2e.workspace.file('src/nested.ts'), 'function outer() {\n  if (a) {\n    call();\n  }\n}\n');
    await e2e.workbench.openFile('src/nested.ts');
    await e2e.page.locator('.editor-instance .monaco-editor').first().click();
    await e2e.page.keyboard.press('Control+Home');
    await e2e.page.keyboard.press('ArrowDown');
    await e2e.page.keyboard.press('End');
    await e2e.page.keyboard.press('Shift+Alt+ArrowDown');
    await e2e.page.keyboard.press('End');
    await chat.frame.getByRole('button', { name: 'Insert at Cursor' }).click();
    await eventually('the code at both cursors', async () => (await e2e.workbench.activeEditorText()).split('throw').length === 3);
    assert.deepEqual((await e2e.workbench.activeEditorText()).split('\n').slice(1, 7), [
      '  if (a) {if (n < 0) {',
      '    throw new Error("negative");',
      '  }',
      '    call();if (n < 0) {',
      '      throw new Error("negative");',
      '    }',
    ]);
    await e2e.workbench.runCommand('View: Revert and Close Editor');
  });

  it('a code block is one even box in the editor\'s theme: no band behind its lines', async () => {
    e2e.fake.enqueue(sse(textStream(['Like this, with `inline` code too:\n\n```python\ndef hello(name):\n', '    print(f"Hello, {name}!")\n```\n\nDone.'])));
    const chat = await e2e.newChat();
    await chat.send('Show me some code');
    await chat.answerWhere('to the end', (t) => t.includes('Done.'));
    const answer = chat.frame.getByRole('article', { name: /^Gemini/ }).last();
    const look = (selector: string): Promise<{ background: string; padding: string }> =>
      answer.locator(selector).first().evaluate((el) => {
        const style = el.ownerDocument.defaultView!.getComputedStyle(el);
        return { background: style.backgroundColor, padding: style.padding };
      });
    // VS Code's own webview style gives every `code` a background: fine for inline code, a band per line
    // inside a block.
    assert.notEqual((await look('p code')).background, 'rgba(0, 0, 0, 0)', 'inline code keeps its background');
    assert.deepEqual(await look('pre code'), { background: 'rgba(0, 0, 0, 0)', padding: '0px' });
    await e2e.shot('code block');
  });

  it('Switch Chat lists each chat with its model and how many exchanges it holds, its title as typed', async () => {
    // "$(name)" is how the picker draws an icon: a title holding it is still shown as typed.
    await chatsAsked(['What is the capital of Spain? echo $(pwd)', 'Madrid.'], ['What is the capital of France?', 'Paris.']);
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    const row = await eventually('the chat listed', async () => (await e2e.workbench.quickPickLabels()).find((l) => l.includes('What is the capital of France?')));
    assert.match(row, /gemini-2\.5-flash · open/);
    assert.match(row, /\b1 exchange · /);
    // The chat highlighted first, the one Enter opens, is the latest of the others, not the open one.
    const highlighted = await eventually('a row highlighted', async () => (await e2e.workbench.quickInput().locator('.monaco-list-row.focused').allInnerTexts())[0]);
    assert.match(highlighted, /What is the capital of Spain\? echo \$\(pwd\)/);
    await e2e.workbench.closeQuickInput();
  });

  it('Stop keeps what arrived, marked stopped, ends the request, and the next turn builds on it', async () => {
    // The stream never ends on its own: only the client closing it (Stop) ends the request.
    e2e.fake.enqueue(sse(textStream(['First part of the story. ', 'Second part. ', 'Third part. ', 'Never shown.']), { delayMs: 600, end: 'hang' }));
    const chat = await e2e.newChat();
    await chat.send('Tell me a long story');
    await chat.answerWhere('with its first part', (t) => t.includes('First part of the story'));
    await e2e.shot('before stop');
    await chat.button('Stop').click();
    const request = e2e.fake.generateRequests[0];
    assert.ok(request);
    let closed = false;
    void request.closed.then(() => (closed = true));
    await eventually('the streaming request closed by the client', () => closed);
    const stopped = await chat.answerWhere('marked stopped', (t) => /stopped/i.test(t));
    assert.ok(stopped.includes('First part of the story'), 'what arrived is kept');
    assert.ok(!stopped.includes('Never shown'), 'nothing after the stop');
    await chat.button('Send').waitFor({ state: 'visible' });
    await e2e.shot('stopped', 'chat-stopped.png');

    e2e.fake.enqueue(sse(textStream(['And so it ended.'])));
    await chat.send('How does it end?');
    await chat.answerWhere('to the follow-up', (t) => t.includes('And so it ended.'));
    const followUp = e2e.fake.generateRequests[1];
    assert.ok(followUp);
    const sent = textsOf(followUp);
    assert.equal(sent[0], 'Tell me a long story', `history sent next: ${JSON.stringify(sent)}`);
    assert.match(sent[1] ?? '', /^First part of the story/, `the stopped answer is part of the conversation sent next: ${JSON.stringify(sent)}`);
    assert.equal(sent[sent.length - 1], 'How does it end?');
  });

  it('Regenerate stopped before the new answer begins puts the earlier answer back', async () => {
    e2e.fake.enqueue(sse(textStream(['The first answer, worth keeping.'])), () => undefined);
    const chat = await e2e.newChat();
    await chat.send('Tell me something');
    await chat.answerWhere('the first answer', (t) => t.includes('worth keeping'));
    await chat.button('Regenerate').click();
    await eventually('the new request at the server', () => e2e.fake.generateRequests.length === 2);
    await chat.answerWhere('waiting for the new answer', (t) => !t.includes('worth keeping'));
    await chat.button('Stop').click();
    await chat.answerWhere('the earlier answer back', (t) => t.includes('The first answer, worth keeping.'));
    await eventually('the view saying so', async () => (await chat.visibleText()).includes('Stopped before any answer came. The earlier answer is back.'));
    await e2e.shot('regenerate stopped');
    assert.equal(await chat.composerText(), '', 'the question stays in the chat, not in the message box');
    assert.equal((await chat.turns()).length, 2, 'one exchange, as before');
  });

  it('Rewind Last Exchange asks first, naming the question, then removes it from the view and from what the next request sends', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['First answer.'])), sse(textStream(['Second answer.'])), sse(textStream(['Third answer.'])));
    await chat.send('First question');
    await chat.answerWhere('to the first question', (t) => t.includes('First answer.'));
    await chat.send('Second question');
    await chat.answerWhere('to the second question', (t) => t.includes('Second answer.'));
    await chat.turnsWhen('four turns', (t) => t.length === 4);
    await e2e.shot('two exchanges');

    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    await e2e.workbench.runCommand('Gemini Chat: Rewind Last Exchange');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Rewind the last exchange\? “Second question” and its answer are removed/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await chat.turns()).length, 4, 'nothing removed on Cancel');
    await e2e.workbench.runCommand('Gemini Chat: Rewind Last Exchange');
    await dialog.getByRole('button', { name: 'Rewind' }).click();
    const after = await chat.turnsWhen('the second exchange gone', (t) => t.length === 2);
    assert.deepEqual(after.map((t) => t.who), ['You', 'Gemini']);
    assert.ok(after[0]?.text.includes('First question') && after[1]?.text.includes('First answer.'));
    await e2e.shot('rewound');

    await chat.send('Third question');
    await chat.answerWhere('to the third question', (t) => t.includes('Third answer.'));
    const third = await eventually('the third request', () => e2e.fake.generateRequests[2]);
    assert.deepEqual(textsOf(third), ['First question', 'First answer.', 'Third question']);
    await e2e.shot('after rewind, next exchange');
  });

  it('Rewind to here asks first, saying how much goes: Cancel keeps every turn and the keyboard on Rewind, Rewind removes them', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Answer one.'])), sse(textStream(['Answer two.'])));
    await chat.send('Question one');
    await chat.answerWhere('to question one', (t) => t.includes('Answer one.'));
    await chat.send('Question two');
    await chat.answerWhere('to question two', (t) => t.includes('Answer two.'));
    await chat.turnsWhen('four turns', (t) => t.length === 4);
    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    const rewindFirst = async (): Promise<string> => {
      await chat.frame.getByRole('button', { name: 'Rewind to here' }).first().click();
      await dialog.waitFor({ state: 'visible' });
      return dialog.innerText();
    };
    assert.match(await rewindFirst(), /This exchange and the one after it are removed/);
    await e2e.shot('rewind asks first');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await chat.turns()).length, 4, 'nothing removed on Cancel');
    // The keyboard is back on the button that asked, as after any dialog the user cancels: Enter asks
    // again, and Escape cancels again.
    await rewindFocused(chat);
    await e2e.page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible' });
    await e2e.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await rewindFocused(chat);
    await rewindFirst();
    await dialog.getByRole('button', { name: 'Rewind' }).click();
    await chat.turnsWhen('every turn gone', (t) => t.length === 0);
    await typedIntoComposer(chat, 'after rewind');
  });

  it('after Rename Chat… from the view the keyboard is back in the view, not in the open file: in the message box, or on Rename when cancelled', async () => {
    await e2e.workbench.openFile('src/fib.ts');
    const chat = await e2e.newChat();
    // The chat before (emptied by a rewind) looks the same as a new one but for its title: wait for the new one.
    await eventually('the new chat shown', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'New Chat');
    await chat.frame.getByRole('button', { name: 'Rename Chat…' }).click();
    await e2e.workbench.answerQuickInput('Renamed from the view');
    await eventually('the new title as the view\'s heading', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'Renamed from the view');
    await typedIntoComposer(chat, 'typed after renaming');
    await chat.frame.getByRole('button', { name: 'Rename Chat…' }).click();
    await e2e.workbench.quickInput().locator('.quick-input-box input').waitFor({ state: 'visible' });
    await e2e.page.keyboard.press('Escape');
    await focused(chat.frame.getByRole('button', { name: 'Rename Chat…' }), 'Rename Chat…');
    await e2e.page.keyboard.type('x');
    assert.equal(await chat.composerText(), 'typed after renaming');
    assert.equal(readFileSync(e2e.workspace.file('src/fib.ts'), 'utf8'), SAMPLE_SOURCE, 'the open file is untouched');
  });

  it('New Chat pressed in the view\'s header puts the keyboard in the new chat\'s message box', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Noted.'])));
    await chat.send('A chat to leave');
    await chat.answerWhere('to the chat to leave', (t) => t.includes('Noted.'));
    const newChat = chat.frame.getByRole('button', { name: 'New Chat' });
    await newChat.focus();
    await e2e.page.keyboard.press('Enter');
    await eventually('the new chat shown', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'New Chat');
    await typedIntoComposer(chat, 'typed at once');
  });

  it('New Chat, Switch Chat… and Rewind Last Exchange from the Command Palette leave the keyboard in the chat\'s message box', async () => {
    const chat = await chatsAsked(['A chat to switch back to', 'Back.']);
    const title = () => chat.frame.getByRole('heading', { level: 1 }).textContent();
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.runCommand('Gemini Chat: New Chat');
    await eventually('the new chat shown', async () => (await title()) === 'New Chat');
    await typedIntoComposer(chat, 'x');
    await e2e.page.keyboard.press('Backspace');
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await e2e.workbench.pick(/A chat to switch back to/);
    await eventually('the chat switched to', async () => (await title()) === 'A chat to switch back to');
    await typedIntoComposer(chat, 'y');
    await e2e.page.keyboard.press('Backspace');
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.runCommand('Gemini Chat: Rewind Last Exchange');
    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    await dialog.getByRole('button', { name: 'Rewind' }).click();
    await chat.turnsWhen('the exchange gone', (t) => t.length === 0);
    await typedIntoComposer(chat, 'z');
    await e2e.page.keyboard.press('Backspace');
    assert.equal(readFileSync(e2e.workspace.file('src/fib.ts'), 'utf8'), SAMPLE_SOURCE, 'the open file is untouched');
  });

  it('in a window reloaded with another view in the side bar, Open Chat and Ask About Selection (which create the view) leave the keyboard in the message box', async () => {
    await e2e.newChat();
    await e2e.workbench.runCommand('View: Show Explorer');
    await e2e.workbench.reload();
    await e2e.workbench.runCommand('Gemini Chat: Open Chat');
    let chat = await e2e.findChat();
    // The chat shown (its snapshot in), so the box's text is what it will stay before typing.
    await eventually('the chat shown', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'New Chat');
    await typedIntoComposer(chat, 'typed at once');
    await chat.type('');
    await e2e.workbench.runCommand('View: Show Explorer');
    await e2e.workbench.reload();
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.selectLines(1, 3);
    await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
    chat = await e2e.findChat();
    await eventually('a chip for the selection', async () => (await chat.composerChips()).some((c) => c.includes('fib.ts:1-3')));
    await typedIntoComposer(chat, 'Why is this wrong?');
    await chat.type('');
    assert.equal(readFileSync(e2e.workspace.file('src/fib.ts'), 'utf8'), SAMPLE_SOURCE, 'the open file is untouched');
  });

  it('Switch Chat… lists a new chat\'s message not sent yet, and picking it brings the message back', async () => {
    await chatsAsked(['A saved chat', 'Saved.']);
    await e2e.workbench.runCommand('Gemini Chat: New Chat');
    const chat = await e2e.findChat();
    await chat.type('A thought for a new chat');
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await e2e.workbench.pick(/A saved chat/);
    await eventually('the saved chat open', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'A saved chat');
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    const rows = await eventually('the chats listed', async () => {
      const labels = await e2e.workbench.quickPickLabels();
      return labels.some((l) => l.includes('A saved chat')) ? labels : undefined;
    });
    assert.ok(rows.some((l) => l.includes('New Chat') && l.includes('not sent yet') && l.includes('A thought for a new chat')), `listed: ${rows.join(' | ')}`);
    await e2e.workbench.pick(/not sent yet/);
    await eventually('the message back in the box', async () => (await chat.composerText()) === 'A thought for a new chat');
    await chat.type('');
  });

  it('Delete Chat… asks first, naming the open chat: Cancel keeps it, Delete removes it and opens the latest other', async () => {
    const chat = await chatsAsked(['A chat to keep', 'Kept.'], ['A chat to delete', 'Soon gone.']);
    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    // What is typed in it and not sent goes with it: the question says so.
    await chat.type('A follow-up never sent');
    for (const button of ['Cancel', 'Delete']) {
      await e2e.workbench.runCommand('Gemini Chat: Delete Chat…');
      await dialog.waitFor({ state: 'visible' });
      assert.match(await dialog.innerText(), /Delete the chat "A chat to delete"\? The message typed in it and not sent goes too\. This cannot be undone\./);
      await dialog.getByRole('button', { name: button }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await eventually('the chat kept opened', async () => (await chat.frame.getByRole('heading', { level: 1 }).textContent()) === 'A chat to keep');
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    const rows = await eventually('the chats listed', async () => {
      const labels = await e2e.workbench.quickPickLabels();
      return labels.some((l) => l.includes('A chat to keep')) ? labels : undefined;
    });
    assert.ok(!rows.some((l) => l.includes('A chat to delete')), `deleted, yet listed: ${rows.join(' | ')}`);
    await e2e.workbench.closeQuickInput();
  });

  it('Delete Chat… during an answer says the answer is stopped, and Delete stops it', async () => {
    e2e.fake.enqueue(sse(textStream(['The start of a long answer. ', 'Never shown.']), { delayMs: 1500, end: 'hang' }));
    const chat = await e2e.newChat();
    await chat.send('A question whose chat goes');
    await chat.answerWhere('with its first part', (t) => t.includes('The start of a long answer.'));
    const request = e2e.fake.generateRequests.at(-1);
    assert.ok(request);
    let closed = false;
    void request.closed.then(() => (closed = true));
    const dialog = e2e.page.locator('.monaco-dialog-box').first();
    await e2e.workbench.runCommand('Gemini Chat: Delete Chat…');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Delete the chat "A question whose chat goes"\? The answer still arriving will be stopped\. This cannot be undone\./);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await eventually('the answer\'s request closed', () => closed);
  });

  it('Select All in the message box and typing at once replaces the draft with every key typed', async () => {
    const chat = await e2e.newChat();
    await chat.type('an old draft');
    for (const text of ['Hello world', 'Keyboard streaming test', 'a third try']) {
      await e2e.page.keyboard.press('ControlOrMeta+A');
      await e2e.page.keyboard.type(text);
      // The key also reaches VS Code, which used to select all a second time a moment later, taking in
      // the first keys typed (the next key then replaced them): wait past that moment.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await chat.composerText(), text);
    }
  });

  it('during a reply, Rewind Last Exchange puts the question back; a chat opened meanwhile leaves the reply going, and says when it is complete', async () => {
    let chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['A first part. ', 'More. ', 'The end.']), { delayMs: 1500, end: 'hang' }));
    await chat.send('A carefully typed question');
    await chat.answerWhere('with its first part', (t) => t.includes('A first part.'));
    await e2e.workbench.runCommand('Gemini Chat: Rewind Last Exchange');
    await chat.turnsWhen('the exchange gone', (t) => t.length === 0);
    await eventually('the question back in the message box', async () => (await chat.composerText()) === 'A carefully typed question');

    e2e.fake.enqueue(sse(textStream(['Half of it. ', 'The rest.']), { delayMs: 5000 }));
    await chat.button('Send').click();
    await chat.answerWhere('with its first part', (t) => t.includes('Half of it.'));
    chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await eventually('the chat list saying which chat is answering', async () =>
      (await e2e.workbench.quickPickLabels()).some((l) => l.includes('A carefully typed question') && l.includes('answering…')),
    );
    await e2e.workbench.closeQuickInput();
    e2e.fake.enqueue(sse(textStream(['Quick.'])));
    await chat.send('A quick one meanwhile');
    await chat.answerWhere('to the quick one', (t) => t.includes('Quick.'));
    const told = chat.frame.getByRole('status').filter({ hasText: 'A carefully typed question' });
    await eventually('the notice in the chat open', async () => /The answer in “A carefully typed question” is complete\./.test((await told.allInnerTexts()).join('\n')));
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await e2e.workbench.pick(/A carefully typed question/);
    await chat.answerWhere('whole, having gone on meanwhile', (t) => t.includes('Half of it.') && t.includes('The rest.') && !/stopped|interrupted/i.test(t));
  });
});

/** Waits until the keyboard is on `target` (in a webview, with the webview focused). */
async function focused(target: Locator, name: string): Promise<void> {
  await eventually(`the keyboard on ${name}`, () => target.evaluate((el) => el.ownerDocument.hasFocus() && el.ownerDocument.activeElement === el));
}

const rewindFocused = (chat: ChatView): Promise<void> => focused(chat.frame.getByRole('button', { name: 'Rewind to here' }).first(), 'Rewind to here');

/** Types at the keyboard as a user would, and checks the text went to the chat's message box. */
async function typedIntoComposer(chat: ChatView, text: string): Promise<void> {
  const before = await chat.composerText();
  await eventually('the keyboard in the message box', async () => {
    return chat.frame.evaluate(() => {
      const d = (globalThis as unknown as { document: { hasFocus(): boolean; activeElement: { tagName: string } | null } }).document;
      return d.hasFocus() && d.activeElement?.tagName === 'VSCODE-TEXT-AREA';
    });
  });
  await chat.frame.page().keyboard.type(text);
  await eventually(`"${text}" typed into the message box`, async () => (await chat.composerText()) === before + text);
}
