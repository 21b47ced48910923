// Runs in a fresh Node process (no module cache): requires the built extension and calls activate()
// with a fake context, then prints the two times as JSON. Plain JS, so no transpiler is on the path.
'use strict';
const os = require('node:os');
const path = require('node:path');
const { mkdtempSync, rmSync } = require('node:fs');

const bundle = process.argv[2];
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const vscode = require('vscode');

const storage = mkdtempSync(path.join(os.tmpdir(), 'gemini-chat-bench-activate-'));
const memento = () => {
  const values = new Map();
  return { get: (k, d) => (values.has(k) ? values.get(k) : d), update: (k, v) => (values.set(k, v), Promise.resolve()), keys: () => [...values.keys()], setKeysForSync: () => undefined };
};
const context = {
  subscriptions: [],
  workspaceState: memento(),
  globalState: memento(),
  secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => ({ dispose() {} }) },
  extensionUri: vscode.Uri.file(path.dirname(path.dirname(bundle))),
  extensionPath: path.dirname(path.dirname(bundle)),
  storageUri: vscode.Uri.file(path.join(storage, 'workspace')),
  globalStorageUri: vscode.Uri.file(path.join(storage, 'global')),
  logUri: vscode.Uri.file(path.join(storage, 'logs')),
  extensionMode: 1,
  environmentVariableCollection: { replace() {}, clear() {} },
  asAbsolutePath: (p) => path.join(path.dirname(path.dirname(bundle)), p),
};
const t2 = performance.now();
extension.activate(context);
const t3 = performance.now();
process.stdout.write(`${JSON.stringify({ requireMs: t1 - t0, activateMs: t3 - t2, subscriptions: context.subscriptions.length })}\n`);
// activate() started the chat store's background load; nothing here waits for it.
setTimeout(() => {
  rmSync(storage, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  process.exit(0);
}, 50);
