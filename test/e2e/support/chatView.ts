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

  /** Opens the view (activity bar) and finds the webview frame that holds the composer. */
  static async open(workbench: Workbench): Promise<ChatView> {
    await workbench.openChatContainer();
    return ChatView.find(workbench);
  }

  /** Finds the chat webview's frame (it is replaced when the webview reloads, so look it up again then). */
  static async find(workbench: Workbench): Promise<ChatView> {
    const frame = await eventually('the chat webview with a composer labelled "Message"', async () => {
      for (const f of workbench.frames()) {
        if (f.isDetached()) continue;
        if ((await f.locator(COMPOSER).count()) > 0) return f;
      }
      return undefined;
    });
    return new ChatView(workbench, frame);
  }

  get composer(): Locator {
    return this.frame.locator(COMPOSER).first();
  }

  button(name: string | RegExp): Locator {
    return this.frame.getByRole('button', { name, exact: typeof name === 'string' }).first();
  }

  /** Types into the composer as a user would (click, then keys). */
  async type(text: string): Promise<void> {
    await this.composer.click();
    const keyboard = this.workbench.page.keyboard;
    await keyboard.press('Control+A');
    await keyboard.press('Delete');
    await keyboard.type(text);
  }

  /** Types a message and presses the Send button. */
  async send(text: string): Promise<void> {
    await this.type(text);
    await this.button('Send').click();
  }

  /** What the composer holds now (the toolkit's text area keeps it in `value`). */
  async composerText(): Promise<string> {
    return this.composer.evaluate((el) => String((el as unknown as { value?: string }).value ?? ''));
  }

  async turns(): Promise<Turn[]> {
    const articles = this.frame.getByRole('article');
    const n = await articles.count();
    const out: Turn[] = [];
    for (let i = 0; i < n; i++) {
      const a = articles.nth(i);
      const label = (await a.getAttribute('aria-label')) ?? '';
      out.push({ who: /^(You|Gemini)/.exec(label)?.[1] ?? label, label, text: (await a.innerText()).trim() });
    }
    return out;
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

  /** All visible text of the view (for "shown"/"never shown" checks). */
  async visibleText(): Promise<string> {
    return this.frame.locator('body').innerText();
  }
}
