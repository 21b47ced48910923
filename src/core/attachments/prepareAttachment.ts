// Turns what the user chose (a selection, a file, pasted bytes) into an attachment ready to send: the
// record the chip and the transcript show, and the parts it adds to the user Content. Content is read
// and checked once, when chosen, so the chip is honest and a later edit or deletion of the file loses
// nothing. Media bytes are kept content-addressed beside the chats (for re-upload and export).
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Part } from '../types';
import type { AttachmentRecord } from '../transcript';
import { attachVerdict, type AttachVerdict } from './attachPolicy';
import { checkSize, classifyContent, type ClassifiedContent } from './classifyContent';
import { AttachmentError } from './attachmentError';
import { MAX_TEXT_BYTES, type AttachmentLimits } from './limits';
import { formatBytes } from '../../shared/formatBytes';
import { mimeTypeFromName } from './mediaTypes';
import { formatLineRange, mediaNamePart, selectionLabel, selectionPart, textFilePart, type SelectionSource } from './textParts';
import { fileSystemError, resolveWorkspaceFile, type ResolvedFile, type WorkspaceRoot } from './workspaceFile';

/** Where attachment bytes are kept, by sha256 (the chat store's attachment files). */
export interface AttachmentBytesStore {
  writeAttachment(bytes: Uint8Array): Promise<string>;
  readAttachment(sha256: string): Promise<Uint8Array | undefined>;
}

/** What an attachment chip holds until the message is sent (the host's PendingAttachment). */
export interface PreparedAttachment {
  /** What the chip and the transcript show (`record.id` is the chip's id). */
  record: AttachmentRecord;
  /**
   * The parts this attachment adds to the user Content, in order, before the typed text: a text part
   * with a fenced selection or text file; for an image or other media, a text part with its name, then
   * `inlineData`, or `fileData` after a Files API upload (only the name while a large file still has
   * to go through the Files API: see uploadAttachment).
   */
  parts: Part[];
  /** The original bytes. Kept content-addressed (sha256) beside the transcripts, e.g. for re-upload. */
  bytes?: Uint8Array;
}

/** A selection is text like a text file, and has its limit. */
export function prepareSelection(fileName: string, selection: SelectionSource): PreparedAttachment {
  const size = Buffer.byteLength(selection.text);
  // As an empty file is refused (classifyContent.ts): a chip for nothing, and an empty block sent.
  if (!selection.text.trim()) throw new AttachmentError('empty', `The selection in “${fileName}” is ${size ? 'only blank space' : 'empty'}: there is nothing to attach.`);
  if (size > MAX_TEXT_BYTES) {
    throw new AttachmentError('tooLarge', `The selection in “${fileName}” is ${formatBytes(size)}; a selection can be at most ${formatBytes(MAX_TEXT_BYTES)} of text. Select a smaller part.`);
  }
  const part = selectionPart(selection);
  return {
    record: {
      id: randomUUID(),
      label: selectionLabel(fileName, selection),
      kind: 'selection',
      mimeType: 'text/plain',
      size,
      detail: `${selection.displayPath}:${formatLineRange(selection)}`,
      partCount: 1,
    },
    parts: [part],
  };
}

export interface InspectedFile {
  resolved: ResolvedFile;
  verdict: AttachVerdict;
}

/** Where a chosen file really is and whether attaching it needs the user's yes; nothing is read yet. */
export async function inspectFile(
  filePath: string,
  roots: readonly WorkspaceRoot[],
  workspaceTrusted: boolean,
  how: 'chosen' | 'dropped' = 'dropped',
): Promise<InspectedFile> {
  const resolved = await resolveWorkspaceFile(filePath, roots);
  const verdict = attachVerdict({
    displayPath: resolved.displayPath,
    insideWorkspace: resolved.insideWorkspace,
    workspaceTrusted,
    chosenOnPurpose: how === 'chosen',
    ...(resolved.linkTarget ? { linkTarget: resolved.linkTarget } : {}),
  });
  return { resolved, verdict };
}

/**
 * Reads and checks a file (after `inspectFile`, and the user's yes when it asked). `unsaved`: the text
 * of the file's editor, with changes not saved yet (what the user sees is sent).
 */
export async function prepareFile(resolved: ResolvedFile, limits: AttachmentLimits, store: AttachmentBytesStore, unsaved?: Uint8Array): Promise<PreparedAttachment> {
  const name = path.basename(resolved.displayPath);
  checkSize(name, unsaved?.length ?? resolved.size, limits);
  const bytes =
    unsaved ??
    (await readFile(resolved.realPath).catch((err: unknown) => {
      throw fileSystemError(name, err);
    }));
  const content = classifyContent(name, bytes, limits);
  return prepareContent(name, resolved.displayPath, bytes, content, limits, store);
}

/**
 * Bytes the user pasted or dropped from the desktop. The name and MIME type come from the webview and
 * are only hints: the content decides what it is.
 */
export async function prepareBytes(
  name: string,
  mimeTypeHint: string,
  bytes: Uint8Array,
  limits: AttachmentLimits,
  store: AttachmentBytesStore,
): Promise<PreparedAttachment> {
  const safeName = path.win32.basename(name).trim() || 'pasted';
  // A pasted image often arrives as "image" with no extension: give it the one its type implies. A name
  // with an extension keeps it ("notes.txt" is text/plain, not "notes.txt.plain"), and text types say
  // nothing an extension would ("plain").
  const subtype = /^(?!text\/)[a-z]+\/([a-z0-9.+-]+)$/i.exec(mimeTypeHint)?.[1];
  const named = mimeTypeFromName(safeName) || path.extname(safeName) || !subtype ? safeName : `${safeName}.${subtype}`;
  const content = classifyContent(named, bytes, limits);
  return prepareContent(named, named, bytes, content, limits, store);
}

async function prepareContent(
  name: string,
  displayPath: string,
  bytes: Uint8Array,
  content: ClassifiedContent,
  limits: AttachmentLimits,
  store: AttachmentBytesStore,
): Promise<PreparedAttachment> {
  const record: AttachmentRecord = {
    id: randomUUID(),
    label: name,
    kind: 'text',
    mimeType: 'text/plain',
    size: bytes.length,
    detail: displayPath,
    partCount: 1,
  };
  if (content.kind === 'text') return { record, parts: [textFilePart(displayPath, content.text)] };
  record.kind = content.mediaKind === 'image' ? 'image' : 'binary';
  record.mimeType = content.mimeType;
  record.sha256 = await store.writeAttachment(bytes);
  const inline = bytes.length <= limits.maxInlineBytes;
  return { record, parts: inline ? [mediaNamePart(displayPath), inlineDataPart(record.mimeType, bytes)] : [mediaNamePart(displayPath)], bytes };
}

export function inlineDataPart(mimeType: string, bytes: Uint8Array): Part {
  return { inlineData: { mimeType, data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') } };
}
