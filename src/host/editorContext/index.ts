// Bringing the editor into the chat: Ask About Selection, Add File to Chat, and the composer's
// paperclip, paste and drop (routed here by the composer).
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../contributions';
import type { HostServices } from '../services';
import { askAboutSelection } from './askAboutSelection';
import { FileAttacher } from './fileAttacher';
import { registerSentCopies } from './openAttachment';

export function registerEditorContext(services: HostServices): void {
  const attacher = new FileAttacher(services);
  services.context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_IDS.askAboutSelection, () => askAboutSelection(services)),
    // From the Explorer: the clicked file and every selected one; from the editor title: its file.
    vscode.commands.registerCommand(COMMAND_IDS.addFile, async (clicked?: unknown, selected?: unknown) => {
      const uris = [selected, clicked].find((v) => Array.isArray(v) ? v.length > 0 : v instanceof vscode.Uri);
      if (uris === undefined) return attacher.pick();
      return attacher.addUris((Array.isArray(uris) ? uris : [uris]).filter((u): u is vscode.Uri => u instanceof vscode.Uri), 'chosen');
    }),
    services.composer.registerAttachmentSource(attacher),
    registerSentCopies(),
  );
}
