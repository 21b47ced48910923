// Compiles the in-host suite to out/extension-host/ (CommonJS, one file per source so mocha can add
// each test file). `vscode` comes from the extension host; mocha from the repo's node_modules.
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const REPO = path.resolve(__dirname, '../..');
export const SUITE_OUT = path.join(REPO, 'out', 'extension-host');
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index.js');

export async function buildSuite(): Promise<void> {
  const src = path.join(__dirname, 'suite');
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync(src).filter((f) => f.endsWith('.ts')).map((f) => path.join(src, f)),
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
