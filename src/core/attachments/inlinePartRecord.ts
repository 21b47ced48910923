// An attachment record for an inline-data part that came without one: a history from an SDK holds
// images and files as bare parts. With a record the part shows as a chip and an edit gives it back.
import type { AttachmentRecord } from '../transcript';
import type { Part } from '../types';

/** The size in bytes of base64 `data`. */
function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

/** The record for `part` as the `n`th attachment of its message ("image 2.png"), or undefined when it holds no inline data. */
export function inlinePartRecord(part: Part, id: string, n: number): AttachmentRecord | undefined {
  const inline = part.inlineData;
  if (!inline?.mimeType || inline.data === undefined) return undefined;
  const image = inline.mimeType.startsWith('image/');
  const extension = /^[\w.+-]+\/([a-z0-9]+)/i.exec(inline.mimeType)?.[1]?.toLowerCase() ?? 'bin';
  return {
    id,
    label: `${image ? 'image' : 'file'} ${n}.${extension}`,
    kind: image ? 'image' : 'binary',
    mimeType: inline.mimeType,
    size: base64Bytes(inline.data),
    partCount: 1,
  };
}
