// Every way a file reaches the composer (Add File to Chat, the paperclip, Explorer drops, pastes) goes
// through here: resolve where it really is, ask first when the policy says so, read and check it,
// then hand it to the composer (which uploads a file too large to send inline). Each failure is a
// clear message in the view, and the other files of the same batch are still attached.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AttachmentError } from '../../core/attachments/attachmentError';
import { attachmentLimits } from '../../core/attachments/limits';
import { questionForSeveral } from '../../core/attachments/attachPolicy';
import { checkSize } from '../../core/attachments/classifyContent';
import { inspectFile, prepareBytes, prepareFile, type PreparedAttachment } from '../../core/attachments/prepareAttachment';
import type { ResolvedFile } from '../../core/attachments/workspaceFile';
import type { AttachmentSource, HostServices } from '../services';
import { confirm } from '../confirm';
import { workspaceRoots } from './workspaceRoots';

/** More than this many dropped at once is almost surely a mistake (a whole folder's contents). */
const MAX_FILES_PER_BATCH = 20;

interface Checked {
  resolved: ResolvedFile;
  /** The text of its editor, when that has changes not saved yet. */
  unsaved?: Uint8Array;
  /** Present when attaching it needs the user's yes. */
  ask?: { reason: string; why: string };
}

/** One question for all the files that need a yes: a lone file's own question, or a list of them. */
async function confirmAll(asks: ReadonlyArray<{ displayPath: string; reason: string; why: string }>): Promise<boolean> {
  const [only] = asks;
  if (only && asks.length === 1) return confirm(only.reason, 'Attach');
  const several = questionForSeveral(asks);
  return confirm(several.question, several.yes, several.detail);
}

export class FileAttacher implements AttachmentSource {
  constructor(private readonly services: HostServices) {}

  private get limits() {
    return attachmentLimits(this.services.config.current().attachments.maxInlineBytes);
  }

  /**
   * The paperclip and the palette: the user chooses files. Resolves false when the user closed the
   * dialog without choosing.
   */
  async pick(): Promise<boolean> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Attach', title: 'Add Files to the Chat', ...(folder ? { defaultUri: folder } : {}) });
    if (!chosen) return false;
    await this.addUris(chosen, 'chosen');
    return true;
  }

  async fromBytes(name: string, mimeType: string, bytes: Uint8Array): Promise<void> {
    await this.attempt(name, async () => [await prepareBytes(name, mimeType, bytes, this.limits, this.services.store)]);
  }

  /** Dropped from the Explorer: untrusted strings. Only `file:` URIs are read, each checked like any file. */
  async fromUris(uris: string[]): Promise<void> {
    const parsed: vscode.Uri[] = [];
    for (const text of uris.slice(0, MAX_FILES_PER_BATCH)) {
      try {
        parsed.push(vscode.Uri.parse(text, true));
      } catch {
        this.services.view.notify('error', `“${text.slice(0, 200)}” is not a file link, so it was not attached.`);
      }
    }
    await this.addUris(parsed, 'dropped');
  }

  /** `chosen`: picked in a dialog or a context menu; `dropped`: dragged in (outside the workspace asks). */
  async addUris(uris: readonly vscode.Uri[], how: 'chosen' | 'dropped'): Promise<void> {
    if (uris.length > MAX_FILES_PER_BATCH) {
      this.services.view.notify('warning', `Only the first ${MAX_FILES_PER_BATCH} of ${uris.length} files were attached.`);
    }
    // Every file is looked at first, so one that cannot be attached is refused before any question, and
    // the files that need a yes are asked about together.
    const checked: Checked[] = [];
    // Refusals are told once the view is shown, in one notice: one toast per file would be cut to three.
    const refused: string[] = [];
    for (const uri of uris.slice(0, MAX_FILES_PER_BATCH)) {
      if (uri.scheme !== 'file') {
        refused.push(`“${uri.path.split('/').pop() ?? uri.toString()}” is not on this computer's disk (${uri.scheme}:), so it cannot be attached.`);
        continue;
      }
      try {
        const { resolved, verdict } = await inspectFile(uri.fsPath, workspaceRoots(), this.services.config.isTrusted(), how);
        const editing = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
        const unsaved = editing ? new TextEncoder().encode(editing.getText()) : undefined;
        checkSize(path.basename(resolved.displayPath), unsaved?.length ?? resolved.size, this.limits);
        checked.push({ resolved, ...(unsaved ? { unsaved } : {}), ...(verdict.kind === 'ask' ? { ask: verdict } : {}) });
      } catch (err) {
        refused.push(this.refusal(uri.fsPath, err));
      }
    }
    const asks = checked.flatMap((c) => (c.ask ? [{ displayPath: c.resolved.displayPath, ...c.ask }] : []));
    const yes = asks.length === 0 || (await confirmAll(asks));
    const unsavedNames: string[] = [];
    for (const { resolved, ask, unsaved } of checked) {
      if (ask && !yes) continue;
      if (unsaved) unsavedNames.push(`“${path.basename(resolved.displayPath)}”`);
      await this.attempt(resolved.displayPath, async () => [await prepareFile(resolved, this.limits, this.services.store, unsaved)], refused);
    }
    await this.services.view.reveal(true);
    if (unsavedNames.length) {
      this.services.view.notify('info', `${unsavedNames.join(', ')} ${unsavedNames.length === 1 ? 'has' : 'have'} changes not saved yet: the text in the editor was attached, as you see it.`);
    }
    if (refused.length === 1) this.services.view.notify('error', refused[0] ?? '');
    else if (refused.length > 1) this.services.view.notify('error', `${refused.length} files were not attached. ${refused.join(' ')}`);
  }

  /**
   * Adds what `prepare` produces; a refusal becomes a message (now, or added to `refused` for the caller
   * to tell) and nothing else happens.
   */
  async attempt(what: string, prepare: () => Promise<PreparedAttachment[]>, refused?: string[]): Promise<void> {
    let prepared: PreparedAttachment[];
    try {
      prepared = await prepare();
    } catch (err) {
      if (refused) refused.push(this.refusal(what, err));
      else this.report(what, err);
      return;
    }
    await this.services.composer.addAttachments(prepared);
  }

  private report(what: string, err: unknown): void {
    this.services.view.notify('error', this.refusal(what, err));
  }

  /** What the user is told about an attachment refused (and a line in the log, with no file name). */
  private refusal(what: string, err: unknown): string {
    this.services.log.warn(`attachment refused: ${err instanceof AttachmentError ? err.code : 'error'}`);
    return err instanceof AttachmentError ? err.message : `“${what}” could not be attached: ${err instanceof Error ? err.message : String(err)}`;
  }
}
