// The Gemini Chat view as a user sees it, inside its webview frame: turns (role "article", labelled
// "You …" or "Gemini …"), the composer labelled "Message", the Send and Stop buttons.
import type { Frame, Locator } from 'playwright-core';
import { eventually } from './eventually';
import type { Workbench } from './workbench';

export interface Turn {
  /** "You" or "Gemini", from the start of the article's aria-label. */
  who: string;
  label: string;
  text: string;
}

const COMPOSER = '[aria-label="Message"]';

export class ChatView {
  private constructor(
    readonly workbench: Workbench,
    readonly frame: Frame,
  ) {}

  /**
   * Opens the view from the activity bar and finds the webview frame that holds the composer. Keeps
   * trying while the workbench restores its layout (right after a load or a reload, a click can land
   * before the side bar settles).
   */
  static async open(workbench: Workbench): Promise<ChatView> {
    let lastClick = 0;
    const frame = await eventually('the chat view open, with a composer labelled "Message"', async () => {
      const found = await ChatView.frameWithComposer(workbench);
      if (found) return found;
      // The webview takes seconds to load after the click: click again only if it never came, or a
      // second click (toggling the side bar closed) would undo the first.
      if (Date.now() - lastClick > 10_000) {
        lastClick = Date.now();
        await workbench.openChatContainer();
      }
      return undefined;
    });
    return new ChatView(workbench, frame);
  }

  /** Finds the chat webview's frame once a command has shown it (the frame is replaced when the webview reloads). */
  static async find(workbench: Workbench): Promise<ChatView> {
    const frame = await eventually('the chat webview with a composer labelled "Message"', () => ChatView.frameWithComposer(workbench));
    return new ChatView(workbench, frame);
  }

  private static async frameWithComposer(workbench: Workbench): Promise<Frame | undefined> {
    for (const f of workbench.frames()) {
      if (f.isDetached()) continue;
      if (await f.locator(COMPOSER).first().isVisible()) return f;
    }
    return undefined;
  }

  get composer(): Locator {
    return this.frame.locator(COMPOSER).first();
  }

  button(name: string | RegExp): Locator {
    return this.frame.getByRole('button', { name, exact: typeof name === 'string' }).first();
  }

  /** Types into the composer as a user would (click, then keys), and checks it holds what was typed. */
  async type(text: string): Promise<void> {
    // Records what reaches the webview while typing, so a composer that loses text says why.
    await this.frame.evaluate(`(() => {
      window.__typingLog = [];
      if (window.__typingHooked) return;
      window.__typingHooked = true;
      window.__lastMessageAt = 0;
      const note = (...entry) => window.__typingLog.push([Math.round(performance.now()), ...entry]);
      window.addEventListener('message', (e) => { window.__lastMessageAt = performance.now(); note('msg', JSON.stringify(e.data).slice(0, 160)); }, true);
      document.addEventListener('keydown', (e) => note('key', e.key), true);
      document.addEventListener('input', (e) => note('input', e.target.value), true);
      document.addEventListener('focusout', (e) => note('focusout', e.target.tagName), true);
    })()`);
    // A person reads the view before typing into it: wait until the host has stopped updating it
    // (a command like New Chat is still being applied for a moment after the palette closes).
    await eventually('the view settled', () => this.frame.evaluate('performance.now() - window.__lastMessageAt > 300'));
    await this.composer.click();
    // Keys pressed before the webview's frame has taken focus from the workbench (it does so a moment
    // after the click) go to the workbench instead.
    await eventually('the message box focused', () =>
      this.composer.evaluate((el) => el.ownerDocument.hasFocus() && el.ownerDocument.activeElement === el && el.shadowRoot?.activeElement?.tagName === 'TEXTAREA'),
    );
    // Cleared as a user does (see chat.e2e.ts for what Select All used to do to the keys typed next).
    await this.workbench.page.keyboard.press('ControlOrMeta+A');
    await this.workbench.page.keyboard.press('Delete');
    await this.workbench.page.keyboard.type(text);
    const shown = await this.composerText();
    if (shown !== text) {
      const log = String(await this.frame.evaluate('JSON.stringify(window.__typingLog)'));
      throw new Error(`the composer shows ${JSON.stringify(shown)} after typing ${JSON.stringify(text)}; what the view saw: ${log}`);
    }
  }

  /** Types a message and presses the Send button. */
  async send(text: string): Promise<void> {
    await this.type(text);
    await this.button('Send').click();
  }

  /** The open chat's id, as the header's chat switcher holds it. */
  async chatId(): Promise<string> {
    const switcher = this.frame.getByRole('combobox', { name: 'Switch chat', includeHidden: true });
    return switcher.evaluate((el) => String((el as unknown as { value?: string }).value ?? ''));
  }

  /** Whether the view has the keyboard. */
  async hasKeyboard(): Promise<boolean> {
    return (await this.frame.evaluate('document.hasFocus()')) === true;
  }

  /** What the composer holds now (the toolkit's text area keeps it in `value`). */
  async composerText(): Promise<string> {
    return this.composer.evaluate((el) => String((el as unknown as { value?: string }).value ?? ''));
  }

  async turns(): Promise<Turn[]> {
    // One read of all articles at once: reading them one by one races with re-renders (an article
    // that disappears between count and read would make the read wait for it).
    const raw = await this.frame.getByRole('article').evaluateAll((els) =>
      els.map((el) => {
        const e = el as unknown as { innerText: string; getAttribute(name: string): string | null };
        return { label: e.getAttribute('aria-label') ?? '', text: e.innerText.trim() };
      }),
    );
    return raw.map(({ label, text }) => ({ who: /^(You|Gemini)/.exec(label)?.[1] ?? label, label, text }));
  }

  async lastAnswer(): Promise<Turn | undefined> {
    return (await this.turns()).filter((t) => t.who === 'Gemini').pop();
  }

  /** Waits until the last answer's text satisfies `test`; returns that text. */
  async answerWhere(what: string, test: (text: string) => boolean): Promise<string> {
    return eventually(`the answer ${what}`, async () => {
      const a = await this.lastAnswer();
      return a && test(a.text) ? a.text : undefined;
    });
  }

  /** Waits for a number of turns (after a send, a rewind, a reload). */
  async turnsWhen(what: string, test: (turns: Turn[]) => boolean): Promise<Turn[]> {
    return eventually(what, async () => {
      const t = await this.turns();
      return test(t) ? t : undefined;
    });
  }

  /**
   * Follows the last answer while it streams: returns every distinct text it showed, in order, until
   * `done` holds. What a user watching it would have seen, frame by frame (as far as polling sees).
   */
  async watchAnswer(what: string, done: (text: string) => boolean): Promise<string[]> {
    const seen: string[] = [];
    await eventually(`the answer ${what}`, async () => {
      const text = (await this.lastAnswer())?.text;
      if (text !== undefined && text !== seen[seen.length - 1]) seen.push(text);
      return text !== undefined && done(text);
    });
    return seen;
  }

  /** The composer (the form with the message box, its chips and buttons). */
  get composerForm(): Locator {
    return this.frame.getByRole('form', { name: 'Composer' }).first();
  }

  /** The labels of the chips attached to the message being written. */
  async composerChips(): Promise<string[]> {
    return this.composerForm.getByRole('listitem').locator('.chip-label').allInnerTexts();
  }

  /** All visible text of the view (for "shown"/"never shown" checks). */
  async visibleText(): Promise<string> {
    return this.frame.locator('body').innerText();
  }
}
