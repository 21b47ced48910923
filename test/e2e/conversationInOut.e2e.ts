// Issue 4: the conversation out and back in, in a real VS Code: Export Chat as JSON then Import Chat
// from JSON (and a file that is not a chat), Search Chats…, Copy Chat as Markdown read back by pasting
// into an editor, an image pasted into the composer, files dropped from the Explorer and the desktop.
// Each test checks what the user sees and what the Gemini server then receives.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Locator } from 'playwright-core';
import { sse } from '../support/fakeGemini';
import { dropOn, pasteInto } from './support/dataTransfer';
import { eventually } from './support/eventually';
import { contentsOf, textStream, textsOf } from './support/geminiStream';
import { ChatView } from './support/chatView';
import { useE2ESession } from './support/session';
import { PIXEL_PNG } from './support/workspace';
import { serveFilesApi } from '../unit/attachments/filesApi';

/** A PDF of ASCII bytes (the loopback server keeps request bodies as text), over the suite's 1 KB inline limit. */
const ASCII_PDF = Buffer.from(`%PDF-1.7\n${'0123456789abcdef'.repeat(200)}\n%%EOF\n`);

/** Checks that `pieces` appear in `text` in this order. */
function assertInOrder(text: string, pieces: string[]): void {
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    assert.ok(found >= 0, `"${piece}" after position ${at} in:\n${text}`);
    at = found + piece.length;
  }
}

describe('e2e: the conversation out and back in', () => {
  // Files over 1 KB (and not text) go through the Files API.
  const e2e = useE2ESession('conversation in-out', { settings: { 'geminiChat.attachments.maxInlineBytes': 1024 } });

  /** Import Chat from JSON… of `file` into a new chat; the view showing it. */
  const importInNewChat = async (file: string) => {
    await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Import Chat from JSON…');
    await e2e.workbench.answerFileDialog(file);
    return e2e.findChat();
  };

  it('before any message: the palette offers no search, copy or export of the empty chat', async () => {
    await e2e.chat();
    for (const command of ['Search Chats…', 'Copy Chat as Markdown', 'Export Chat as Markdown…', 'Export Chat as JSON…']) {
      assert.equal(await e2e.workbench.listedInPalette(`Gemini Chat: ${command}`), false, `${command} is not offered`);
    }
    assert.equal(await e2e.workbench.listedInPalette('Gemini Chat: Import Chat from JSON…'), true, 'Import is');
  });

  it('Export Chat as JSON, then Import Chat from JSON, goes on where the chat stopped', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Seven is prime.'])), sse(textStream(['Two is the only even prime.'])));
    await chat.send('Name a prime number.');
    await chat.answerWhere('naming a prime', (t) => t.includes('Seven is prime.'));
    await chat.send('And an even one?');
    await chat.answerWhere('naming the even prime', (t) => t.includes('Two is the only even prime.'));
    // An answer cut off: shown, marked interrupted, but not part of the conversation the file holds.
    e2e.fake.enqueue(sse(textStream(['Nine is not']), { end: 'destroy', delayMs: 50 }));
    await chat.send('Is nine prime?');
    await chat.answerWhere('marked interrupted', (t) => t.includes('Nine is not') && /interrupted/i.test(t));

    const target = e2e.workspace.file('primes.json');
    await e2e.workbench.runCommand('Gemini Chat: Export Chat as JSON…');
    await e2e.workbench.answerFileDialog(target);
    await eventually('the exported JSON file', () => (existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) as unknown : undefined));
    await eventually('the export saying what it left out', async () =>
      (await e2e.workbench.notifications()).some((n) => n.includes('Exported “Name a prime number.” to primes.json. One exchange whose answer did not finish was left out')),
    );
    // Its Open shows the file.
    await e2e.page.locator('.notification-toast', { hasText: 'primes.json' }).getByRole('button', { name: 'Open' }).click();
    await eventually('the exported file open in an editor', async () => (await e2e.workbench.activeEditorText()).includes('"format": "gemini-chat"'));

    await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Import Chat from JSON…');
    await e2e.shot('import dialog');
    await e2e.workbench.answerFileDialog(target);
    const view = await e2e.findChat();
    const turns = await view.turnsWhen('the imported chat with both exchanges', (t) => t.length === 4);
    assert.deepEqual(
      turns.map((t) => t.who),
      ['You', 'Gemini', 'You', 'Gemini'],
    );
    assert.ok(turns[0]?.text.includes('Name a prime number.'));
    assert.ok(turns[1]?.text.includes('Seven is prime.'));
    assert.ok(turns[2]?.text.includes('And an even one?'));
    assert.ok(turns[3]?.text.includes('Two is the only even prime.'));
    // Beside the chat it came from, the import is told apart by its title, and says it is done.
    await eventually('the import confirmed', async () => (await e2e.workbench.notifications()).some((n) => n.includes('Imported “Name a prime number. (imported)” from primes.json.')));
    await e2e.shot('imported chat');

    e2e.fake.enqueue(sse(textStream(['Three is odd and prime.'])));
    await view.send('And an odd one?');
    await view.answerWhere('naming an odd prime', (t) => t.includes('Three is odd and prime.'));
    const requests = e2e.fake.generateRequests;
    assert.equal(requests.length, 4, 'three sends before the export, one after the import');
    const contents = contentsOf(requests[3]!);
    assert.deepEqual(
      contents.map((c) => c.role),
      ['user', 'model', 'user', 'model', 'user'],
      'the two imported exchanges, then the new message',
    );
    const texts = contents.map((c) => (c.parts ?? []).map((p) => p.text ?? '').join(''));
    assert.ok(texts[0]?.includes('Name a prime number.'));
    assert.ok(texts[1]?.includes('Seven is prime.'));
    assert.ok(texts[2]?.includes('And an even one?'));
    assert.ok(texts[3]?.includes('Two is the only even prime.'));
    assert.ok(texts[4]?.includes('And an odd one?'));
  });

  it('an imported chat whose last message has no answer says so and offers Retry, which asks for one with the imported history', async () => {
    const history = [
      { role: 'user', parts: [{ text: 'Which planet is largest?' }] },
      { role: 'model', parts: [{ text: 'Jupiter.' }] },
      { role: 'user', parts: [{ text: 'And the smallest?' }] },
    ];
    writeFileSync(e2e.workspace.file('unanswered.json'), JSON.stringify(history));
    const view = await importInNewChat(e2e.workspace.file('unanswered.json'));
    const turns = await view.turnsWhen('the last question shown with no answer', (t) => t.length === 4 && /no answer to this message/.test(t[3]?.text ?? ''));
    assert.match(turns[3]?.text ?? '', /The imported file holds no answer to this message\. Retry asks Gemini for one; a new message replaces it\./);
    await e2e.shot('imported chat without its last answer');
    e2e.fake.enqueue(sse(textStream(['Mercury.'])));
    await view.frame.getByRole('button', { name: 'Retry' }).click();
    await view.answerWhere('the answer Retry asked for', (t) => t.includes('Mercury.') && !/no answer to this message/.test(t));
    const requests = e2e.fake.generateRequests;
    const texts = contentsOf(requests.at(-1)!).map((c) => `${c.role}: ${(c.parts ?? []).map((p) => p.text ?? '').join('')}`);
    assert.deepEqual(texts, ['user: Which planet is largest?', 'model: Jupiter.', 'user: And the smallest?']);
  });

  it('an SDK history with images imports them as their messages\' attachments: shown, and given back by Edit', async () => {
    const image = { inlineData: { mimeType: 'image/png', data: PIXEL_PNG.toString('base64') } };
    const history = [
      { role: 'user', parts: [image, { text: 'What is in this picture?' }] },
      { role: 'model', parts: [{ text: 'A single pixel.' }] },
      { role: 'user', parts: [{ text: 'And in this one, after my words?' }, image] },
      { role: 'model', parts: [{ text: 'The same pixel.' }] },
    ];
    writeFileSync(e2e.workspace.file('sdk-image.json'), JSON.stringify(history));
    const view = await importInNewChat(e2e.workspace.file('sdk-image.json'));
    const questions = view.frame.getByRole('article', { name: 'You' });
    const question = questions.first();
    await eventually('the image shown on the message', async () => (await question.getByRole('button', { name: /image 1\.png/ }).count()) > 0);
    assert.equal(await questions.nth(1).getByRole('button', { name: /image 1\.png/ }).count(), 1, 'an image after the text shows too');
    const loaded = (img: Locator) => eventually('the image itself on its chip', async () => (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth).catch(() => 0)) > 0);
    await loaded(question.locator('img.chip-thumbnail'));
    await e2e.shot('imported SDK history with an image');
    await question.getByRole('button', { name: 'Edit' }).click();
    await eventually('the image back in the composer', async () => (await view.composerChips()).some((c) => c.includes('image 1.png')));
    await loaded(view.frame.locator('.composer img.chip-thumbnail'));
    e2e.fake.enqueue(sse(textStream(['Still a pixel.'])));
    await view.send('And now?');
    await view.answerWhere('the answer to the edit', (t) => t.includes('Still a pixel.'));
    const sent = contentsOf(e2e.fake.generateRequests.at(-1)!);
    assert.deepEqual(sent.at(-1)?.parts, [image, { text: 'And now?' }], 'the image sent again with the edited text');
  });

  it('a file sent through the Files API goes into the JSON export with its bytes, and the imported chat uploads it again', async () => {
    const files = serveFilesApi(e2e.fake, new Date(Date.now() + 48 * 3600_000).toISOString());
    const pdf = ASCII_PDF;
    writeFileSync(e2e.workspace.file('spec.pdf'), pdf);
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('spec.pdf'));
    await eventually('the file uploaded', () => files.uploads.length === 1);
    e2e.fake.enqueue(sse(textStream(['A PDF of digits.'])));
    await chat.send('What is this?');
    await chat.answerWhere('about the file', (t) => t.includes('A PDF of digits.'));

    const target = e2e.workspace.file('with-file.json');
    await e2e.workbench.runCommand('Gemini Chat: Export Chat as JSON…');
    await e2e.workbench.answerFileDialog(target);
    const exported = await eventually('the exported file', () => (existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as { exchanges: { attachments: { data?: string }[] }[] }) : undefined));
    assert.equal(exported.exchanges[0]?.attachments[0]?.data, pdf.toString('base64'), 'the bytes are in the file');

    const view = await importInNewChat(target);
    await view.turnsWhen('the imported chat', (t) => t.length === 2 && t[1]!.text.includes('A PDF of digits.'));
    e2e.fake.enqueue(sse(textStream(['Still digits.'])));
    await view.send('And now?');
    await view.answerWhere('going on', (t) => t.includes('Still digits.'));
    assert.deepEqual(files.uploads, [pdf, pdf], 'uploaded again from the bytes the file carried');
    const sent = contentsOf(e2e.fake.generateRequests.at(-1)!);
    assert.deepEqual(sent[0]?.parts?.[0], { text: 'spec.pdf:' }, 'the file named before its data');
    assert.equal(sent[0]?.parts?.[1]?.fileData?.fileUri, `${e2e.fake.baseUrl}/v1beta/files/f2`);
  });

  it('Import Chat from JSON refuses a file that is not a chat, says why, and keeps the open chat', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Blue, on a clear day.'])));
    await chat.send('What colour is the sky?');
    await chat.answerWhere('about the sky', (t) => t.includes('Blue, on a clear day.'));

    const files = [
      { name: 'not-a-chat.json', text: '{"hello":1}\n', says: /Could not import not-a-chat\.json: This file is not a chat .*Export Chat as JSON/ },
      { name: 'broken.json', text: '{"title": "half a file', says: /Could not import broken\.json: This file is not valid JSON: at line 1, column 11, a string is not closed\. Choose a chat exported with "Export Chat as JSON…"/ },
    ];
    for (const file of files) {
      writeFileSync(e2e.workspace.file(file.name), file.text);
      await e2e.workbench.runCommand('Gemini Chat: Import Chat from JSON…');
      await e2e.workbench.answerFileDialog(e2e.workspace.file(file.name));
      const shown = await eventually(`an error notification about ${file.name}`, async () =>
        (await e2e.workbench.notifications()).find((n) => file.says.test(n.replace(/\s+/g, ' '))),
      );
      await e2e.shot(`import refused: ${file.name}`);
      assert.ok(shown);
      // The file is left as it was.
      assert.equal(readFileSync(e2e.workspace.file(file.name), 'utf8'), file.text);
    }
    const view = await e2e.findChat();
    const turns = await view.turns();
    assert.equal(turns.length, 2, 'the open chat is still shown, unchanged');
    assert.ok(turns[0]?.text.includes('What colour is the sky?'));
    assert.ok(turns[1]?.text.includes('Blue, on a clear day.'));
  });

  it('Search Chats… finds a word in an older chat and opens it at the answer that holds it, highlighted', async () => {
    let chat = await e2e.newChat();
    const longAnswer = Array.from({ length: 40 }, (_, i) => `Fact ${i + 1} about the Amazon basin.`).join('\n\n');
    e2e.fake.enqueue(
      sse(textStream(['Rivers carry water from the hills to the sea.'])),
      sse(textStream(['The **Nile** is usually named the longest; it flows through [Khartoum](https://example.com/khartoum) on its way north.'])),
      sse(textStream([longAnswer])),
      sse(textStream(['A haiku is a short poem of three lines.'])),
    );
    await chat.send('Tell me about rivers.');
    await chat.answerWhere('about rivers', (t) => t.includes('to the sea.'));
    await chat.send('Which river is the longest?');
    await chat.answerWhere('naming the Nile', (t) => t.includes('Khartoum'));
    await chat.send('Describe the Amazon in detail.');
    await chat.answerWhere('about the Amazon', (t) => t.includes('Fact 40 about the Amazon basin.'));
    chat = await e2e.newChat();
    await chat.send('What is a haiku?');
    await chat.answerWhere('about haiku', (t) => t.includes('three lines'));

    await e2e.workbench.runCommand('Gemini Chat: Search Chats…');
    const box = e2e.workbench.quickInput().locator('.quick-input-box input');
    await eventually('the search box', async () => (await box.getAttribute('placeholder')) === 'Search every message of every chat');
    await box.fill('khartoum');
    const rows = await eventually('a result for "khartoum"', async () => {
      const labels = await e2e.workbench.quickPickLabels();
      return labels.some((l) => l.includes('Khartoum')) ? labels : undefined;
    });
    await e2e.shot('search result');
    assert.equal(rows.length, 1, `one message holds the word:\n${rows.join('\n---\n')}`);
    const row = rows[0] ?? '';
    assert.ok(row.includes('The Nile is usually named the longest; it flows through Khartoum on its way'), `a snippet around the word, as the answer reads: ${row}`);
    assert.ok(row.includes('Tell me about rivers. · Gemini, exchange 2'), `which chat, and where in it: ${row}`);
    await box.fill('zanzibar-nowhere');
    await eventually('a row saying nothing matched', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('No message matches "zanzibar-nowhere"')));
    await box.fill('khartoum');
    await eventually('the result again', async () => (await e2e.workbench.quickPickLabels()).some((l) => l.includes('Khartoum')));

    await e2e.workbench.pick(/Khartoum/);
    let view = await e2e.findChat();
    const turns = await view.turnsWhen('the older chat opened', (t) => t.length === 6 && t[0]?.text.includes('Tell me about rivers.') === true);
    assert.ok(turns[3]?.text.includes('Khartoum'));
    // The word was in an answer: the product scrolls that answer to the top of the conversation, plays
    // a highlight on it and moves focus to it.
    await assertRevealed(view, 'search result opened');

    // The same from a side bar showing the Explorer: the view is made anew, and still shows the answer so.
    await e2e.workbench.runCommand('Gemini Chat: New Chat');
    view = await openHitFromExplorer();
    await assertRevealed(view, 'search result opened in a hidden view');

    // And in the chat already open, its view hidden with the reader at the end of the chat: the view
    // made anew opens at the hit, not at the reader's place.
    await view.frame.getByRole('feed', { name: 'Conversation' }).evaluate((feed) => {
      const scroller = feed as unknown as { scrollTop: number; scrollHeight: number };
      scroller.scrollTop = scroller.scrollHeight;
    });
    await new Promise((r) => setTimeout(r, 500)); // the place is kept when the scroll ends
    view = await openHitFromExplorer();
    await assertRevealed(view, 'search result in the open chat, its view hidden');
  });

  /** With the side bar showing the Explorer (the chat view hidden), opens the search hit for "khartoum". */
  async function openHitFromExplorer(): Promise<ChatView> {
    await e2e.workbench.runCommand('View: Show Explorer');
    await eventually('the Explorer shown', async () => (await e2e.workbench.page.locator('.explorer-folders-view, .explorer-viewlet').count()) > 0);
    await e2e.workbench.runCommand('Gemini Chat: Search Chats…');
    await e2e.workbench.quickInput().locator('.quick-input-box input').fill('khartoum');
    await e2e.workbench.pick(/Khartoum/);
    return e2e.findChat();
  }

  async function assertRevealed(view: ChatView, shot: string): Promise<void> {
    const revealed = await eventually('the matched answer scrolled to the top and highlighted', () =>
      view.frame.evaluate(`(() => {
        const shown = [...document.querySelectorAll('.revealed')];
        if (shown.length !== 1) return undefined;
        const ex = shown[0];
        // Drawn again (a view made anew is sent the chat twice): until its first frame, the new element
        // is not laid out yet and its text reads as empty.
        if (!ex.innerText.trim()) return undefined;
        const feed = document.querySelector('[role="feed"]');
        let scroller = ex.parentElement;
        while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
        if (!scroller || !feed) return undefined;
        const view = scroller.getBoundingClientRect();
        return {
          text: ex.innerText,
          offsetFromTop: ex.getBoundingClientRect().top - view.top,
          viewHeight: view.height,
          scrolledDown: scroller.scrollTop > 0,
          animation: getComputedStyle(ex).animationName,
          focusedLabel: ex.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null,
        };
      })()`),
    );
    await e2e.shot(shot);
    const r = revealed as unknown as { text: string; offsetFromTop: number; viewHeight: number; scrolledDown: boolean; animation: string; focusedLabel: string | null };
    assert.ok(r.text.trim().startsWith('Gemini') && r.text.includes('Khartoum'), `the highlighted answer is the matched one: ${r.text.slice(0, 200)}`);
    assert.ok(r.scrolledDown, 'the first exchange was scrolled past');
    assert.ok(r.offsetFromTop >= -2 && r.offsetFromTop < r.viewHeight / 4, `the answer starts at the top of the view (offset ${r.offsetFromTop} of ${r.viewHeight})`);
    assert.equal(r.animation, 'reveal');
    assert.match(r.focusedLabel ?? '', /^Gemini/, 'the matched answer has focus');
    // Only the conversation scrolled: nothing around the view in VS Code's window (a scroll there
    // shifts the whole view, its header cut off, until the window is reloaded).
    const shifted = await e2e.workbench.page.evaluate(`(() => {
      const out = [];
      for (const frame of document.querySelectorAll('iframe')) {
        for (let el = frame; el; el = el.parentElement) if (el.scrollTop || el.scrollLeft) out.push(el.className + ' ' + el.scrollTop);
      }
      return out;
    })()`);
    assert.deepEqual(shifted, [], 'elements around the view were scrolled');
    const outer = view.frame.parentFrame();
    assert.equal(await outer?.evaluate('document.scrollingElement.scrollTop'), 0, "the view's outer frame was scrolled");
  }

  it('Copy Chat as Markdown puts both sides on the clipboard, ready to paste', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['It is 4.'])), sse(textStream(['It is 6.'])));
    await chat.send('What is 2 + 2?');
    await chat.answerWhere('with 4', (t) => t.includes('It is 4.'));
    await chat.send('And 3 + 3?');
    await chat.answerWhere('with 6', (t) => t.includes('It is 6.'));

    await e2e.workbench.runCommand('Gemini Chat: Copy Chat as Markdown');
    await eventually('the "copied" notification', async () => (await e2e.workbench.notifications()).some((n) => n.includes('Copied “What is 2 + 2?” as Markdown.')));
    // Read the clipboard as a user would: paste it into a new file.
    await e2e.workbench.runCommand('File: New Untitled Text File');
    const editor = e2e.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    await editor.click();
    await e2e.page.keyboard.press('Control+V');
    const text = await eventually('the pasted chat in the editor', async () => {
      const t = await e2e.workbench.activeEditorText();
      return t.includes('It is 6.') ? t : undefined;
    });
    await e2e.shot('markdown pasted');
    assertInOrder(text, ['## You', 'What is 2 + 2?', '## Gemini', 'It is 4.', '## You', 'And 3 + 3?', '## Gemini', 'It is 6.']);
  });

  it('an image pasted into the message box is attached and sent as inlineData', async () => {
    const chat = await e2e.newChat();
    const taken = await pasteInto(chat.composer.locator('textarea'), { files: [{ name: 'image.png', type: 'image/png', bytes: PIXEL_PNG }] });
    assert.ok(taken, 'the view takes the pasted image (it is not pasted as text)');
    await eventually('a chip for the pasted image', async () => (await chat.composerChips()).includes('image.png'));
    // Loaded from the chat's kept files, as a sent message's chip is.
    const composerImage = chat.frame.locator('.composer img.chip-thumbnail');
    await eventually('the chip shows the image', async () => (await composerImage.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth).catch(() => 0)) > 0);
    assert.doesNotMatch((await composerImage.getAttribute('src')) ?? '', /^data:/, 'not sent to the view inline');
    await e2e.shot('image pasted');

    e2e.fake.enqueue(sse(textStream(['One red pixel.'])));
    await chat.send('What is in this screenshot?');
    await chat.answerWhere('about the screenshot', (t) => t.includes('One red pixel.'));
    const request = e2e.fake.generateRequests[0];
    assert.ok(request, 'a request was sent');
    const parts = contentsOf(request).at(-1)?.parts ?? [];
    const image = parts.find((p) => p.inlineData);
    assert.ok(image?.inlineData, `an inlineData part in ${JSON.stringify(parts).slice(0, 300)}`);
    assert.equal(image.inlineData.mimeType, 'image/png');
    assert.equal(image.inlineData.data, PIXEL_PNG.toString('base64'));
    assert.ok(parts.some((p) => p.text?.includes('What is in this screenshot?')));

    // The sent message's chip shows the image too, from the chat's kept files.
    const sentChip = chat.frame.getByRole('article', { name: 'You' }).last().locator('.chip');
    await eventually('the sent chip shows the image', async () => (await sentChip.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth).catch(() => 0)) > 0);
    assert.doesNotMatch((await sentChip.locator('img').getAttribute('src')) ?? '', /^data:/, 'loaded from the kept file, not sent inline');

    // It came from no file: its chip on the sent message shows the copy that was sent, in VS Code's image preview.
    // (Editors left by the tests before, unsaved ones too, are closed first.)
    while ((await e2e.page.locator('.tab').count()) > 0) await e2e.workbench.runCommand('View: Revert and Close Editor');
    await chat.frame.getByRole('article', { name: 'You' }).last().getByRole('button', { name: 'Open image.png' }).click();
    await e2e.page.locator('.tab[aria-label*="image (as sent).png"]').first().waitFor({ state: 'visible' });
    const shownWidth = await eventually('the image shown in the editor', async () => {
      for (const frame of e2e.workbench.frames()) {
        const width = (await frame.evaluate("document.querySelector('img')?.naturalWidth ?? 0").catch(() => 0)) as number;
        if (width > 0 && frame !== chat.frame) return width;
      }
      return undefined;
    });
    await e2e.shot('sent image opened');
    assert.equal(shownWidth, PIXEL_PNG.readUInt32BE(16), 'the image as sent, decoded');
    await e2e.workbench.runCommand('View: Close All Editors');
    await eventually('closed without asking to save', async () => (await e2e.page.locator('.tab').count()) === 0 && (await e2e.page.locator('.monaco-dialog-box').count()) === 0);
  });

  it('files dropped from the Explorer and from the desktop are attached and sent', async () => {
    const chat = await e2e.newChat();
    // VS Code lets a drag reach a webview only while Shift is held (otherwise the workbench takes it).
    // An Explorer drag carries the file's URI; it is dropped on the conversation, the largest part of
    // the view.
    const conversation = chat.frame.getByRole('feed', { name: 'Conversation' });
    const notes = pathToFileURL(e2e.workspace.file('notes.md')).href;
    assert.ok(await dropOn(conversation, { strings: { 'text/uri-list': notes }, shiftKey: true }), 'the conversation accepts a drag from the Explorer');
    await eventually('a chip for notes.md', async () => (await chat.composerChips()).includes('notes.md'));

    // A drag from the desktop carries the file itself; this one is dropped on the message box.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const desktopFile = { name: 'report.pdf', type: 'application/pdf', bytes: pdf };
    const desktopText = { name: 'todo.txt', type: 'text/plain', bytes: Buffer.from('Buy milk.\n') };
    assert.ok(await dropOn(chat.composerForm, { files: [desktopFile, desktopText], shiftKey: true }), 'the composer accepts desktop files');
    await eventually('chips for the dropped files, named as they are', async () => {
      const chips = await chat.composerChips();
      return chips.length === 3 && ['notes.md', 'report.pdf', 'todo.txt'].every((name) => chips.includes(name));
    });
    await e2e.shot('files dropped');

    e2e.fake.enqueue(sse(textStream(['Notes are empty; the report is a stub.'])));
    await chat.send('Summarise these.');
    await chat.answerWhere('about the files', (t) => t.includes('the report is a stub.'));
    const request = e2e.fake.generateRequests[0];
    assert.ok(request, 'a request was sent');
    const sent = textsOf(request).join('\n');
    assert.ok(sent.includes('notes.md'), `the dropped file's path in: ${sent.slice(0, 300)}`);
    assert.ok(sent.includes('Nothing here yet.'), `the dropped file's content in: ${sent.slice(0, 300)}`);
    assert.ok(sent.includes('todo.txt') && !sent.includes('todo.txt.plain') && sent.includes('Buy milk.'), `the desktop text file, by its name, in: ${sent.slice(0, 400)}`);
    const parts = contentsOf(request).at(-1)?.parts ?? [];
    const document = parts.find((p) => p.inlineData);
    assert.ok(document?.inlineData, `an inlineData part in ${JSON.stringify(parts).slice(0, 300)}`);
    assert.equal(document.inlineData.mimeType, 'application/pdf');
    assert.equal(document.inlineData.data, pdf.toString('base64'));
    assert.ok(parts.some((p) => p.text?.includes('Summarise these.')));
  });

  it('Stop while a message waits for its file\'s upload gives it back; removing the file then sends it without', async () => {
    // The upload never gets an answer: only removing the file lets the message go.
    e2e.fake.route((req) => req.url.startsWith('/upload/'), () => undefined);
    writeFileSync(e2e.workspace.file('stuck.pdf'), ASCII_PDF);
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('stuck.pdf'));
    await eventually('the chip', async () => (await chat.composerChips()).some((c) => c.includes('stuck.pdf')));
    e2e.fake.enqueue(sse(textStream(['Answered without the file.'])));
    const waiting = 'The message goes once “stuck.pdf” is uploaded. Stop gives it back; remove the file to send without it.';
    await chat.send('A question about the stuck file');
    await eventually('the view saying the message waits for the upload', async () => (await chat.visibleText()).includes(waiting));
    await chat.composerForm.getByRole('button', { name: 'Stop' }).click();
    await eventually('the message back in the box', async () => (await chat.composerText()) === 'A question about the stuck file');
    assert.ok((await chat.composerChips()).some((c) => c.includes('stuck.pdf')), 'with its file');
    assert.ok((await chat.visibleText()).includes('Stopped: the message was not sent and is back in the message box; its file goes on uploading.'));
    assert.equal(e2e.fake.generateRequests.length, 0, 'nothing was sent');
    await chat.button('Send').click();
    await eventually('waiting again', async () => (await chat.visibleText()).includes(waiting));
    await chat.composerForm.getByRole('button', { name: 'Remove stuck.pdf' }).click();
    await chat.answerWhere('the answer', (t) => t.includes('Answered without the file.'));
    const sent = e2e.fake.generateRequests.at(-1);
    assert.ok(sent);
    assert.deepEqual(contentsOf(sent).map((c) => c.parts?.map((p) => Object.keys(p).join())), [['text']], 'the question alone, no file');
    assert.deepEqual(textsOf(sent), ['A question about the stuck file']);
  });

  it('another chat opened while a message waits for its file: the message does not go, and waits in its own chat with the file', async () => {
    let finish!: () => void;
    const finishing = new Promise<void>((resolve) => (finish = resolve));
    serveFilesApi(e2e.fake, new Date(Date.now() + 48 * 3600_000).toISOString(), () => finishing);
    writeFileSync(e2e.workspace.file('held.pdf'), ASCII_PDF);
    e2e.fake.enqueue(sse(textStream(['One.'])));
    let chat = await e2e.newChat();
    await chat.send('A chat left while its file uploads');
    await chat.answerWhere('the first answer', (t) => t.includes('One.'));
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('held.pdf'));
    await eventually('the chip', async () => (await chat.composerChips()).some((c) => c.includes('held.pdf')));
    await chat.send('About the held file');
    await eventually('the view saying the message waits for the upload', async () => (await chat.visibleText()).includes('The message goes once “held.pdf” is uploaded'));
    assert.ok((await chat.visibleText()).includes('About the held file'), 'the message shown where it waits');
    await e2e.shot('message waiting for its file');
    const sentBefore = e2e.fake.generateRequests.length;
    chat = await e2e.newChat();
    finish();
    await eventually('the view saying the message was not sent', async () =>
      (await chat.visibleText()).includes('Your message to “A chat left while its file uploads” was not sent: another chat was opened while its files uploaded.'),
    );
    assert.equal(e2e.fake.generateRequests.length, sentBefore, 'nothing sent');
    assert.deepEqual(await chat.composerChips(), [], 'the chat open keeps its own box');
    await e2e.workbench.runCommand('Gemini Chat: Switch Chat…');
    await e2e.workbench.pick(/A chat left while its file uploads/);
    await eventually('the message back in its box', async () => (await chat.composerText()) === 'About the held file');
    assert.ok((await chat.composerChips()).some((c) => c.includes('held.pdf')), 'with its file');
    // Left empty for the tests after.
    await chat.type('');
    await chat.composerForm.getByRole('button', { name: 'Remove held.pdf' }).click();
    await eventually('the box empty', async () => (await chat.composerChips()).length === 0);
  });

  // Last: a failure here leaves the message box holding a message and a file.
  it('a message waiting for its file to upload says so, and after a reload meanwhile is back in the message box with the file', async () => {
    // The upload never gets an answer.
    e2e.fake.route((req) => req.url.startsWith('/upload/'), () => undefined);
    writeFileSync(e2e.workspace.file('slow.pdf'), ASCII_PDF);
    let chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('slow.pdf'));
    await eventually('the chip', async () => (await chat.composerChips()).some((c) => c.includes('slow.pdf')));
    await chat.send('A long question about the slow file');
    await eventually('the view saying the message waits for the upload', async () =>
      (await chat.visibleText()).includes('The message goes once “slow.pdf” is uploaded. Stop gives it back; remove the file to send without it.'),
    );
    await e2e.workbench.reload();
    chat = await ChatView.open(e2e.workbench);
    await eventually('the message back in the box', async () => (await chat.composerText()) === 'A long question about the slow file');
    assert.ok((await chat.composerChips()).some((c) => c.includes('slow.pdf')), 'with its file');
    assert.equal(e2e.fake.generateRequests.length, 0, 'nothing was sent');
    // A new chat's draft and files carry over to the next new chat: the box is emptied for the tests after.
    await chat.type('');
    await chat.composerForm.getByRole('button', { name: 'Remove slow.pdf' }).click();
    await eventually('the box empty', async () => (await chat.composerChips()).length === 0);
  });
});
