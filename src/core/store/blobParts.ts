// Attachment bytes live beside the transcripts as content-addressed files (attachments/<sha256>), not
// inside each chat file: an image sent in ten chats is kept once, and a chat file stays small enough
// to rewrite on every checkpoint. In a file, an `inlineData.data` of `sha256:<hex>` stands for them.
import { createHash } from 'node:crypto';
import type { Content, Part } from '../types';

const MARKER = 'sha256:';

export { SHA256_HEX } from '../../shared/protocol';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The folder of the attachment files, in the store's folder. */
export const ATTACHMENTS_FOLDER = 'attachments';
export const blobName = (hex: string): string => `${ATTACHMENTS_FOLDER}/${hex}`;

export function markerHash(data: string): string | undefined {
  return data.startsWith(MARKER) ? data.slice(MARKER.length) : undefined;
}

/** Copies of the contents with every inline blob replaced by its marker; `put` keeps the bytes. */
export async function externalizeContents(
  contents: Content[],
  put: (inline: { data: string }) => Promise<string>,
): Promise<Content[]> {
  const out: Content[] = [];
  for (const c of contents) {
    const parts: Part[] = [];
    for (const p of c.parts) {
      if (p.inlineData && !markerHash(p.inlineData.data)) {
        const hex = await put(p.inlineData);
        parts.push({ ...p, inlineData: { ...p.inlineData, data: MARKER + hex } });
      } else parts.push(p);
    }
    out.push({ ...c, parts });
  }
  return out;
}

/** The contents with every marker replaced by its bytes (base64); a missing blob becomes a note. */
export async function rehydrateContents(
  contents: Content[],
  get: (hex: string) => Promise<Uint8Array | undefined>,
  onMissing: (hex: string) => void,
): Promise<Content[]> {
  const out: Content[] = [];
  for (const c of contents) {
    const parts: Part[] = [];
    for (const p of c.parts) {
      const hex = p.inlineData ? markerHash(p.inlineData.data) : undefined;
      if (p.inlineData && hex) {
        const bytes = await get(hex);
        if (bytes) parts.push({ ...p, inlineData: { ...p.inlineData, data: Buffer.from(bytes).toString('base64') } });
        else {
          onMissing(hex);
          parts.push({ text: `[attachment no longer available: ${p.inlineData.mimeType}]` });
        }
      } else parts.push(p);
    }
    out.push({ ...c, parts });
  }
  return out;
}
