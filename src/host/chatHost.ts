// The chat host: the runtime (client, store, controller, view), the commands and the feature modules.
// It is its own bundle, dist/chatHost.js, which extension.ts requires on first real use (a command
// run, the view shown): requiring it (undici, zod, markdown-it, the engine) is most of what
// activation would otherwise cost.
import type * as vscode from 'vscode';
import { registerCommands } from './chatCommands';
import { registerConversation } from './conversation';
import { registerEditorContext } from './editorContext';
import { createHostServices } from './hostServices';
import { HostRuntime } from './hostRuntime';
import { createWebviewHandlers } from './webviewHandlers';

export interface ChatHost {
  /** The chat view's provider; extension.ts registered a shell for it that forwards here. */
  readonly view: Pick<vscode.WebviewViewProvider, 'resolveWebviewView'>;
  /** Aborts the replies in flight (each is saved as interrupted, for Retry in the next window) and closes connections. */
  dispose(): Promise<void>;
}

/** Builds the runtime and registers every command under its contributed id (the shells are gone by then). */
export function startChatHost(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ChatHost {
  const runtime = new HostRuntime(context, log, createWebviewHandlers);
  context.subscriptions.push(...registerCommands(runtime));
  const services = createHostServices(runtime);
  registerEditorContext(services);
  registerConversation(services);
  log.info('chat host started');
  return runtime;
}
