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
    for (let attempt = 1; ; attempt++) {
      await this.composer.click();
      const keyboard = this.workbench.page.keyboard;
      await keyboard.press('Control+A');
      await keyboard.press('Delete');
      await keyboard.type(text);
      const shown = await this.composerText();
      if (shown === text) return;
      // Right after a command that resets the composer (New Chat), its reset can land in the middle
      // of machine-speed typing, leaving only the tail; no person types within those milliseconds.
      // Type again (twice at most); anything else is a composer that loses text, and fails.
      if (attempt < 3 && text.endsWith(shown) && shown.length < text.length) {
        if (process.env.E2E_TRACE) console.log(`      (composer was reset while typing, kept ${JSON.stringify(shown)}; typing again)`);
        continue;
      }
      throw new Error(`the composer shows ${JSON.stringify(shown)} after typing ${JSON.stringify(text)}`);
    }
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

  /** All visible text of the view (for "shown"/"never shown" checks). */
  async visibleText(): Promise<string> {
    return this.frame.locator('body').innerText();
  }
}
