// The "Gemini Chat" log (Output panel, Show Logs). What goes in: events, ids, statuses and error
// messages; never API keys or message content.
import * as vscode from 'vscode';
import type { ControllerLog } from './chat/chatController';
import { redact } from './redact';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Gemini Chat', { log: true });
}

export function controllerLog(channel: vscode.LogOutputChannel): ControllerLog {
  return {
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
  };
}
