// The VS Code workbench as a user drives it: the command palette, the activity bar, the editor, quick
// inputs (which is also what code-server shows for save/open dialogs: a path box).
import type { Frame, Locator, Page } from 'playwright-core';
import { eventually } from './eventually';

const CHAT_CONTAINER = '.activitybar [aria-label*="Gemini Chat"], .composite-bar [aria-label*="Gemini Chat"]';

export class Workbench {
  private sideBarWidened = false;

  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    // The status bar fills in once the window has restored its parts.
    await this.page.locator('.statusbar').waitFor({ state: 'visible' });
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
  }

  /**
   * The quick input on screen (palette, quick pick, input box, simple file dialog). The workbench may
   * keep more than one widget in the DOM, hidden ones included: only the visible one counts.
   */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget:visible').first();
  }

  /** Runs a command by its palette title (e.g. "Gemini Chat: New Chat"), as a user would. */
  async runCommand(title: string): Promise<void> {
    let palette = await this.paletteOn(title);
    let openedAt = Date.now();
    await eventually(`"${title}" in the command palette`, async () => {
      if ((await palette.row.count()) > 0 && (await palette.row.isVisible())) return true;
      // A palette opened before the command was known (the extension host still starting after a
      // reload) never lists it: opened again, as a user would.
      if (Date.now() - openedAt > 3_000) {
        palette = await this.paletteOn(title);
        openedAt = Date.now();
      }
      return false;
    });
    const { input, row } = palette;
    await row.click();
    // The palette closes, or turns into the command's own input (a quick pick, an input box): until
    // then, what is on screen is still the command list.
    await eventually(`the command palette gone after running "${title}"`, async () => {
      if ((await this.quickInput().count()) === 0) return true;
      // Short: the widget may vanish between the count and this read (then look again, not wait 30 s).
      return !(await input.inputValue({ timeout: 1_000 })).startsWith('>');
    });
  }

  /**
   * Waits until the command palette lists the command titled `title`. An open palette does not list a
   * command that became available after it opened, so it is opened again each time, as a user would.
   */
  async expectInPalette(title: string): Promise<void> {
    await eventually(`"${title}" in the command palette`, () => this.listedInPalette(title));
  }

  /**
   * Whether the command palette lists the command titled `title`: read once the palette says how many
   * results it found (or that none match), so never from a list still filling in.
   */
  async listedInPalette(title: string): Promise<boolean> {
    const { row } = await this.paletteOn(title);
    await eventually(`the command palette's results for "${title}"`, async () => /\d+ Results?|No matching commands/.test(await this.quickInput().innerText()));
    const listed = (await row.count()) > 0;
    await this.closeQuickInput();
    return listed;
  }

  /** Opens the command palette on `title`: its input, and the row of the command so titled. */
  private async paletteOn(title: string): Promise<{ input: Locator; row: Locator }> {
    const input = await this.quickAccessOn(`>${title}`);
    return { input, row: this.quickInput().locator('.monaco-list-row', { hasText: title }).first() };
  }

  /**
   * Opens quick access with `text` typed in and returns its input box. Quick access closes when the
   * focus leaves it, and the workbench is inert while a dialog is closing: opened again until the text
   * is in.
   */
  private async quickAccessOn(text: string): Promise<Locator> {
    return eventually(`quick access on "${text}"`, async () => {
      const input = await this.openQuickAccess();
      await input.fill(text, { timeout: 5_000 });
      return (await input.inputValue({ timeout: 1_000 })) === text && input;
    });
  }

  /** Opens quick access with F1 and returns its input box (`>` and a command, or a file's name). */
  private async openQuickAccess(): Promise<Locator> {
    await this.closeQuickInput();
    const input = this.quickInput().locator('.quick-input-box input');
    let pressed = 0;
    await eventually('the command palette', async () => {
      if (await input.isVisible()) return true;
      // A key can be swallowed while focus moves between the workbench and a webview: press again.
      if (Date.now() - pressed > 1_000) {
        pressed = Date.now();
        await this.page.keyboard.press('F1');
      }
      return false;
    });
    return input;
  }

  /** Answers an open quick input (input box, password box, or the simple file dialog's path box). */
  async answerQuickInput(text: string, opts: { expectPrompt?: RegExp } = {}): Promise<void> {
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible' });
    if (opts.expectPrompt) {
      const prompt = opts.expectPrompt;
      await eventually(`a quick input saying ${prompt}`, async () => prompt.test(await widget.innerText()));
    }
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Answers code-server's save/open dialog (VS Code's simple dialog: a path box over a folder listing).
   * The dialog writes its default path into the box once it has read the folder: a path typed before
   * that would be overwritten, so wait for it, then type, check the box holds the path, and wait for
   * the dialog to close.
   */
  async answerFileDialog(filePath: string): Promise<void> {
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    await eventually('the file dialog showing a folder', async () => (await input.inputValue()).startsWith('/') && (await widget.locator('.monaco-list-row').count()) > 0);
    await input.fill(filePath);
    await eventually(`the file dialog holding ${filePath}`, async () => (await input.inputValue()) === filePath);
    // The dialog lists the folder of what is typed as it goes: an Enter that comes before that listing
    // can be taken as "go into the folder", leaving the dialog open with the path still in its box.
    // That Enter is pressed again, as a user would (seen in code-server 4.139 with a path outside the
    // workspace, in one full run of many).
    for (let tries = 1; ; tries++) {
      await input.press('Enter');
      const closed = await this.closedWithin(5_000);
      if (closed || tries === 3 || (await input.inputValue().catch(() => '')) !== filePath) break;
    }
    // The next step would otherwise find the closing dialog's box instead of its own.
    await eventually('the file dialog closed', async () => (await this.quickInput().count()) === 0);
  }

  private async closedWithin(ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while ((await this.quickInput().count()) > 0) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  }

  /**
   * Opens a menu by clicking `opener` (right-click: its context menu) and chooses `labels` in turn: a
   * submenu, then its item.
   */
  async chooseFromMenu(opener: Locator, labels: string[], button: 'left' | 'right' = 'right'): Promise<void> {
    await opener.click({ button });
    const item = (label: string): Locator => this.page.locator('.monaco-menu .action-menu-item:visible', { hasText: new RegExp(`^\\s*${label}`) }).last();
    for (const label of labels) {
      await item(label).waitFor({ state: 'visible' });
      await item(label).click();
    }
    // A click that comes as a submenu is still opening can be ignored by it: clicked again until the menu closes.
    const last = item(labels.at(-1) ?? '');
    await eventually(`the menu closed by "${labels.join(' › ')}"`, async () => {
      if ((await last.count()) === 0) return true;
      await last.click({ timeout: 1_000 });
      return false;
    });
  }

  /** Picks an item of an open quick pick by its visible label. */
  async pick(label: string | RegExp): Promise<void> {
    const row = this.quickInput().locator('.monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** The labels an open quick pick lists. */
  async quickPickLabels(): Promise<string[]> {
    const rows = this.quickInput().locator('.monaco-list-row');
    return (await rows.allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Closes any quick input and waits until it is gone: a widget still closing (after a pick or a
   * dialog) would otherwise be taken for the next one, and its box stops taking input.
   */
  async closeQuickInput(): Promise<void> {
    let pressed = 0;
    await eventually('no quick input open', async () => {
      if ((await this.quickInput().count()) === 0) return true;
      if (Date.now() - pressed > 1_000) {
        pressed = Date.now();
        await this.page.keyboard.press('Escape');
      }
      return false;
    });
  }

  /** Clicks the "Gemini Chat" view container in the activity bar. */
  async openChatContainer(): Promise<void> {
    const icon = this.page.locator(CHAT_CONTAINER).first();
    await icon.waitFor({ state: 'visible' });
    const active = (await icon.getAttribute('aria-checked')) === 'true' || (await icon.getAttribute('aria-expanded')) === 'true';
    // Clicking the active container's icon hides the side bar: click only to show it.
    if (!active || !(await this.page.locator('.part.sidebar').isVisible())) await icon.click();
    // Move the pointer off the icon so its tooltip does not cover the screenshots.
    await this.page.mouse.move(800, 500);
    await this.widenSideBar();
  }

  /** Once per window: drags the side bar wider, so the chat in the screenshots reads like a real one. */
  private async widenSideBar(): Promise<void> {
    if (this.sideBarWidened) return;
    const sideBar = this.page.locator('.part.sidebar');
    await sideBar.waitFor({ state: 'visible' });
    const box = await sideBar.boundingBox();
    if (!box) return;
    this.sideBarWidened = true;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width + 160, y, { steps: 8 });
    await this.page.mouse.up();
    await this.page.mouse.move(900, 500);
  }

  /**
   * Opens a workspace file in an editor through Quick Open: F1's box without its `>` searches files.
   * (Not Ctrl+P: pressed while a webview has the focus, the browser may take it as Print.)
   */
  async openFile(relativePath: string): Promise<void> {
    const input = await this.quickAccessOn(relativePath);
    const name = relativePath.split('/').pop() ?? relativePath;
    const row = this.quickInput().locator('.monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await input.press('Enter');
    await this.page.locator(`.tab[aria-label*="${name}"]`).first().waitFor({ state: 'visible' });
  }

  /** Selects whole lines `from`..`to` (1-based) in the active editor, with the keyboard. */
  async selectLines(from: number, to: number): Promise<void> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    await editor.click();
    await this.page.keyboard.press('Control+Home');
    for (let i = 1; i < from; i++) await this.page.keyboard.press('ArrowDown');
    for (let i = from; i <= to; i++) await this.page.keyboard.press('Shift+ArrowDown');
  }

  /**
   * The text of the active editor as it shows it. Monaco draws only the lines in view, each absolutely
   * placed (so sorted by position here) and with spaces as no-break spaces: enough for a short file.
   */
  async activeEditorText(): Promise<string> {
    const lines = await this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines .view-line').evaluateAll((els) =>
      els.map((el) => {
        const e = el as unknown as { innerText: string; style: { top: string } };
        return { top: parseFloat(e.style.top), text: e.innerText };
      }),
    );
    return lines
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' '))
      .join('\n');
  }

  /** The text of visible notifications (toasts). */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-toast').allInnerTexts()).map((t) => t.trim());
  }

  /** Frames of every webview on the page (each webview is an iframe holding another iframe). */
  frames(): Frame[] {
    return this.page.frames();
  }
}
