// The side bar's chat view: a webview with a strict CSP (webviewHtml.ts), loading only the built
// webview bundle. Every inbound message is checked (inboundMessages.ts) and then dispatched through
// a handler table; a refused message is logged and dropped, never acted on.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { dispatch, type Handlers, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import { renderWebviewHtml } from './webviewHtml';
import { parseInbound } from './inboundMessages';
import { CHAT_VIEW_ID } from './contributions';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private viewSubscriptions: vscode.Disposable[] = [];
  private refused = 0;
  /**
   * The webview has said `webview/ready` since the view was resolved; before that, posts are lost. (A
   * hidden view is torn down too, but then postMessage reports the message as not delivered.)
   */
  private ready = false;
  /**
   * What could not be delivered because the view was hidden or loading, and the snapshot does not
   * carry: a composer fill (an edit, or a failed send giving the user's text back: nothing typed is
   * lost) or the keyboard asked for in the message box (Open Chat, Ask About Selection, which are
   * often what creates the view), and a reveal (a search hit opened while the view was not showing).
   * Posted again after the next `webview/ready`, in that order.
   */
  private pendingComposer: Extract<HostToWebview, { type: 'composer/set' }> | undefined;
  private pendingReveal: Extract<HostToWebview, { type: 'chat/reveal' }> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** The chat's kept attachment files: the view shows the images among them. */
    private readonly keptFiles: vscode.Uri,
    private readonly handlers: Handlers<WebviewToHost, unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get visible(): boolean {
    return this.view?.visible === true;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [root, this.keptFiles] };
    const asset = (name: string) => view.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
    view.webview.html = renderWebviewHtml({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('main.js'),
      styleUris: [asset('codicon.css'), asset('main.css')],
      lang: vscode.env.language,
      keptFilesUri: view.webview.asWebviewUri(this.keptFiles).toString(),
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
    const keep = (): void => this.keep(message);
    if (!this.view || !this.ready) return keep();
    // A newer one supersedes what was kept.
    if (message.type === 'composer/set') this.pendingComposer = undefined;
    if (message.type === 'chat/reveal') this.pendingReveal = undefined;
    void this.view.webview.postMessage(message).then((delivered) => delivered || keep(), keep);
  }

  private keep(message: HostToWebview): void {
    if (message.type === 'chat/reveal') this.pendingReveal = message;
    if (message.type !== 'composer/set') return;
    const kept = this.pendingComposer;
    // Anything else a composer/set says is in the snapshot; a text to fill and a focus are not. Later
    // messages bring the box as it is now, and never drop a text or a focus kept from an earlier one.
    if (message.text === undefined && !message.focus && !kept) return;
    const merged = message.text !== undefined || !kept ? { ...message } : { ...kept, composer: message.composer };
    if (message.focus || kept?.focus) merged.focus = true;
    this.pendingComposer = merged;
  }

  /** After the snapshot that answers `webview/ready`: what could not be delivered. */
  private afterReady(): void {
    const pending = [this.pendingComposer, this.pendingReveal].filter((m) => m !== undefined);
    this.pendingComposer = this.pendingReveal = undefined;
    for (const message of pending) this.post(message);
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
    const message = inbound.message;
    if (message.type === 'webview/ready') this.ready = true;
    void (async () => {
      try {
        await dispatch(this.handlers, message);
        if (message.type === 'webview/ready') this.afterReady();
      } catch (err) {
        this.log.error(`${message.type} failed: ${(err as Error).message}`);
      }
    })();
  }

  private disposeView(): void {
    for (const d of this.viewSubscriptions) d.dispose();
    this.viewSubscriptions = [];
    this.view = undefined;
    this.ready = false;
  }

  dispose(): void {
    this.disposeView();
  }
}
