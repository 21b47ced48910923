// Activation (on the chat view or one of the commands only): builds the host runtime, registers the
// commands and hands HostServices to the feature modules. Nothing here touches the network or reads
// chats synchronously; the store loads in the background and commands wait for it.
import type * as vscode from 'vscode';
import { HostRuntime } from './hostRuntime';
import { createLog } from './log';
import { createWebviewHandlers } from './webviewHandlers';
import { registerCommands } from './chatCommands';
import { createHostServices } from './hostServices';
import { registerEditorContext } from './editorContext';
import { registerConversation } from './conversation';

let runtime: HostRuntime | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  context.subscriptions.push(log);
  runtime = new HostRuntime(context, log, createWebviewHandlers);
  context.subscriptions.push(...registerCommands(runtime));
  const services = createHostServices(runtime);
  registerEditorContext(services);
  registerConversation(services);
  log.info('activated');
}

/** Aborts a reply in flight (it is saved as stopped) and closes connections. */
export async function deactivate(): Promise<void> {
  const rt = runtime;
  runtime = undefined;
  await rt?.dispose();
}
