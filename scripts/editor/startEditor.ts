// Starts code-server isolated from the user's own profile: its own user-data and extensions folders,
// no auth, loopback only, no telemetry or update checks, and in its own process group so that stopping
// it also ends the extension host it spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { editorEnv, EditorSetupError, ensureEditor } from './ensureEditor';
import { installExtension } from './installExtension';

export interface StartEditorOptions {
  /** Extension folders (built) to install before start. */
  extensions?: string[];
  /** User settings, merged over quiet defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host (e.g. `GEMINI_API_KEY`). */
  env?: Record<string, string>;
  /**
   * Workspace trust on (VS Code's default; off otherwise so no trust prompt covers the workbench): a
   * folder not yet trusted opens in Restricted Mode.
   */
  workspaceTrust?: boolean;
  /** Reuse a user-data folder (to restart onto the same state); a fresh one otherwise. */
  userDataDir?: string;
  /** Prefix of code-server's output lines when EDITOR_LOG is set. */
  label?: string;
  /** Where install progress goes (stderr by default). */
  log?: (line: string) => void;
}

export interface RunningEditor {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The workbench URL opening a folder. */
  urlFor(folder: string): string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

/** Quiet defaults: nothing that pops up over the workbench or reaches outside. */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // VS Code's own chat panel would otherwise open beside ours and crowd the screenshots.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.simpleDialog.enable': true,
};

/** Keys the extension would read from the parent's environment: a test passes them only when it means to. */
const STRIPPED_ENV = ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'VSCODE_IPC_HOOK_CLI', 'VSCODE_PID', 'ELECTRON_RUN_AS_NODE'];

const LISTENING = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/;

export async function startEditor(opts: StartEditorOptions = {}): Promise<RunningEditor> {
  // Only an install logs (the first run on a machine takes minutes: say so rather than look stuck).
  const paths = ensureEditor({ log: opts.log ?? ((line) => console.error(line)) });
  const root = mkdtempSync(path.join(tmpdir(), 'gemini-chat-editor-'));
  const userDataDir = opts.userDataDir ?? path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const logFile = path.join(root, 'code-server.log');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}), ...opts.settings }, null, 2));
  for (const ext of opts.extensions ?? []) installExtension(ext, extensionsDir);
  // An explicit config file keeps code-server from writing a default one (with a password) into ~/.config.
  const configFile = path.join(root, 'config.yaml');
  writeFileSync(configFile, 'auth: none\n');

  const env = editorEnv(paths);
  for (const key of STRIPPED_ENV) delete env[key];
  Object.assign(env, { NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' }, opts.env);
  const args = [
    paths.codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    // Port 0: the system picks a free port and code-server prints it, so parallel editors never collide.
    '--bind-addr', '127.0.0.1:0',
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
  ];
  const child = spawn(paths.nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new EditorSetupError(`code-server did not start (${paths.nodeBin} ${paths.codeServerEntry})`);
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  // If this process ends without stop() (a crash, Ctrl+C), the editor and its extension host go with it.
  const onExit = (): void => killGroup('SIGKILL');
  process.once('exit', onExit);

  const url = await waitForListening(child, logFile, opts.label ?? 'code-server').catch((err: unknown) => {
    killGroup('SIGKILL');
    throw err;
  });
  let stopped: Promise<void> | undefined;
  return {
    url,
    urlFor: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    userDataDir,
    extensionsDir,
    logFile,
    pid,
    stop: () =>
      (stopped ??= (async () => {
        process.off('exit', onExit);
        const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
        killGroup('SIGTERM');
        // A grace period for a clean shutdown, then the whole group is ended regardless.
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        killGroup('SIGKILL');
        await exited;
        if (!process.env.KEEP_EDITOR_DIRS && !opts.userDataDir) rmSync(root, { recursive: true, force: true });
      })()),
  };
}

/** Resolves with the URL code-server prints once it listens; rejects with its output if it exits first. */
function waitForListening(child: ChildProcess, logFile: string, label: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (data: Buffer): void => {
      const text = data.toString('utf8');
      appendFileSync(logFile, text);
      if (process.env.EDITOR_LOG) process.stderr.write(`[${label}] ${text}`);
      output += text;
      const m = LISTENING.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      reject(new EditorSetupError(`code-server exited (${code ?? signal}) before listening: ${output.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}
