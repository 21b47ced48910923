// What is on disk under a folder, for "nothing touched outside the extension's storage" and "the key
// is in no file" checks: every file's path, size and content digest, and a byte search over them all.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type FileTree = Map<string, string>;

export function listFilesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * A file's bytes, or undefined when it went away after it was listed: the editor runs while a tree is
 * read, and removes lock and temp files as it works (a file that is gone holds nothing).
 */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Relative path → size and sha256 of every file under `root`. */
export function snapshotTree(root: string): FileTree {
  const tree: FileTree = new Map();
  for (const file of listFilesUnder(root)) {
    const bytes = readIfPresent(file);
    if (bytes) tree.set(path.relative(root, file), `${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`);
  }
  return tree;
}

/** Paths added, removed or changed between two snapshots. */
export function treeChanges(before: FileTree, after: FileTree): string[] {
  const changed: string[] = [];
  for (const [p, digest] of after) if (before.get(p) !== digest) changed.push(before.has(p) ? `changed ${p}` : `added ${p}`);
  for (const p of before.keys()) if (!after.has(p)) changed.push(`removed ${p}`);
  return changed.sort();
}

/** Files under the roots whose bytes contain `needle` (as UTF-8, and as base64 of it, in case it was encoded). */
export function filesContaining(roots: string[], needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(Buffer.from(needle, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8')];
  const hits: string[] = [];
  for (const root of roots) {
    for (const file of listFilesUnder(root)) {
      const bytes = readIfPresent(file);
      if (bytes && forms.some((f) => bytes.includes(f))) hits.push(file);
    }
  }
  return hits;
}
