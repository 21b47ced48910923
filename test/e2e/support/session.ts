// One end-to-end session per test file: the loopback Gemini server (in this mocha process), code-server
// with the built extension installed and pointed at it, headless Chromium on the workbench. Started in
// `before`, stopped in `after` (code-server by its process group), so a run leaves nothing behind.
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FakeGemini } from '../../support/fakeGemini';
import { startEditor, type RunningEditor } from '../../../scripts/editor/startEditor';
import { ChatView } from './chatView';
import { eventually } from './eventually';
import { Screenshots } from './screenshots';
import { Workbench } from './workbench';
import { makeWorkspace, type Workspace } from './workspace';

const REPO = path.resolve(__dirname, '../../..');
/** The extension under test: the built source folder, or (E2E_EXTENSION_DIR) e.g. an unpacked .vsix. */
const EXTENSION_DIR = path.resolve(process.env.E2E_EXTENSION_DIR ?? REPO);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The key the extension finds in its environment unless a test starts without one. */
export const ENV_API_KEY = 'e2e-env-key-0000';

export interface SessionOptions {
  /** Start with `GEMINI_API_KEY` in the editor's environment (default true). */
  envApiKey?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Workspace trust on: the test folder, never trusted, opens in Restricted Mode. */
  workspaceTrust?: boolean;
}

export interface E2E {
  fake: FakeGemini;
  editor: RunningEditor;
  page: Page;
  workbench: Workbench;
  workspace: Workspace;
  shots: Screenshots;
  /** Opens the chat view (activity bar) and returns it (looks the webview frame up again each time). */
  chat(): Promise<ChatView>;
  /** The chat view as it is now shown (after a command opened it), without touching the activity bar. */
  findChat(): Promise<ChatView>;
  /** Starts a new, empty chat through the command palette and returns the view showing it. */
  newChat(): Promise<ChatView>;
  /** Screenshot of the whole window for this step. */
  shot(name: string, readmeName?: string): Promise<string>;
}

/** Registers before/after hooks for the calling `describe` and returns the session they manage. */
export function useE2ESession(group: string, opts: SessionOptions = {}): E2E {
  const state: Partial<E2E> & { browser?: Browser; context?: BrowserContext } = {};
  const need = <K extends keyof typeof state>(k: K): NonNullable<(typeof state)[K]> => {
    const v = state[k];
    if (v === undefined) throw new Error(`e2e session not started (${String(k)})`);
    return v as NonNullable<(typeof state)[K]>;
  };

  before(async function () {
    // The first run on a machine installs the editor (minutes); later runs reuse the cache.
    this.timeout(15 * 60_000);
    state.shots = new Screenshots(group);
    state.workspace = makeWorkspace();
    state.fake = await FakeGemini.start();
    state.editor = await startEditor({
      extensions: [EXTENSION_DIR],
      label: group,
      settings: { 'geminiChat.baseUrl': state.fake.baseUrl, 'workbench.colorTheme': 'Default Dark Modern', ...opts.settings },
      env: opts.envApiKey === false ? {} : { GEMINI_API_KEY: ENV_API_KEY },
      ...(opts.workspaceTrust ? { workspaceTrust: true } : {}),
    });
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    state.context = await state.browser.newContext({ viewport: { width: 1280, height: 800 } });
    state.page = await state.context.newPage();
    state.workbench = new Workbench(state.page);
    await state.workbench.open(state.editor.urlFor(state.workspace.dir));
  });

  after(async function () {
    this.timeout(60_000);
    await state.browser?.close().catch(() => undefined);
    await state.editor?.stop();
    await state.fake?.close();
    state.workspace?.dispose();
  });

  afterEach(async function () {
    // A failed step leaves the window as it was when it failed.
    if (this.currentTest?.state === 'failed' && state.page) {
      await need('shots').take(state.page, `failed-${this.currentTest.title}`).catch(() => undefined);
    }
    state.fake?.reset();
  });

  return {
    get fake() {
      return need('fake');
    },
    get editor() {
      return need('editor');
    },
    get page() {
      return need('page');
    },
    get workbench() {
      return need('workbench');
    },
    get workspace() {
      return need('workspace');
    },
    get shots() {
      return need('shots');
    },
    chat: () => ChatView.open(need('workbench')),
    findChat: () => ChatView.find(need('workbench')),
    newChat: async () => {
      const before = await (await ChatView.open(need('workbench'))).chatId();
      await need('workbench').runCommand('Gemini Chat: New Chat');
      const chat = await ChatView.find(need('workbench'));
      // The command shows the new chat, then gives the view the keyboard. A chat rewound to empty looks
      // like a new one, and a dialog opened before the view takes the keyboard would close at once.
      await eventually('the new chat shown, with the keyboard', async () => (await chat.chatId()) !== before && (await chat.hasKeyboard()));
      await chat.turnsWhen('an empty new chat', (t) => t.length === 0);
      return chat;
    },
    shot: (name, readmeName) => need('shots').take(need('page'), name, readmeName),
  };
}
