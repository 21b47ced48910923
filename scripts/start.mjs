// `npm start`: builds, then runs the extension in a real editor. With a `code` command on PATH that is
// the desktop VS Code with this folder as the extension under development; without one (a server, a
// container, CI) it is the offline browser editor (code-server) on 127.0.0.1 with the extension
// installed, and this prints its URL and keeps it running until Ctrl+C.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
const offline = process.argv.includes('--offline') || process.env.GEMINI_CHAT_OFFLINE_EDITOR === '1';

if (!existsSync('node_modules/.bin/esbuild') && run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
  console.error('npm ci failed');
  process.exit(1);
}
if (run('node', ['scripts/build.mjs', '--dev']) !== 0) {
  console.error('build failed');
  process.exit(1);
}

const hasCode = !offline && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  // A new window running this folder as the extension under development (F5 without a launch config).
  process.exit(run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, root]));
}

// The editor modules are TypeScript (type-checked with the rest); tsx loads them without a build step.
const { tsImport } = await import('tsx/esm/api');
const { startEditor } = await tsImport('./editor/startEditor.ts', import.meta.url);
const { EditorSetupError } = await tsImport('./editor/ensureEditor.ts', import.meta.url);

const passThrough = Object.fromEntries(['GEMINI_API_KEY', 'GOOGLE_API_KEY'].filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
let editor;
try {
  editor = await startEditor({ extensions: [root], env: passThrough, label: 'editor', log: (line) => console.log(line) });
} catch (err) {
  console.error(err instanceof EditorSetupError ? `cannot start the offline editor: ${err.message}` : err);
  process.exit(1);
}
console.log(`\nGemini Chat is running in VS Code (code-server ${editor.url}), offline editor.`);
console.log(`Open: ${editor.urlFor(root)}`);
console.log('Press Ctrl+C to stop.');
const stop = async () => {
  await editor.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
