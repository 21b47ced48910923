// The conversation out and back in: export (Markdown, JSON), copy, import, and search.
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../contributions';
import type { HostServices } from '../services';
import { copyMarkdown, exportJson, exportMarkdown, importJson } from './exportCommands';
import { searchChatsCommand } from './searchChatsPick';

export function registerConversation(services: HostServices): void {
  const commands: Record<string, (services: HostServices) => Promise<void>> = {
    [COMMAND_IDS.exportMarkdown]: exportMarkdown,
    [COMMAND_IDS.copyMarkdown]: copyMarkdown,
    [COMMAND_IDS.exportJson]: exportJson,
    [COMMAND_IDS.importJson]: importJson,
    [COMMAND_IDS.searchChats]: searchChatsCommand,
  };
  for (const [id, run] of Object.entries(commands)) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, () => run(services)));
  }
}
