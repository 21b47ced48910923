// A minimal stand-in for the `vscode` module, enough for activate() to run outside VS Code: the
// handful of values activation reads are real (Uri, EventEmitter, configuration defaults), and any
// other API is a do-nothing proxy that returns a disposable. Copied into a temp node_modules/vscode
// by bench/start/activation.ts, so dist/extension.js finds it through Node's own module resolution.
'use strict';
const path = require('node:path');

const noop = () => undefined;
function anything() {
  // Callable, constructible, every property another such proxy; never a thenable (await must not hang).
  return new Proxy(function () {}, {
    get(_t, key) {
      if (key === 'then') return undefined;
      if (key === 'dispose') return noop;
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return function* () {};
      return anything();
    },
    apply: () => anything(),
    construct: () => anything(),
  });
}

class Uri {
  constructor(scheme, fsPath) {
    this.scheme = scheme;
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(p) {
    return new Uri('file', p);
  }
  static parse(s) {
    return new Uri(s.split(':')[0] || 'file', s.replace(/^[a-z]+:\/\//, '/'));
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, path.join(base.fsPath, ...parts));
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.fsPath}`;
  }
}

class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (fn) => {
      this.listeners.add(fn);
      return { dispose: () => this.listeners.delete(fn) };
    };
  }
  fire(e) {
    for (const fn of this.listeners) fn(e);
  }
  dispose() {
    this.listeners.clear();
  }
}

class StubDisposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new StubDisposable(() => items.forEach((d) => d.dispose()));
  }
  dispose() {
    this.fn?.();
  }
}

const disposable = () => ({ dispose: noop });
const event = () => disposable;
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: () => Promise.resolve() };

const api = {
  Uri,
  EventEmitter,
  Disposable: StubDisposable,
  l10n: { t: (message, ...args) => String(typeof message === 'string' ? message : message.message).replace(/\{(\d+)\}/g, (_m, i) => String(args[i])) },
  env: { language: 'en', clipboard: { writeText: () => Promise.resolve() }, openExternal: () => Promise.resolve(true), uriScheme: 'vscode' },
  workspace: {
    getConfiguration: () => configuration,
    onDidChangeConfiguration: event(),
    onDidGrantWorkspaceTrust: event(),
    onDidChangeWorkspaceFolders: event(),
    isTrusted: true,
    workspaceFolders: undefined,
    fs: anything(),
  },
  window: {
    createOutputChannel: () => ({ info: noop, warn: noop, error: noop, debug: noop, trace: noop, append: noop, appendLine: noop, show: noop, dispose: noop, onDidChangeLogLevel: event(), logLevel: 2 }),
    registerWebviewViewProvider: disposable,
    onDidChangeActiveTextEditor: event(),
    onDidChangeTextEditorSelection: event(),
    activeTextEditor: undefined,
    visibleTextEditors: [],
  },
  commands: { registerCommand: disposable, registerTextEditorCommand: disposable, executeCommand: () => Promise.resolve() },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
};

module.exports = new Proxy(api, {
  get(target, key) {
    if (key in target) return target[key];
    if (key === 'then' || key === '__esModule') return undefined;
    return anything();
  },
});
