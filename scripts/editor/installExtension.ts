// Installs an extension into an editor's extensions folder the way VS Code lays out an installed
// .vsix: its runtime files copied to `<extensions-dir>/<publisher>.<name>-<version>/`. Copying (not a
// symlink) keeps the installed copy stable while `npm run watch` rewrites dist/.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

/** What a packaged extension holds at run time (the same list `.vscodeignore` lets into the .vsix). */
const RUNTIME_ENTRIES = ['package.json', 'package.nls.json', 'dist', 'media', 'README.md', 'LICENSE'];

interface Manifest {
  publisher: string;
  name: string;
  version: string;
  main?: string;
}

export function readManifest(extensionRoot: string): Manifest {
  return JSON.parse(readFileSync(path.join(extensionRoot, 'package.json'), 'utf8')) as Manifest;
}

/** Returns the installed folder. Throws when the extension was not built (its `main` is missing). */
export function installExtension(extensionRoot: string, extensionsDir: string): string {
  const manifest = readManifest(extensionRoot);
  if (manifest.main && !existsSync(path.join(extensionRoot, manifest.main))) {
    throw new Error(`${manifest.name} is not built: ${manifest.main} is missing (run npm run build)`);
  }
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const entry of RUNTIME_ENTRIES) {
    const from = path.join(extensionRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(target, entry), { recursive: true });
  }
  return target;
}
