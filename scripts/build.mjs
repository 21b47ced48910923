// Builds both sides: the extension host bundles (Node, CommonJS) and the webview bundle (browser, IIFE).
// esbuild does not type-check; `npm run typecheck` does that for both programs.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

const common = { bundle: true, minify: !dev, sourcemap: dev ? 'inline' : false, logLevel: 'warning', legalComments: 'none' };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    // Two bundles, each self-contained: extension.js (activation: command and view shells only) and
    // chatHost.js (everything else), which extension.js requires on first use, keeping activation cheap.
    entryPoints: { extension: 'src/host/extension.ts', chatHost: 'src/host/chatHost.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // Its UMD build (package.json "main") requires its parts at run time, which a bundle does not have.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  },
  {
    ...common,
    entryPoints: { main: 'webview-ui/src/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'css' },
  },
];

// Loaded on demand only (Vertex AI credentials), so it never weighs on activation.
if (existsSync('src/host/vertexAuth.ts')) {
  builds.push({ ...common, entryPoints: { vertexAuth: 'src/host/vertexAuth.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
}

mkdirSync('dist/webview', { recursive: true });
// Codicons: the font and its stylesheet are served to the webview from dist/webview.
cpSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css');
cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
