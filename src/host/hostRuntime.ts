// Everything the host runs on, built once on first use (chatHost.ts; cheap: no network, and the chats
// load in the background) and torn down on deactivate.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChatStore } from '../core/store/chatStore';
import { NodeFileStore } from '../core/store/nodeFileStore';
import { ATTACHMENTS_FOLDER } from '../core/store/blobParts';
import { systemClock } from '../core/store/ports';
import { ChatController } from './chat/chatController';
import { ChatViewProvider } from './chatViewProvider';
import { CONTEXT_KEYS } from './contributions';
import { ClientFactory } from './clientFactory';
import { Credentials } from './credentials';
import { controllerLog } from './log';
import { affectsClient, readProxySettings, readSettings, SECTION } from './settings';
import { mementoStore, storageFolder } from './vscodePorts';
import type { AttachmentSource } from './services';
import type { Handlers, WebviewToHost } from '../shared/protocol';

export class HostRuntime implements vscode.Disposable {
  readonly credentials: Credentials;
  readonly clients: ClientFactory;
  readonly store: ChatStore;
  readonly controller: ChatController;
  readonly view: ChatViewProvider;
  /** Resolves once the chats are loaded; commands wait for it. */
  readonly ready: Promise<void>;
  attachmentSource: AttachmentSource | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
    handlers: (runtime: HostRuntime) => Handlers<WebviewToHost, unknown>,
  ) {
    this.credentials = new Credentials(context.secrets);
    this.clients = new ClientFactory({
      credentials: this.credentials,
      settings: () => readSettings(),
      proxy: () => readProxySettings(),
      extensionPath: context.extensionPath,
      log: controllerLog(log),
    });
    const folder = storageFolder(context);
    this.store = new ChatStore({
      files: new NodeFileStore(folder),
      state: mementoStore(context.workspaceState),
      clock: systemClock,
      log: (m) => log.info(m),
      onDamaged: (d) => {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Gemini Chat: a chat file was damaged ({0}). It was moved aside to {1} in the extension storage.', d.reason, d.movedTo),
        );
      },
    });
    this.controller = new ChatController({
      store: this.store,
      getClient: () => this.clients.get(),
      settings: () => readSettings(),
      post: (m) => this.view.post(m),
      clock: systemClock,
      log: controllerLog(log),
    });
    // After the controller: the handler table reads it when it is built. extension.ts registered the
    // view's provider at activation and forwards to this one.
    this.view = new ChatViewProvider(context.extensionUri, vscode.Uri.file(path.join(folder, ATTACHMENTS_FOLDER)), handlers(this), log);
    this.disposables.push(
      this.credentials,
      this.view,
      this.credentials.onDidChange(() => void this.refreshCredentials()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsClient(e)) void this.refreshCredentials();
        if (e.affectsConfiguration(SECTION)) this.controller.settingsChanged();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refreshCredentials()),
      // Back at this window: what another window on the workspace did meanwhile shows here.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.ready.then(() => this.controller.takeInOtherWindows());
      }),
    );
    const unsubscribe = this.controller.onDidChange(() => void this.updateContextKeys());
    this.disposables.push({ dispose: unsubscribe });
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    try {
      await this.controller.init();
    } catch (err) {
      this.log.error(`loading chats failed: ${(err as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Gemini Chat could not load its chats: {0}', (err as Error).message));
    }
    await this.refreshCredentials();
  }

  async refreshCredentials(): Promise<void> {
    const has = await this.clients.hasCredentials();
    this.controller.setNeedsCredentials(!has);
    const stored = (await this.credentials.apiKey())?.source === 'secretStorage';
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasStoredKey, stored);
  }

  private async updateContextKeys(): Promise<void> {
    const c = this.controller;
    if (!c.busy) void this.clients.closeRetired();
    await Promise.all([
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.busy, c.busy || c.waitingForUpload),
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasChats, this.store.list().length > 0),
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasExchanges, c.exchangeCount > 0),
    ]);
  }

  async dispose(): Promise<void> {
    await this.controller.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    await this.clients.dispose();
  }
}
