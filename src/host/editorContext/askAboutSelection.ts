// Gemini Chat: Ask About Selection. Each selection of the active editor becomes a chip (file name and
// line range) whose part is the selected text in a fenced block with its path; with nothing selected
// it offers the whole file. The same ask-first rules as files apply (secrets, untrusted workspace).
import * as vscode from 'vscode';
import { attachVerdict } from '../../core/attachments/attachPolicy';
import { prepareSelection } from '../../core/attachments/prepareAttachment';
import { selectionLineRange } from '../../core/attachments/textParts';
import type { HostServices } from '../services';
import { documentName } from './documentName';
import { confirm } from '../confirm';

export async function askAboutSelection(services: HostServices): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file and select the code to ask about first.');
    return;
  }
  const { document } = editor;
  // In the order they are in the file, whatever order they were made in.
  let ranges = editor.selections
    .filter((s) => !s.isEmpty)
    .map((s) => new vscode.Range(s.start, s.end))
    .sort((a, b) => a.start.compareTo(b.start));
  if (ranges.length === 0 && !document.getText().trim()) {
    services.view.notify('info', `“${documentName(document).fileName}” is empty: there is nothing to ask about.`);
    await services.view.reveal(true);
    return;
  }
  if (ranges.length === 0) {
    const whole = 'Attach Whole File';
    const answer = await vscode.window.showInformationMessage('Nothing is selected. Ask about the whole file?', whole);
    if (answer !== whole) return;
    ranges = [new vscode.Range(0, 0, document.lineCount, 0)];
  }
  // The user is looking at what they selected: only likely secrets, and restricted mode, ask first.
  const inWorkspace = vscode.workspace.getWorkspaceFolder(document.uri) !== undefined;
  const { fileName, displayPath } = documentName(document);
  const verdict = attachVerdict({ displayPath, insideWorkspace: inWorkspace, workspaceTrusted: services.config.isTrusted(), chosenOnPurpose: true });
  if (verdict.kind === 'ask' && !(await confirm(verdict.reason, 'Attach'))) return;

  try {
    const prepared = ranges.map((given) => {
      const range = document.validateRange(given);
      const lines = selectionLineRange(range.start, range.end);
      // A file with CRLF line ends: the block around the text has LF ones, so has the text.
      const text = document.getText(range).replace(/\r\n/g, '\n');
      return prepareSelection(fileName, { text, languageId: document.languageId, displayPath, ...lines });
    });
    await services.composer.addAttachments(prepared);
  } catch (err) {
    // Too large: said in the view, where the chip would have been.
    services.view.notify('error', err instanceof Error ? err.message : String(err));
  }
  await services.view.reveal(true);
  services.composer.focus();
}
