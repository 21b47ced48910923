// Issue 4/5: bring the editor into the chat (Ask About Selection, Add File with an image) and take the
// chat out (Export Chat as Markdown), in a real VS Code: the request the server got, the file written.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sse } from '../support/fakeGemini';
import { dropOn } from './support/dataTransfer';
import { eventually } from './support/eventually';
import { contentsOf, textStream, textsOf } from './support/geminiStream';
import { useE2ESession } from './support/session';
import { PIXEL_PNG } from './support/workspace';

describe('e2e: editor context in, Markdown out', () => {
  // A browser-hosted VS Code saves a changed file after a second by default: here, as on the desktop, it waits.
  const e2e = useE2ESession('editor context', { settings: { 'files.autoSave': 'off' } });
  /** Every editor closed, changes not saved dropped (a notebook opened is marked changed by its kernel's metadata). */
  const closeEditors = async (): Promise<void> => {
    while ((await e2e.page.locator('.tab').count()) > 0) await e2e.workbench.runCommand('View: Revert and Close Editor');
  };

  it('Ask About Selection sends the selected lines with their path', async () => {
    const chat = await e2e.newChat();
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.selectLines(1, 3);
    await e2e.shot('lines selected');
    await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
    const view = await e2e.findChat();
    await eventually('a chip for the selection from fib.ts', async () => (await view.visibleText()).includes('fib.ts'));
    await e2e.shot('selection attached', 'ask-about-selection.png');

    e2e.fake.enqueue(sse(textStream(['It computes Fibonacci numbers recursively.'])));
    await view.send('What does this do?');
    await view.answerWhere('about the selection', (t) => t.includes('Fibonacci numbers recursively'));
    await e2e.shot('answer about the selection');

    const request = e2e.fake.generateRequests[0];
    assert.ok(request, 'a request was sent');
    const sent = textsOf(request).join('\n');
    assert.match(sent, /src\/fib\.ts/, 'the workspace-relative path');
    assert.ok(sent.includes('export function fibonacci(n: number): number {'), 'the first selected line');
    assert.ok(sent.includes('fibonacci(n - 1) + fibonacci(n - 2)'), 'the second selected line');
    assert.ok(!sent.includes('export const answer'), 'not the unselected line 5');
    assert.match(sent, /```(ts|typescript)/, 'a fenced block tagged with the language');
    assert.ok(sent.includes('What does this do?'));
    void chat;
  });

  it('the editor\'s context menu, its title menu and the Explorer\'s hold a "Gemini Chat" menu: Ask About Selection and Add File to Chat attach what they name', async () => {
    await e2e.newChat();
    const chips = async (): Promise<string[]> => (await e2e.findChat()).composerChips();
    await e2e.workbench.openFile('src/fib.ts');
    await e2e.workbench.selectLines(1, 3);
    // The function's name: a click on the selection keeps it (elsewhere it would move the cursor).
    const selected = e2e.page.locator('.editor-instance .monaco-editor .view-line span', { hasText: /^fibonacci$/ }).first();
    await e2e.workbench.chooseFromMenu(selected, ['Gemini Chat', 'Ask About Selection']);
    await eventually('a chip for the selection', async () => (await chips()).includes('fib.ts:1-3'));

    await e2e.workbench.openFile('notes.md');
    await e2e.workbench.chooseFromMenu(e2e.page.locator('.editor-actions .codicon-toolbar-more').first(), ['Gemini Chat', 'Add File to Chat'], 'left');
    await eventually('a chip for the file open', async () => (await chips()).includes('notes.md'));

    await e2e.workbench.runCommand('View: Show Explorer');
    const row = e2e.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'pixel.png' });
    await e2e.workbench.chooseFromMenu(row, ['Gemini Chat', 'Add File to Chat']);
    await eventually('a chip for the file in the Explorer', async () => (await chips()).includes('pixel.png'));
    await e2e.shot('attached from the context menus');
    assert.deepEqual(await chips(), ['fib.ts:1-3', 'notes.md', 'pixel.png']);
    await closeEditors();
  });

  it('a chip on a sent message opens its file at the lines sent; once the file is gone, the text that was sent', async () => {
    const chat = await e2e.newChat();
    writeFileSync(e2e.workspace.file('src/gone.ts'), 'export const kept = 1;\nexport const sentLine = 2;\nexport const alsoSent = 3;\n');
    await e2e.workbench.openFile('src/gone.ts');
    await e2e.workbench.selectLines(2, 3);
    await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
    await eventually('a chip for the selection', async () => (await chat.composerChips()).includes('gone.ts:2-3'));
    e2e.fake.enqueue(sse(textStream(['Two constants.'])));
    await chat.send('What are these?');
    await chat.answerWhere('about the constants', (t) => t.includes('Two constants.'));
    await e2e.workbench.runCommand('View: Close All Editors');
    await eventually('no editor open', async () => (await e2e.page.locator('.tab').count()) === 0);

    const sentChip = chat.frame.getByRole('article', { name: 'You' }).last().getByRole('button', { name: 'Open gone.ts:2-3' });
    await sentChip.click();
    await e2e.page.locator('.tab[aria-label*="gone.ts"]').first().waitFor({ state: 'visible' });
    const status = await eventually('the selection in the status bar', async () => {
      const text = await e2e.page.locator('[id="status.editor.selection"]').innerText().catch(() => '');
      return /selected/.test(text) ? text : undefined;
    });
    assert.match(status, /Ln 3, Col 27 \(53 selected\)/, 'lines 2-3 selected, as they were sent');
    await e2e.shot('chip opened its file');

    await e2e.workbench.runCommand('View: Close All Editors');
    rmSync(e2e.workspace.file('src/gone.ts'));
    await sentChip.click();
    const shown = await eventually('the text that was sent, in an editor', async () => {
      const text = await e2e.workbench.activeEditorText();
      return text.includes('export const sentLine = 2;') ? text : undefined;
    });
    assert.ok(shown.includes('export const alsoSent = 3;'));
    assert.ok(!shown.includes('export const kept = 1;'), 'only the lines sent');
    assert.equal(await e2e.page.locator('.tab[aria-label*="gone.ts:2-3 (as sent)"]').count(), 1, 'titled as what was sent');
    await e2e.workbench.runCommand('View: Close All Editors');
    await eventually('closed without asking to save', async () => (await e2e.page.locator('.tab').count()) === 0 && (await e2e.page.locator('.monaco-dialog-box').count()) === 0);
  });

  it('a chip of a file outside the workspace shows the text that was attached, and does not open the file there', async () => {
    const chat = await e2e.newChat();
    const outside = mkdtempSync(path.join(tmpdir(), 'gemini-chat-outside-'));
    const file = path.join(outside, 'outside-notes.txt');
    writeFileSync(file, 'Notes kept outside the workspace.\n');
    try {
      await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
      await e2e.workbench.answerFileDialog(file);
      await eventually('a chip for the outside file', async () => (await chat.composerChips()).includes('outside-notes.txt'));
      await e2e.workbench.runCommand('View: Close All Editors');
      await chat.composerForm.getByRole('button', { name: 'Open outside-notes.txt' }).click();
      const shown = await eventually('the text attached, in an editor', async () => {
        const text = await e2e.workbench.activeEditorText();
        return text.includes('Notes kept outside the workspace.') ? text : undefined;
      });
      assert.ok(shown.includes('outside-notes.txt'), 'headed by its path, as it was attached');
      assert.equal(await e2e.page.locator('.tab[aria-label*="outside-notes.txt (as sent)"]').count(), 1, 'the text as it was sent');
      assert.equal(await e2e.page.locator('.tab').count(), 1, 'and not the file itself');
      // A new chat's unsent chips wait for the next new chat, as its text does: the next test starts clean.
      await chat.composerForm.getByRole('button', { name: 'Remove outside-notes.txt' }).click();
      await eventually('the chip removed', async () => (await chat.composerChips()).length === 0);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('Ask About Selection in the Output panel names the channel, as the panel does', async () => {
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Show Logs');
    const output = e2e.workbench.page.locator('.part.panel .monaco-editor').first();
    await eventually('the log shown in the Output panel', async () => (await output.innerText()).trim().length > 0);
    await output.click();
    await e2e.workbench.page.keyboard.press('Control+Home');
    await e2e.workbench.page.keyboard.press('Shift+ArrowDown');
    await e2e.workbench.page.keyboard.press('Control+Alt+G');
    const chips = await eventually('a chip for the log lines', async () => {
      const labels = await chat.composerChips();
      return labels.length > 0 ? labels : undefined;
    });
    await e2e.shot('output selection attached');
    assert.deepEqual(chips.map((c) => c.replace(/\s+\S+\s*B$/, '').trim()), ['Gemini Chat (Output):1']);

    e2e.fake.enqueue(sse(textStream(['That line says the extension started.'])));
    await chat.send('What does this log line mean?');
    await chat.answerWhere('about the log line', (t) => t.includes('extension started'));
    const request = e2e.fake.generateRequests[0];
    assert.ok(request, 'a request was sent');
    const sent = textsOf(request).join('\n');
    assert.ok(sent.includes('Gemini Chat (Output)'), `the channel named in ${sent.slice(0, 200)}`);
    assert.ok(!/gemini-chat\.gemini-chat|extension-output/.test(sent), 'no internal name');
    await e2e.workbench.runCommand('View: Hide Panel');
  });

  it('Ask About Selection in two cells of a notebook attaches both, each named by its cell, with the notebook\'s path in the workspace', async () => {
    const chat = await e2e.newChat();
    const cell = (source: string[]) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
    const notebook = { cells: [cell(['import os\n', 'print(os.getcwd())']), cell(['x = 42\n', 'y = x * 2'])], metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 };
    writeFileSync(e2e.workspace.file('src/nb.ipynb'), JSON.stringify(notebook));
    await e2e.workbench.openFile('src/nb.ipynb');
    const cells = e2e.page.locator('.notebook-editor .cell-editor-container .monaco-editor');
    await cells.nth(1).waitFor({ state: 'visible' });
    for (const at of [0, 1]) {
      await cells.nth(at).click();
      await e2e.page.keyboard.press('ControlOrMeta+A');
      await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
      await eventually(`a chip for cell ${at + 1}`, async () => (await chat.composerChips()).length === at + 1);
    }
    const chips = (await chat.composerChips()).map((c) => c.replace(/\s+\S+\s*B$/, '').trim());
    assert.deepEqual(chips, ['nb.ipynb cell 1:1-2', 'nb.ipynb cell 2:1-2']);
    e2e.fake.enqueue(sse(textStream(['Two cells.'])));
    await chat.send('What do these cells do?');
    await chat.answerWhere('about the cells', (t) => t.includes('Two cells.'));
    const sent = textsOf(e2e.fake.generateRequests.at(-1)!).join('\n');
    assert.ok(sent.includes('src/nb.ipynb cell 1 (lines 1-2)') && sent.includes('print(os.getcwd())'), `the first cell, by its path in the workspace: ${sent.slice(0, 300)}`);
    assert.ok(sent.includes('src/nb.ipynb cell 2 (lines 1-2)') && sent.includes('y = x * 2'), 'the second cell');
    assert.ok(!sent.includes(e2e.workspace.dir), 'no path outside the workspace');
    await closeEditors();
  });

  it('a selection in a file with CRLF line ends is sent with the LF line ends of its block', async () => {
    const chat = await e2e.newChat();
    writeFileSync(e2e.workspace.file('src/crlf.py'), 'def a():\r\n    return 1\r\ndef b():\r\n    return 2\r\n');
    await e2e.workbench.openFile('src/crlf.py');
    await e2e.workbench.selectLines(3, 4);
    await eventually('the lines selected, as the status bar says', async () => /\(\d+ selected\)/.test(await e2e.page.locator('.statusbar').innerText()));
    await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
    await eventually('a chip for the selection', async () => (await chat.composerChips()).length === 1);
    e2e.fake.enqueue(sse(textStream(['Returns 2.'])));
    await chat.send('What does b return?');
    await chat.answerWhere('about b', (t) => t.includes('Returns 2.'));
    const sent = textsOf(e2e.fake.generateRequests.at(-1)!).join('\n');
    assert.ok(sent.includes('def b():\n    return 2\n'), `the lines sent: ${JSON.stringify(sent.slice(0, 200))}`);
    assert.ok(!sent.includes('\r'), 'no CR left in the text');
    await closeEditors();
  });

  it('Ask About Selection in an empty file says there is nothing to ask about, and attaches nothing', async () => {
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('File: New Untitled Text File');
    await e2e.page.locator('.tab[aria-label*="Untitled"]').first().waitFor({ state: 'visible' });
    await e2e.workbench.runCommand('Gemini Chat: Ask About Selection');
    await eventually('the view says the file is empty', async () => /“Untitled-\d+” is empty: there is nothing to ask about\./.test(await chat.visibleText()));
    await e2e.shot('empty file');
    assert.deepEqual(await chat.composerChips(), [], 'no chip');
    assert.equal(await e2e.page.locator('.notification-toast').count(), 0, 'no question about the whole file');
    await closeEditors();
  });

  it('Add File to Chat sends an image as inlineData', async () => {
    const chat = await e2e.newChat();
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    // code-server's open dialog is VS Code's simple dialog: a path box.
    await e2e.shot('file dialog');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('pixel.png'));
    await eventually('a chip for pixel.png', async () => (await chat.visibleText()).includes('pixel.png'));
    await e2e.shot('image attached', 'add-file-image.png');
    // Added again, the file keeps one chip, and is sent once.
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('pixel.png'));
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal((await chat.composerChips()).filter((c) => c.includes('pixel.png')).length, 1, 'one chip for pixel.png');

    e2e.fake.enqueue(sse(textStream(['A single red pixel.'])));
    await chat.send('What is in this image?');
    await chat.answerWhere('about the image', (t) => t.includes('A single red pixel.'));
    await e2e.shot('answer about the image');

    const request = e2e.fake.generateRequests[0];
    assert.ok(request);
    const parts = contentsOf(request).at(-1)?.parts ?? [];
    assert.equal(parts.filter((p) => p.inlineData).length, 1, 'the image sent once');
    const image = parts.find((p) => p.inlineData);
    assert.ok(image?.inlineData, `an inlineData part in ${JSON.stringify(parts).slice(0, 300)}`);
    assert.equal(image.inlineData.mimeType, 'image/png');
    assert.equal(image.inlineData.data, PIXEL_PNG.toString('base64'));
    assert.deepEqual(parts[parts.indexOf(image) - 1], { text: 'pixel.png:' }, 'named just before its data, so a question can say which image it means');
    assert.ok(parts.some((p) => p.text?.includes('What is in this image?')));
  });

  it('Add File to Chat of a file with changes not saved yet sends the text in its editor, and says so', async () => {
    const chat = await e2e.newChat();
    writeFileSync(e2e.workspace.file('src/owner.md'), '# Owner\n\nThe owner is Sam.\n');
    await e2e.workbench.openFile('src/owner.md');
    await e2e.page.locator('.editor-instance .monaco-editor').first().click();
    await e2e.page.keyboard.press('ControlOrMeta+End');
    await e2e.page.keyboard.type('Unsaved: the owner is now Dana.');
    // As a user sees it: the tab marked as changed (the extension host learns of the edit just after).
    await e2e.page.locator('.tab.dirty[aria-label*="owner.md"]').first().waitFor({ state: 'visible' });
    await new Promise((r) => setTimeout(r, 500));
    await e2e.workbench.runCommand('Gemini Chat: Add File to Chat');
    await e2e.workbench.answerFileDialog(e2e.workspace.file('src/owner.md'));
    await eventually('a chip for owner.md', async () => (await chat.composerChips()).some((c) => c.includes('owner.md')));
    await eventually('the notice', async () => (await chat.frame.getByRole('status').allInnerTexts()).some((t) => t.includes('“owner.md” has changes not saved yet: the text in the editor was attached, as you see it.')));
    e2e.fake.enqueue(sse(textStream(['Dana.'])));
    await chat.send('Who is the owner?');
    await chat.answerWhere('naming the owner', (t) => t.includes('Dana.'));
    assert.ok(textsOf(e2e.fake.generateRequests.at(-1)!).join('\n').includes('Unsaved: the owner is now Dana.'), 'the text on screen was sent');
    await closeEditors();
  });

  it('files dropped together: the good ones attached, the refused ones told in one notice naming each', async () => {
    const chat = await e2e.newChat();
    writeFileSync(e2e.workspace.file('empty.txt'), '');
    writeFileSync(e2e.workspace.file('data.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff)));
    writeFileSync(e2e.workspace.file('big.log'), 'a line of a log that goes on\n'.repeat(110_000));
    const uris = ['pixel.png', 'empty.txt', 'data.bin', 'big.log'].map((name) => pathToFileURL(e2e.workspace.file(name)).href).join('\r\n');
    assert.ok(await dropOn(chat.frame.getByRole('feed', { name: 'Conversation' }), { strings: { 'text/uri-list': uris }, shiftKey: true }), 'the drop is accepted');
    await eventually('a chip for pixel.png', async () => (await chat.composerChips()).some((c) => c.includes('pixel.png')));
    const alerts = await eventually('one notice for the files refused', async () => {
      const texts = await chat.frame.getByRole('alert').allInnerTexts();
      return texts.some((t) => t.includes('files were not attached')) ? texts : undefined;
    });
    await e2e.shot('files refused together');
    assert.equal(alerts.length, 1, `one notice: ${alerts.join(' | ')}`);
    assert.match(alerts[0] ?? '', /^3 files were not attached\./);
    for (const name of ['empty.txt', 'data.bin', 'big.log']) assert.ok(alerts[0]?.includes(name), `${name} named in: ${alerts[0]}`);
    assert.deepEqual(await chat.composerChips().then((c) => c.length), 1, 'only the image attached');
  });

  it('Export Chat as Markdown writes both sides of the conversation, in order', async () => {
    const chat = await e2e.newChat();
    e2e.fake.enqueue(sse(textStream(['Use `Array.prototype.map`:\n\n```js\n[1, 2].map((x) => x * 2);\n```\n'])), sse(textStream(['You are welcome.'])));
    await chat.send('How do I double every number in an array?');
    await chat.answerWhere('with the code', (t) => t.includes('x * 2'));
    await chat.send('Thanks!');
    await chat.answerWhere('to the thanks', (t) => t.includes('You are welcome.'));

    const target = e2e.workspace.file('exported-chat.md');
    await e2e.workbench.runCommand('Gemini Chat: Export Chat as Markdown…');
    await e2e.shot('save dialog');
    await e2e.workbench.answerQuickInput(target);
    const markdown = await eventually('the exported file', () => (existsSync(target) ? readFileSync(target, 'utf8') : undefined));
    await e2e.shot('exported');

    const order = ['## You', 'How do I double every number in an array?', '## Gemini', '```js', '[1, 2].map((x) => x * 2);', '## You', 'Thanks!', '## Gemini', 'You are welcome.'];
    let at = 0;
    for (const piece of order) {
      const found = markdown.indexOf(piece, at);
      assert.ok(found >= 0, `"${piece}" after position ${at} in:\n${markdown}`);
      at = found + piece.length;
    }
  });
});
