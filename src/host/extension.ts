// Activation (on the chat view or one of the commands only) registers what VS Code needs at once and
// nothing more: a shell for every contributed command and for the chat view's provider. The chat host
// (chatHost.ts) is a second bundle, dist/chatHost.js, required on first real use (the first command
// run, the view's first resolve): requiring it is most of what starting the chat costs. Nothing
// here touches the network or reads chats; it activates once the window has started, only to tell the
// command palette which commands apply (see paletteKeys).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as ChatHostModule from './chatHost';
import { CHAT_VIEW_ID, CONTEXT_KEYS, CONTRIBUTED_COMMANDS } from './contributions';
import { createLog } from './log';
import { INDEX_KEY, readIndex } from '../core/store/chatIndex';

let host: ChatHostModule.ChatHost | undefined;
/**
 * Closed by deactivate once the host is done, not with the context's subscriptions: VS Code disposes
 * those as soon as it has called deactivate, and a write to a closed channel throws, which would stop
 * the last save of a reply in flight half-way.
 */
let log: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const channel = createLog();
  log = channel;
  const shells: vscode.Disposable[] = [];
  const disposeShells = () => {
    for (const d of shells.splice(0)) d.dispose();
  };

  const chatHost = (): ChatHostModule.ChatHost => {
    if (!host) {
      const file = path.join(context.extensionPath, 'dist', 'chatHost.js');
      let mod: typeof ChatHostModule;
      try {
        // A runtime require of a separate bundle: esbuild leaves it alone, so activation never pays for it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        mod = require(file) as typeof ChatHostModule;
      } catch (err) {
        channel.error(`loading ${file} failed: ${(err as Error).message}`);
        throw err;
      }
      // The host registers the real commands under the same ids, so the shells step aside first (all
      // synchronous: no command can arrive in between).
      disposeShells();
      host = mod.startChatHost(context, channel);
    }
    return host;
  };

  for (const id of CONTRIBUTED_COMMANDS) {
    shells.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        chatHost();
        // Now registered by the host: run it there, with the same arguments (a local call, not serialized).
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }
  context.subscriptions.push(
    { dispose: disposeShells },
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, {
      resolveWebviewView: (view, resolveContext, token) => chatHost().view.resolveWebviewView(view, resolveContext, token),
    }),
  );
  paletteKeys(context);
  channel.info('activated');
}

/**
 * The command palette lists Switch Chat…, Rewind Last Exchange, the exports and the like only where
 * they apply, from context keys the chat host keeps. Before it loads (a window where the chat was not
 * opened yet) the keys come from the index of chats, which VS Code already holds in memory.
 */
function paletteKeys(context: vscode.ExtensionContext): void {
  const index = readIndex(context.workspaceState.get(INDEX_KEY));
  const open = index.chats.find((c) => c.id === index.activeChatId);
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasChats, index.chats.length > 0);
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasExchanges, (open?.exchanges ?? 0) > 0);
}

/** Aborts the replies in flight (each is saved as interrupted, for Retry in the next window) and closes connections. */
export async function deactivate(): Promise<void> {
  const h = host;
  host = undefined;
  try {
    await h?.dispose();
  } finally {
    log?.dispose();
    log = undefined;
  }
}
