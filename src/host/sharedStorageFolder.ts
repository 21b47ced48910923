// One chat folder for every window on a workspace. VS Code's extension host locks the workspace's
// storage folder (`workspaceStorage/<id>/vscode.lock`); a second window on the same workspace (two
// browser tabs on one code-server folder, a remote window) finds it locked and is given `<id>-1`
// instead (`-2`… for more). Chats kept there would be invisible to the first window, and once the
// second window closed they would be lost to every later one (which gets `<id>` again). The store
// already takes a lock per chat file and merges by exchange, so windows can share `<id>`.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** VS Code's numbered alternative of a locked workspace storage folder (it tries `-1` to `-9`). */
const ALTERNATIVE = /^(.+)-([1-9])$/;

/**
 * The extension's folder under the workspace's own storage folder when `storagePath` (storageUri's
 * path: `<workspaceStorage>/<id>-<n>/<extension id>`) is in a numbered alternative of it; otherwise
 * `storagePath` unchanged. Workspace ids are hashes with no inner dash, and the alternative is only
 * taken when `<id>` exists beside it, so an ordinary folder is never mistaken for one.
 */
export function sharedStorageFolder(storagePath: string): string {
  const workspaceFolder = path.dirname(storagePath);
  const base = ALTERNATIVE.exec(path.basename(workspaceFolder))?.[1];
  if (base === undefined) return storagePath;
  const shared = path.join(path.dirname(workspaceFolder), base);
  return existsSync(shared) ? path.join(shared, path.basename(storagePath)) : storagePath;
}
