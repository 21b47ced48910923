// The store's ports on VS Code: workspaceState as the key-value store, and the extension's storage
// folder (storageUri, or globalStorageUri when no folder is open) as the file store.
import type * as vscode from 'vscode';
import type { KeyValueStore } from '../core/store/ports';
import { sharedStorageFolder } from './sharedStorageFolder';

export function mementoStore(memento: vscode.Memento): KeyValueStore {
  return {
    get: <T>(key: string) => memento.get<T>(key),
    update: (key, value) => memento.update(key, value),
  };
}

/**
 * The folder chats are kept in: per workspace (the same one for every window on it), or the global
 * one in a window with no folder.
 */
export function storageFolder(context: vscode.ExtensionContext): string {
  return context.storageUri ? sharedStorageFolder(context.storageUri.fsPath) : context.globalStorageUri.fsPath;
}
