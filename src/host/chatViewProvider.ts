// The side bar's chat view: a webview with a strict CSP (webviewHtml.ts), loading only the built
// webview bundle. Every inbound message is checked (inboundMessages.ts) and then dispatched through
// a handler table; a refused message is logged and dropped, never acted on.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { dispatch, type Handlers, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import { renderWebviewHtml } from './webviewHtml';
import { parseInbound } from './inboundMessages';

export const CHAT_VIEW_ID = 'geminiChat.chatView';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private viewSubscriptions: vscode.Disposable[] = [];
  private refused = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: Handlers<WebviewToHost, unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get visible(): boolean {
    return this.view?.visible === true;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [root] };
    const asset = (name: string) => view.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
    view.webview.html = renderWebviewHtml({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('main.js'),
      styleUris: [asset('codicon.css'), asset('main.css')],
      lang: vscode.env.language,
    });
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    );
  }

  /** Posts to the webview when there is one; a hidden one catches up from the snapshot on `webview/ready`. */
  post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message).then(undefined, () => undefined);
  }

  async reveal(focusComposer = false): Promise<void> {
    if (this.view) this.view.show(!focusComposer);
    else await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  private receive(raw: unknown): void {
    const inbound = parseInbound(raw);
    if (!inbound.ok) {
      // Logged without the message itself (it may hold what the user typed), and rate-limited.
      if (++this.refused <= 20 || this.refused % 100 === 0) this.log.warn(`refused a webview message: ${inbound.reason} (${this.refused} so far)`);
      return;
    }
    try {
      const result = dispatch(this.handlers, inbound.message);
      if (result instanceof Promise) {
        result.catch((err: unknown) => this.log.error(`${inbound.message.type} failed: ${(err as Error).message}`));
      }
    } catch (err) {
      this.log.error(`${inbound.message.type} failed: ${(err as Error).message}`);
    }
  }

  private disposeView(): void {
    for (const d of this.viewSubscriptions) d.dispose();
    this.viewSubscriptions = [];
    this.view = undefined;
  }

  dispose(): void {
    this.disposeView();
  }
}
