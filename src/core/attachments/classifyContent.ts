// Decides what a file's bytes are to Gemini: text (sent as a text part) or media of a type it takes
// (sent as inline or uploaded data). Everything else is refused with a message that says what to do.
import { isUtf8 } from 'node:buffer';
import { AttachmentError } from './attachmentError';
import type { AttachmentLimits } from './limits';
import { formatBytes } from '../../shared/formatBytes';
import {
  SUPPORTED_SUMMARY,
  hasUtf16Bom,
  looksBinary,
  mimeTypeFromName,
  sniffMimeType,
  supportedMediaKind,
  type MediaKind,
} from './mediaTypes';

export type ClassifiedContent = { kind: 'text'; text: string } | { kind: 'media'; mimeType: string; mediaKind: MediaKind };

/** Checks a size before anything is read, so a 200 MB file is refused without loading it. */
export function checkSize(name: string, size: number, limits: AttachmentLimits): void {
  if (size === 0) throw new AttachmentError('empty', `“${name}” is empty: there is nothing to attach.`);
  const limit = Math.max(limits.maxMediaBytes, limits.maxTextBytes);
  if (size > limit) throw tooLarge(name, size, limit, '');
}

export function classifyContent(name: string, bytes: Uint8Array, limits: AttachmentLimits): ClassifiedContent {
  checkSize(name, bytes.length, limits);
  const sniffed = sniffMimeType(bytes);
  const byName = mimeTypeFromName(name);
  // A signature is stronger evidence than a name; the name decides only for formats without one.
  const mimeType = sniffed ?? (byName && looksBinary(bytes) ? byName : undefined);
  if (mimeType) {
    const mediaKind = supportedMediaKind(mimeType);
    if (!mediaKind) throw unsupported(name, mimeType);
    if (bytes.length > limits.maxMediaBytes) throw tooLarge(name, bytes.length, limits.maxMediaBytes, '');
    return { kind: 'media', mimeType, mediaKind };
  }
  if (hasUtf16Bom(bytes)) throw notUtf8(name, ' (it is UTF-16)');
  if (looksBinary(bytes)) throw unsupported(name, undefined);
  if (bytes.length > limits.maxTextBytes) {
    throw tooLarge(name, bytes.length, limits.maxTextBytes, ' of text; a text file', ' Attach a selection of it instead.');
  }
  if (!isUtf8(bytes)) throw notUtf8(name, '');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A UTF-8 byte-order mark is an encoding detail, not content.
  return { kind: 'text', text: text.startsWith('\uFEFF') ? text.slice(1) : text };
}

function unsupported(name: string, mimeType: string | undefined): AttachmentError {
  const what = mimeType ? `a file of type ${mimeType}` : 'a binary file of no type Gemini Chat knows';
  return new AttachmentError('unsupportedType', `“${name}” is ${what}, which Gemini cannot take. You can attach ${SUPPORTED_SUMMARY}.`);
}

function tooLarge(name: string, size: number, limit: number, ofWhat: string, advice = ' Attach a smaller file.'): AttachmentError {
  const subject = ofWhat ? ofWhat : '; an attachment';
  return new AttachmentError('tooLarge', `“${name}” is ${formatBytes(size)}${subject} can be at most ${formatBytes(limit)}.${advice}`);
}

function notUtf8(name: string, detail: string): AttachmentError {
  return new AttachmentError(
    'notUtf8',
    `“${name}” is not valid UTF-8 text${detail}. Reopen it with its encoding, save it as UTF-8, and attach it again.`,
  );
}
