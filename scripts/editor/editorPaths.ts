// Where the offline editor lives and which versions it is made of. It is cached outside the clone so
// a later run on the same machine (a developer's or CI's) reuses a 600 MB install that takes minutes.
import { homedir } from 'node:os';
import * as path from 'node:path';

/** code-server 4.139.1 is VS Code 1.139.1: the workbench and Node extension host the tests drive. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's `engines.node`; the machine's own Node may be older. */
export const NODE_MAJOR = 24;

export interface EditorPaths {
  cacheDir: string;
  nodeDir: string;
  /** The npm package folder holding bin/node and include/ (the headers node-gyp builds against). */
  nodePackageDir: string;
  nodeBin: string;
  codeServerDir: string;
  codeServerEntry: string;
  /** Written last by an install that finished, with what it installed; its absence means "install again". */
  marker: string;
}

/** `GEMINI_CHAT_EDITOR_CACHE` overrides the cache folder (default `~/.cache/gemini-chat-editor`). */
export function editorPaths(env: NodeJS.ProcessEnv = process.env): EditorPaths {
  const cacheDir = path.resolve(env.GEMINI_CHAT_EDITOR_CACHE ?? path.join(homedir(), '.cache', 'gemini-chat-editor'));
  const nodeDir = path.join(cacheDir, 'node24');
  const nodePackageDir = path.join(nodeDir, 'node_modules', nodePackageName());
  const codeServerDir = path.join(cacheDir, 'code-server');
  return {
    cacheDir,
    nodeDir,
    nodePackageDir,
    nodeBin: path.join(nodePackageDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(cacheDir, 'installed.json'),
  };
}

/** The npm registry ships Node itself as `node-<platform>-<arch>` packages (a plain binary, no install script). */
export function nodePackageName(): string {
  return `node-${process.platform}-${process.arch}`;
}

/** What the marker holds: a different value means the cache is from another version and is redone. */
export function expectedMarker(): { codeServer: string; nodeMajor: number; platform: string } {
  return { codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR, platform: `${process.platform}-${process.arch}` };
}
