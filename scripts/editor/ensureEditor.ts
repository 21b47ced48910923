// Makes sure the offline editor is installed: the system packages it needs, Node 24 and code-server,
// both from the npm registry into a cache outside the clone. Idempotent: a finished install leaves a
// marker naming its versions, and a run that finds the marker (and a working binary) does nothing.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, NODE_MAJOR, editorPaths, expectedMarker, nodePackageName, type EditorPaths } from './editorPaths';

/** A reason the editor cannot be installed or started, meant to be printed as one line. */
export class EditorSetupError extends Error {
  override name = 'EditorSetupError';

  constructor(message: string) {
    super(message);
    // A setup failure is a fact about the machine, not a bug here: reporters print it without a stack.
    this.stack = `${this.name}: ${message}`;
  }
}

interface SystemNeed {
  /** The Debian package that provides it. */
  pkg: string;
  present: () => boolean;
}

const commandExists = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const debInstalled = (pkg: string): boolean =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;

/** chromium drives the workbench; libkrb5-dev is needed to build one of code-server's native modules. */
export const SYSTEM_NEEDS: SystemNeed[] = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') || commandExists('chromium') },
  { pkg: 'libkrb5-dev', present: () => debInstalled('libkrb5-dev') || existsSync('/usr/include/krb5.h') },
];

/** Installs missing system packages when root; otherwise says in one line what to install. */
export function ensureSystemPackages(needs: SystemNeed[] = SYSTEM_NEEDS, log: (line: string) => void = console.log): void {
  const missing = needs.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new EditorSetupError(`missing system packages: ${missing.join(' ')} (install them: sudo apt-get install -y ${missing.join(' ')})`);
  }
  log(`installing system packages: ${missing.join(' ')}`);
  const apt = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } } as const;
  if (spawnSync('apt-get', ['update', '-qq'], apt).status !== 0 || spawnSync('apt-get', ['install', '-y', '-qq', ...missing], apt).status !== 0) {
    throw new EditorSetupError(`apt-get could not install: ${missing.join(' ')}`);
  }
}

/** Runs a command with its output appended to the install log; throws with the log's tail when it fails. */
function runLogged(cmd: string, args: string[], opts: SpawnSyncOptions & { cwd: string; logFile: string }): void {
  const fd = openSync(opts.logFile, 'a');
  try {
    writeFileSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
    const result = spawnSync(cmd, args, { ...opts, stdio: ['ignore', fd, fd] });
    if (result.status !== 0) {
      // The log's tail goes to stderr for whoever reads the run; the error itself stays one line.
      console.error(readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-15).join('\n'));
      throw new EditorSetupError(`\`${cmd} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}); full log: ${opts.logFile}`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * What an outer npm (`npm test`, `npx tsx …`) puts in the environment about itself: its Node version in
 * the user agent (code-server's postinstall reads it and refuses anything but Node 24), its project as
 * the local prefix, its package and lifecycle. A nested install must not inherit any of it.
 */
const OUTER_NPM = /^(npm_(package_|lifecycle_|command$|execpath$|node_execpath$|config_(user_agent|local_prefix|global_prefix|prefix|npm_version|node_gyp|nodedir)$)|NODE$|INIT_CWD$)/;

/** The environment code-server is installed and run with: Node 24 first on PATH, node-gyp building against its headers. */
export function editorEnv(paths: EditorPaths, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !OUTER_NPM.test(key)));
  return {
    ...env,
    PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${base.PATH ?? ''}`,
    // A user ~/.npmrc may point `nodedir` at another Node's headers; the native modules must match Node 24.
    npm_config_nodedir: paths.nodePackageDir,
  };
}

function versionOf(bin: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(bin, args, { encoding: 'utf8', env, timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function nodeWorks(paths: EditorPaths): boolean {
  return existsSync(paths.nodeBin) && (versionOf(paths.nodeBin, ['--version']) ?? '').startsWith(`v${NODE_MAJOR}.`);
}

function codeServerWorks(paths: EditorPaths): boolean {
  if (!existsSync(paths.codeServerEntry) || !nodeWorks(paths)) return false;
  // Without --config, code-server writes a default config (with a password) into ~/.config.
  const config = path.join(paths.cacheDir, 'version-check.yaml');
  writeFileSync(config, 'auth: none\n');
  const out = versionOf(paths.nodeBin, [paths.codeServerEntry, '--config', config, '--version'], editorEnv(paths));
  return out?.includes(CODE_SERVER_VERSION) ?? false;
}

function markerMatches(paths: EditorPaths): boolean {
  try {
    return JSON.stringify(JSON.parse(readFileSync(paths.marker, 'utf8'))) === JSON.stringify(expectedMarker());
  } catch {
    return false;
  }
}

function installNode(paths: EditorPaths, logFile: string, log: (line: string) => void): void {
  log(`installing Node ${NODE_MAJOR} (${nodePackageName()}) into ${paths.nodeDir}`);
  rmSync(paths.nodeDir, { recursive: true, force: true });
  mkdirSync(paths.nodeDir, { recursive: true });
  writeFileSync(path.join(paths.nodeDir, 'package.json'), JSON.stringify({ name: 'gemini-chat-editor-node', private: true }) + '\n');
  runLogged('npm', ['install', '--no-audit', '--no-fund', `${nodePackageName()}@${NODE_MAJOR}`], { cwd: paths.nodeDir, logFile, env: editorEnv(paths) });
  if (!nodeWorks(paths)) throw new EditorSetupError(`Node ${NODE_MAJOR} did not install into ${paths.nodeDir} (log: ${logFile})`);
}

function installCodeServer(paths: EditorPaths, logFile: string, log: (line: string) => void): void {
  log(`installing code-server ${CODE_SERVER_VERSION} into ${paths.codeServerDir} (about 600 MB, 2-4 minutes; log: ${logFile})`);
  rmSync(paths.codeServerDir, { recursive: true, force: true });
  mkdirSync(paths.codeServerDir, { recursive: true });
  writeFileSync(path.join(paths.codeServerDir, 'package.json'), JSON.stringify({ name: 'gemini-chat-editor', private: true }) + '\n');
  const opts = { cwd: paths.codeServerDir, logFile, env: editorEnv(paths) };
  runLogged('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], opts);
  // npm 11 holds back dependency install scripts until approved; code-server's postinstall and its
  // native modules are exactly what must run. Older npm ran them during the install already.
  const npmMajor = Number((versionOf('npm', ['--version'], opts.env) ?? '0').split('.')[0]);
  if (npmMajor >= 11) {
    runLogged('npm', ['install-scripts', 'approve', '--all'], opts);
    runLogged('npm', ['rebuild'], opts);
  }
  if (!codeServerWorks(paths)) throw new EditorSetupError(`code-server ${CODE_SERVER_VERSION} installed but does not start (log: ${logFile})`);
}

/**
 * Ensures system packages, Node 24 and code-server; returns where they are. Reuses the cache when the
 * marker matches; adopts an install that works but has no marker (e.g. one made by hand the same way).
 */
export function ensureEditor(opts: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): EditorPaths {
  const log = opts.log ?? ((line: string) => console.log(line));
  const paths = editorPaths(opts.env);
  ensureSystemPackages(SYSTEM_NEEDS, log);
  if (markerMatches(paths) && existsSync(paths.codeServerEntry) && existsSync(paths.nodeBin)) return paths;
  mkdirSync(paths.cacheDir, { recursive: true });
  const logFile = path.join(paths.cacheDir, 'install.log');
  if (!nodeWorks(paths)) installNode(paths, logFile, log);
  if (!codeServerWorks(paths)) installCodeServer(paths, logFile, log);
  writeFileSync(paths.marker, JSON.stringify(expectedMarker()) + '\n');
  return paths;
}
