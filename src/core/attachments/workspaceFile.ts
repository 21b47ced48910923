// Where a file really is. Links are resolved before anything is read, so a link inside the workspace
// that points at ~/.ssh is seen for what it is; a file that vanished since it was chosen is reported as
// such, not as a read error.
import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { AttachmentError } from './attachmentError';

export interface WorkspaceRoot {
  name: string;
  /** Absolute file-system path of the folder. */
  path: string;
}

export interface ResolvedFile {
  /** The path after links are resolved: the one that is read. */
  realPath: string;
  /** Workspace-relative (with `/`, prefixed by the folder's name in a multi-root workspace), else absolute. */
  displayPath: string;
  insideWorkspace: boolean;
  /** Set when the chosen path is inside the workspace but resolves outside it. */
  linkTarget?: string;
  size: number;
}

/** `candidate`'s path relative to `root` when it is inside it (not `root` itself), else undefined. */
export function within(root: string, candidate: string): string | undefined {
  const rel = path.relative(root, candidate);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel;
}

export async function resolveWorkspaceFile(filePath: string, roots: readonly WorkspaceRoot[]): Promise<ResolvedFile> {
  const chosen = path.resolve(filePath);
  const name = path.basename(chosen);
  let realPath: string;
  try {
    realPath = await realpath(chosen);
  } catch (err) {
    throw fileSystemError(name, err);
  }
  const info = await stat(realPath).catch((err: unknown) => {
    throw fileSystemError(name, err);
  });
  if (!info.isFile()) throw new AttachmentError('notAFile', `“${name}” is not a file (only files can be attached).`);

  const realRoots = await Promise.all(roots.map(async (r) => ({ ...r, real: await realpath(r.path).catch(() => path.resolve(r.path)) })));
  for (const root of realRoots) {
    const rel = within(root.real, realPath);
    if (rel === undefined) continue;
    const posix = rel.split(path.sep).join('/');
    return { realPath, displayPath: roots.length > 1 ? `${root.name}/${posix}` : posix, insideWorkspace: true, size: info.size };
  }
  // Outside: either chosen there, or a link inside the workspace that leads out (shown by its own path).
  const linkRoot = roots.find((r) => within(path.resolve(r.path), chosen) !== undefined);
  if (linkRoot) {
    const rel = path.relative(path.resolve(linkRoot.path), chosen).split(path.sep).join('/');
    const displayPath = roots.length > 1 ? `${linkRoot.name}/${rel}` : rel;
    return { realPath, displayPath, insideWorkspace: false, linkTarget: realPath, size: info.size };
  }
  return { realPath, displayPath: chosen, insideWorkspace: false, size: info.size };
}

export function fileSystemError(name: string, err: unknown): AttachmentError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AttachmentError('missing', `“${name}” no longer exists (it was deleted or moved after it was chosen). Remove it from the message or attach it again.`);
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new AttachmentError('unreadable', `“${name}” could not be read: ${reason}`);
}
