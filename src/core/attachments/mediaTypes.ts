// Which binary files Gemini takes, and how to tell what a file is. The type comes from the file's first
// bytes when they carry a signature (a `.png` that is really a JPEG is sent as JPEG), and from its
// extension for formats whose signature is weak or absent (raw AAC, MPEG). The supported list follows the
// Gemini API's documented image, document, audio and video types.
import * as path from 'node:path';

export type MediaKind = 'image' | 'document' | 'audio' | 'video';

const SUPPORTED: Readonly<Record<string, MediaKind>> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/webp': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'application/pdf': 'document',
  'audio/wav': 'audio',
  'audio/mp3': 'audio',
  'audio/aiff': 'audio',
  'audio/aac': 'audio',
  'audio/ogg': 'audio',
  'audio/flac': 'audio',
  'video/mp4': 'video',
  'video/mpeg': 'video',
  'video/mov': 'video',
  'video/avi': 'video',
  'video/x-flv': 'video',
  'video/mpg': 'video',
  'video/webm': 'video',
  'video/wmv': 'video',
  'video/3gpp': 'video',
};

const BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  ico: 'image/x-icon',
  pdf: 'application/pdf',
  wav: 'audio/wav',
  mp3: 'audio/mp3',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mpeg: 'video/mpeg',
  mpg: 'video/mpg',
  mov: 'video/mov',
  avi: 'video/avi',
  flv: 'video/x-flv',
  webm: 'video/webm',
  wmv: 'video/wmv',
  '3gp': 'video/3gpp',
  zip: 'application/zip',
  gz: 'application/gzip',
  exe: 'application/vnd.microsoft.portable-executable',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The media kind Gemini takes this MIME type as, or undefined when it does not take it. */
export function supportedMediaKind(mimeType: string): MediaKind | undefined {
  return Object.hasOwn(SUPPORTED, mimeType) ? SUPPORTED[mimeType] : undefined;
}

/** A human list of what can be attached, for messages. */
export const SUPPORTED_SUMMARY = 'text files (UTF-8), images (PNG, JPEG, WebP, HEIC, HEIF), PDF, audio and video';

export function extensionOf(fileName: string): string {
  const base = path.win32.basename(fileName);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function mimeTypeFromName(fileName: string): string | undefined {
  const ext = extensionOf(fileName);
  return Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
}

const ascii = (bytes: Uint8Array, at: number, text: string): boolean =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

const startsWith = (bytes: Uint8Array, ...signature: number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** The type named by the file's signature (first bytes), supported or not; undefined when none is known. */
export function sniffMimeType(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF')) {
    if (ascii(bytes, 8, 'WEBP')) return 'image/webp';
    if (ascii(bytes, 8, 'WAVE')) return 'audio/wav';
    if (ascii(bytes, 8, 'AVI ')) return 'video/avi';
  }
  if (ascii(bytes, 0, '%PDF-')) return 'application/pdf';
  if (ascii(bytes, 0, 'FORM') && (ascii(bytes, 8, 'AIFF') || ascii(bytes, 8, 'AIFC'))) return 'audio/aiff';
  if (ascii(bytes, 0, 'fLaC')) return 'audio/flac';
  if (ascii(bytes, 0, 'OggS')) return 'audio/ogg';
  if (ascii(bytes, 0, 'ID3')) return 'audio/mp3';
  if (ascii(bytes, 4, 'ftyp')) return isoMediaType(bytes);
  if (startsWith(bytes, 0x1a, 0x45, 0xdf, 0xa3)) return 'video/webm';
  if (ascii(bytes, 0, 'FLV')) return 'video/x-flv';
  if (startsWith(bytes, 0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11)) return 'video/wmv';
  if (startsWith(bytes, 0x00, 0x00, 0x01, 0xba) || startsWith(bytes, 0x00, 0x00, 0x01, 0xb3)) return 'video/mpeg';
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return 'application/zip';
  if (startsWith(bytes, 0x1f, 0x8b)) return 'application/gzip';
  if (startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46)) return 'application/x-elf';
  return undefined;
}

/** ISO base media files (MP4, MOV, 3GP, HEIC…) are told apart by the major brand after `ftyp`. */
function isoMediaType(bytes: Uint8Array): string {
  const brand = String.fromCharCode(...bytes.subarray(8, 12));
  if (['heic', 'heix', 'hevc', 'hevx'].includes(brand)) return 'image/heic';
  if (['mif1', 'msf1', 'heif'].includes(brand)) return 'image/heif';
  if (brand === 'qt  ') return 'video/mov';
  if (brand.startsWith('3g')) return 'video/3gpp';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  return 'video/mp4';
}

/** Git's test: a NUL byte in the first 8,000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** UTF-16 text carries a byte-order mark; it is text, just not UTF-8. */
export function hasUtf16Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff);
}
