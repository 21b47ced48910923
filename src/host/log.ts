// The "Gemini Chat" log (Output panel, Show Logs). What goes in: events, ids, statuses and error
// messages; never API keys or message content.
import * as vscode from 'vscode';
import type { ControllerLog } from './chat/chatController';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Gemini Chat', { log: true });
}

/** Defence in depth: anything shaped like a Google API key is masked before it is logged. */
export function redact(message: string): string {
  return message.replace(/AIza[0-9A-Za-z_-]{20,}/g, 'AIza…').replace(/([?&]key=)[^&\s]+/gi, '$1…');
}

export function controllerLog(channel: vscode.LogOutputChannel): ControllerLog {
  return {
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
  };
}
