// A stand-in for the 'vscode' module, just wide enough for the host's webview message path
// (ChatViewProvider → handlers → chat commands → file attacher) to run in plain Node. Every call that
// could act on the user's machine (run a command, open a link, write the clipboard, edit a document,
// change a setting, store a secret) is recorded, so a test can say exactly which effects a message had.
// Every question to the user (input box, quick pick, dialog) is answered as a user who dismisses it.
//
// Installed by importing './installVscodeStub' before any module that imports 'vscode'.
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

export interface Effect {
  kind: 'command' | 'openExternal' | 'clipboard' | 'edit' | 'setting' | 'secret' | 'prompt';
  detail: string;
}

export const effects: Effect[] = [];
export const workspaceFolders: { name: string; uri: Uri; index: number }[] = [];

class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

class EventEmitter<T> {
  private readonly listeners = new Set<(e: T) => void>();
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query: string,
    private readonly text: string,
  ) {}

  get fsPath(): string {
    return this.scheme === 'file' ? path.normalize(this.path) : this.path;
  }

  /** Strict like VS Code's: a string without a scheme throws. */
  static parse(value: string, strict = false): Uri {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value)?.[1];
    if (!scheme) {
      if (strict) throw new Error(`[UriError]: Scheme is missing: {scheme: "", path: "${value}"}`);
      return new Uri('file', value, '', value);
    }
    if (scheme.toLowerCase() === 'file') {
      const url = new URL(value);
      return new Uri('file', fileURLToPath(url), url.search.slice(1), value);
    }
    const rest = value.slice(scheme.length + 1);
    const q = rest.indexOf('?');
    return new Uri(scheme.toLowerCase(), q < 0 ? rest : rest.slice(0, q), q < 0 ? '' : rest.slice(q + 1), value);
  }

  static file(p: string): Uri {
    return new Uri('file', p, '', `file://${p}`);
  }

  static joinPath(base: Uri, ...parts: string[]): Uri {
    return Uri.file(path.join(base.fsPath, ...parts));
  }

  toString(): string {
    return this.text;
  }
}

const dismissed = <T>(kind: string) => (...args: unknown[]): Promise<T | undefined> => {
  effects.push({ kind: 'prompt', detail: `${kind}: ${String(args[0]).slice(0, 80)}` });
  return Promise.resolve(undefined);
};

function quickPick(): unknown {
  const hide = new EventEmitter<void>();
  const accept = new EventEmitter<void>();
  const change = new EventEmitter<string>();
  return {
    items: [],
    selectedItems: [],
    value: '',
    onDidHide: hide.event,
    onDidAccept: accept.event,
    onDidChangeValue: change.event,
    onDidChangeSelection: new EventEmitter<unknown>().event,
    show: () => {
      effects.push({ kind: 'prompt', detail: 'quick pick' });
      setImmediate(() => hide.fire());
    },
    hide: () => hide.fire(),
    dispose: () => undefined,
  };
}

const l10n = {
  t: (message: string, ...args: unknown[]): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
};

class Range {
  constructor(
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}
}

export const vscodeStub = {
  Disposable,
  Range,
  EventEmitter,
  Uri,
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  InputBoxValidationSeverity: { Info: 1, Warning: 2, Error: 3 },
  l10n,
  env: {
    language: 'en',
    openExternal: (uri: Uri) => {
      effects.push({ kind: 'openExternal', detail: uri.toString() });
      return Promise.resolve(true);
    },
    clipboard: {
      writeText: (text: string) => {
        effects.push({ kind: 'clipboard', detail: text.slice(0, 80) });
        return Promise.resolve();
      },
    },
  },
  commands: {
    executeCommand: (id: string, ...args: unknown[]) => {
      // The files a command is given are part of what it does (vscode.open: which file opens).
      effects.push({ kind: 'command', detail: [id, ...args.flatMap((a) => (a instanceof Uri ? [a.fsPath] : []))].join(' ') });
      return Promise.resolve(undefined);
    },
    registerCommand: () => new Disposable(),
  },
  window: {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    showInputBox: dismissed<string>('input box'),
    showQuickPick: dismissed<unknown>('quick pick'),
    showWarningMessage: dismissed<string>('warning'),
    showInformationMessage: dismissed<string>('information'),
    showErrorMessage: dismissed<string>('error'),
    showOpenDialog: dismissed<Uri[]>('open dialog'),
    showSaveDialog: dismissed<Uri>('save dialog'),
    createQuickPick: quickPick,
  },
  workspace: {
    isTrusted: true,
    get workspaceFolders() {
      return workspaceFolders;
    },
    getConfiguration: () => ({
      get: () => undefined,
      inspect: () => undefined,
      update: (key: string) => {
        effects.push({ kind: 'setting', detail: key });
        return Promise.resolve();
      },
    }),
  },
};
