// The settings as VS Code has them now, read with the workspace-trust rules of settingsReader.ts.
import * as vscode from 'vscode';
import type { ChatSettings } from './settingsModel';
import { proxySettingsFrom, settingsFrom, type ProxySettings } from './settingsReader';

export const SECTION = 'geminiChat';
export type { ProxySettings };

export function readSettings(trusted = vscode.workspace.isTrusted): ChatSettings {
  return settingsFrom(vscode.workspace.getConfiguration(SECTION), trusted);
}

export function readProxySettings(trusted = vscode.workspace.isTrusted): ProxySettings {
  return proxySettingsFrom(vscode.workspace.getConfiguration('http'), trusted);
}

/** True when a configuration change can change which client (endpoint, proxy, credentials) to use. */
export function affectsClient(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION) || e.affectsConfiguration('http');
}
