// A link in an answer to a file of the workspace: `src/cart.ts`, `./src/cart.ts#L12`, `/src/cart.ts#L3-L5`.
// Models link the files they talk about; such a link opens the file in the editor, at its lines, when
// the workspace has it. Pure (no 'vscode').
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { within } from '../core/attachments/workspaceFile';

export interface WorkspaceLink {
  /** As written, decoded: relative to a workspace folder, or absolute. */
  path: string;
  /** 1-based, from `#L12` or `#L12-L20`. */
  lines?: { start: number; end: number };
}

/** A link with no scheme, no host and not only a fragment: a path, with maybe its lines. */
export function parseWorkspaceLink(href: string): WorkspaceLink | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href) || /[\s\p{Cc}]/u.test(href)) return undefined;
  const hash = href.indexOf('#');
  const fragment = hash === -1 ? '' : href.slice(hash + 1);
  const beforeHash = hash === -1 ? href : href.slice(0, hash);
  const query = beforeHash.indexOf('?');
  let filePath: string;
  try {
    filePath = decodeURIComponent(query === -1 ? beforeHash : beforeHash.slice(0, query));
  } catch {
    return undefined;
  }
  if (!filePath || /\p{Cc}/u.test(filePath)) return undefined;
  // `#L12`, `#L12-L20`, or as compilers and models write it, `path:12` or `path:12:5`.
  const lines = /^L(\d{1,9})(?:-L?(\d{1,9}))?$/.exec(fragment);
  const suffix = lines ? undefined : /^(.+?):(\d{1,9})(?::\d{1,9})?$/.exec(filePath);
  if (suffix) return { path: suffix[1] ?? '', lines: atLines(suffix[2]) };
  if (!lines) return { path: filePath };
  return { path: filePath, lines: atLines(lines[1], lines[2]) };
}

function atLines(from: string | undefined, to?: string): { start: number; end: number } {
  const start = Math.max(1, Number(from));
  return { start, end: Math.max(start, Number(to ?? start)) };
}

/**
 * The file `link` names, in the first workspace folder that has it: an absolute path inside a folder,
 * else the path taken from a folder (a leading `/` meaning the folder's top). Never a path that leads
 * out of the folders; a folder of the workspace only when no file is named so (a link cannot open it,
 * and says why).
 */
export async function findWorkspaceFile(link: WorkspaceLink, roots: readonly string[]): Promise<{ path: string; folder: boolean } | undefined> {
  const fromTop = link.path.replace(/^[/\\]+/, '');
  const candidates = [...(path.isAbsolute(link.path) ? [path.resolve(link.path)] : []), ...roots.map((root) => path.resolve(root, fromTop))];
  let folder: string | undefined;
  for (const candidate of candidates) {
    if (!roots.some((root) => within(path.resolve(root), candidate) !== undefined)) continue;
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) return { path: candidate, folder: false };
    if (info?.isDirectory()) folder ??= candidate;
  }
  return folder === undefined ? undefined : { path: folder, folder: true };
}
