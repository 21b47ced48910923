// The text parts a selection or a text file becomes: the content in a code fence it cannot break,
// headed by the workspace-relative path (and line range), so the model knows what it is looking at.
// An image or other media file is headed by its path the same way, in a text part of its own.
import type { Part } from '../types';
import type { AttachmentRecord } from '../transcript';
import { fencedBlock } from '../export/fence';
import { extensionOf } from './mediaTypes';

export interface EditorPosition {
  /** 0-based, as editors count. */
  line: number;
  character: number;
}

export interface LineRange {
  /** 1-based, inclusive, as people count. */
  startLine: number;
  endLine: number;
}

/** A selection that ends at the start of a line (a whole-line selection) does not include that line. */
export function selectionLineRange(start: EditorPosition, end: EditorPosition): LineRange {
  const lastLine = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return { startLine: start.line + 1, endLine: lastLine + 1 };
}

export function formatLineRange({ startLine, endLine }: LineRange): string {
  return startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
}

/** The chip's label: `name:12-30`. */
export function selectionLabel(fileName: string, range: LineRange): string {
  return `${fileName}:${formatLineRange(range)}`;
}

export interface SelectionSource extends LineRange {
  text: string;
  /** The editor's language id (`typescript`), the fence's tag. */
  languageId: string;
  displayPath: string;
}

export function selectionPart(s: SelectionSource): Part {
  const lines = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
  return { text: `${s.displayPath} (${lines}):\n${fencedBlock(s.text, s.languageId)}` };
}

/** A whole text file, tagged by its extension (which Markdown highlighters recognise). */
export function textFilePart(displayPath: string, text: string): Part {
  return { text: `${displayPath}:\n${fencedBlock(text, extensionOf(displayPath))}` };
}

/**
 * The part before a media file's data, which carries no name of its own: with two images, a question
 * can say which is which.
 */
export function mediaNamePart(displayPath: string): Part {
  return { text: `${displayPath}:` };
}

/** Inline or Files API data (a media attachment's other part is its name). */
export function isMediaPart(part: Part): boolean {
  return part.inlineData !== undefined || part.fileData !== undefined;
}

/**
 * Where an attachment came from, read back from its record's `detail` (the path, and for a selection
 * `path:12-30`), so its chip can open it again.
 */
export function attachmentOrigin(kind: AttachmentRecord['kind'], detail: string | undefined): { path: string; lines?: LineRange } | undefined {
  if (!detail) return undefined;
  const match = kind === 'selection' ? /^(.+):(\d+)(?:-(\d+))?$/.exec(detail) : null;
  if (!match) return { path: detail };
  const startLine = Number(match[2]);
  return { path: match[1]!, lines: { startLine, endLine: Math.max(startLine, Number(match[3] ?? startLine)) } };
}
