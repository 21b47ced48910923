// Large media goes through the Files API and is referenced by `fileData`. An uploaded copy lives 48
// hours; the bytes stay with the chat, so an expired copy is uploaded again before a request needs it
// (both for a chip still in the composer and for history that is sent again).
import type { ExchangeRecord, AttachmentRecord } from '../transcript';
import type { FileData, FileInfo, Part } from '../types';
import { AttachmentError } from './attachmentError';
import type { AttachmentBytesStore, PreparedAttachment } from './prepareAttachment';
import { isMediaPart } from './textParts';

export const UPLOAD_LIFETIME_MS = 48 * 60 * 60 * 1000;
/** Renew a copy this long before it expires, so it cannot lapse while a long reply streams. */
const RENEW_MARGIN_MS = 60 * 60 * 1000;

export interface UploadParams {
  data: Uint8Array;
  mimeType: string;
  displayName?: string;
  signal?: AbortSignal;
  /** Bytes sent so far, of `total`. */
  onProgress?: (sent: number, total: number) => void;
}

/** The Files API as the attachments need it (`client.files` of the chat engine). */
export interface FileUploader {
  upload(params: UploadParams): Promise<FileInfo>;
}

/** The client's Files API, or an uploader that refuses and says why (Vertex AI offers none). */
export function filesApiOf(files: FileUploader | undefined): FileUploader {
  return files ?? { upload: () => Promise.reject(new AttachmentError('uploadFailed', 'Large files go through the Gemini Files API, which this connection does not offer.')) };
}

export interface UploadContext {
  uploader: FileUploader;
  store: AttachmentBytesStore;
  now: number;
  signal?: AbortSignal;
  /** 0..1 */
  onProgress?: (fraction: number) => void;
}

export function needsUpload(a: PreparedAttachment, now: number): boolean {
  if (a.record.kind !== 'image' && a.record.kind !== 'binary') return false;
  const usesFile = !a.parts.some((p) => p.inlineData);
  return usesFile && !isFresh(a.record, now);
}

function isFresh(record: AttachmentRecord, now: number): boolean {
  return !!record.upload && record.upload.expiresAt - RENEW_MARGIN_MS > now;
}

/** What to do when the upload of a chip in the message box fails at send time (the chip stays). */
const RETRY_SEND = 'Send again to retry, or remove it.';

/**
 * Uploads (or uploads again) an attachment's bytes and returns it with its `fileData` part. `retry`
 * says what to do after a failure, where it happened (a chip just attached is gone then).
 */
export async function uploadAttachment(a: PreparedAttachment, ctx: UploadContext, retry = RETRY_SEND): Promise<PreparedAttachment> {
  const bytes = a.bytes ?? (await keptBytes(a.record, ctx.store));
  const { record, fileData } = await upload(a.record, bytes, ctx, retry);
  // Its name part (if it has one) stays in front of the data.
  return { record, parts: [...a.parts.filter((p) => !isMediaPart(p)), { fileData }], bytes };
}

/**
 * Uploads again every expired Files API copy the exchanges' user Contents refer to, replacing the old
 * `fileUri` in place. Returns how many were renewed (the caller saves the chat when any were).
 */
export async function renewExpiredUploads(exchanges: ExchangeRecord[], ctx: UploadContext): Promise<number> {
  let renewed = 0;
  for (const exchange of exchanges) {
    for (const [i, attachment] of exchange.attachments.entries()) {
      if (!attachment.upload || isFresh(attachment, ctx.now)) continue;
      const oldUri = attachment.upload.fileUri;
      const { record, fileData } = await upload(attachment, await keptBytes(attachment, ctx.store), ctx, 'Send again to retry, or rewind past the message that holds it.');
      exchange.attachments[i] = record;
      exchange.user.parts = exchange.user.parts.map((p): Part => (p.fileData?.fileUri === oldUri ? { ...p, fileData } : p));
      // Changed in place: a higher rev makes the store write it again and lets it win over other windows' copies.
      exchange.rev = (exchange.rev ?? 0) + 1;
      renewed++;
    }
  }
  return renewed;
}

async function keptBytes(record: AttachmentRecord, store: AttachmentBytesStore): Promise<Uint8Array> {
  const bytes = record.sha256 ? await store.readAttachment(record.sha256) : undefined;
  if (!bytes) {
    throw new AttachmentError(
      'bytesLost',
      `The uploaded copy of “${record.label}” has expired and its bytes are no longer kept with the chat. Attach the file again, or rewind past the message that holds it.`,
    );
  }
  return bytes;
}

async function upload(record: AttachmentRecord, bytes: Uint8Array, ctx: UploadContext, retry: string): Promise<{ record: AttachmentRecord; fileData: FileData }> {
  let info: FileInfo;
  try {
    info = await ctx.uploader.upload({
      data: bytes,
      mimeType: record.mimeType,
      displayName: record.label,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (sent, total) => ctx.onProgress?.(total > 0 ? Math.min(1, sent / total) : 0),
    });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    // One stop after the reason, whatever it ends with.
    const reason = (err instanceof Error ? err.message : String(err)).trim().replace(/\.+$/, '');
    const stop = /[!?]$/.test(reason) ? '' : '.';
    throw new AttachmentError('uploadFailed', `“${record.label}” could not be uploaded to the Gemini Files API: ${reason}${stop} ${retry}`);
  }
  if (info.state === 'FAILED') {
    throw new AttachmentError('uploadFailed', `Gemini could not process “${record.label}” (the Files API marked it FAILED). Check that the file is intact.`);
  }
  const expires = info.expirationTime ? Date.parse(info.expirationTime) : NaN;
  const expiresAt = Number.isFinite(expires) ? expires : ctx.now + UPLOAD_LIFETIME_MS;
  return {
    record: { ...record, upload: { fileUri: info.uri, expiresAt } },
    fileData: { mimeType: info.mimeType || record.mimeType, fileUri: info.uri },
  };
}

/**
 * What a send needs first: every Files API copy it will refer to uploaded and fresh. Renews expired
 * copies in the history (in place; the caller saves the chat when the count is not 0) and returns the
 * composer's attachments with any missing or expired upload done. A chip whose background upload has
 * not finished yet is uploaded here too rather than sent without its file.
 */
export async function readyToSend(
  exchanges: ExchangeRecord[],
  attachments: PreparedAttachment[],
  ctx: UploadContext,
): Promise<{ attachments: PreparedAttachment[]; renewed: number }> {
  const renewed = await renewExpiredUploads(exchanges, ctx);
  const ready: PreparedAttachment[] = [];
  for (const a of attachments) ready.push(needsUpload(a, ctx.now) ? await uploadAttachment(a, ctx) : a);
  return { attachments: ready, renewed };
}
