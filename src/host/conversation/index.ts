// The conversation out and back in: export (Markdown, JSON), copy, import, and search.
import * as vscode from 'vscode';
import type { HostServices } from '../services';
import { copyMarkdown, exportJson, exportMarkdown, importJson } from './exportCommands';
import { searchChatsCommand } from './searchChatsPick';

export function registerConversation(services: HostServices): void {
  const commands: Record<string, (services: HostServices) => Promise<void>> = {
    'geminiChat.exportMarkdown': exportMarkdown,
    'geminiChat.copyMarkdown': copyMarkdown,
    'geminiChat.exportJson': exportJson,
    'geminiChat.importJson': importJson,
    'geminiChat.searchChats': searchChatsCommand,
  };
  for (const [id, run] of Object.entries(commands)) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, () => run(services)));
  }
}
