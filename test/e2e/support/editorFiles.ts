// Where, in a running editor's folders, the extension keeps what it wrote, and which processes are its
// extension hosts (for the crash tests, which kill them).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The extension's storage folders (one per workspace the editor has opened): `.../workspaceStorage/<hash>/gemini-chat.gemini-chat`. */
export function extensionStorageDirs(userDataDir: string): string[] {
  const root = path.join(userDataDir, 'User', 'workspaceStorage');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((hash) => path.join(root, hash, 'gemini-chat.gemini-chat'))
    .filter((dir) => existsSync(dir));
}

/** Pids of the extension host processes in the editor's process group (code-server runs it as its own group). */
export function extensionHostPids(editorPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after the last ')': state, ppid, pgrp, …
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== editorPid) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (/extensionHost/i.test(cmdline)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
