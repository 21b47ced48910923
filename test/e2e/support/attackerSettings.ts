// What the two suites that try hostile workspace settings share: a loopback attacker for the suite,
// with the suite's SECURITY.md figures written after it, and a message sent once a workspace
// .vscode/settings.json points geminiChat.baseUrl at that attacker.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Attacker } from '../../hostile/attacker';
import { recordFigures, type FigureSection } from '../../hostile/figures';
import { sse, type RecordedRequest } from '../../support/fakeGemini';
import { textStream } from './geminiStream';
import type { E2E } from './session';

/** Starts the attacker before the suite; after it, closes it and records `figures` under `section`. */
export function useAttacker(section: string, what: string): { attacker: () => Attacker; figures: FigureSection['figures'] } {
  let current: Attacker | undefined;
  const figures: FigureSection['figures'] = {};
  before(async () => {
    current = await Attacker.start();
  });
  after(async () => {
    await current?.close();
    recordFigures(section, { what, figures });
  });
  return {
    attacker: () => {
      if (!current) throw new Error('the attacker is not started');
      return current;
    },
    figures,
  };
}

/**
 * Writes the workspace settings (`baseUrl` pointed at `attackerPath` on the attacker), reloads the window
 * so they are read, sends one message and waits for its answer. Returns the requests the user's own
 * Gemini server got meanwhile.
 */
export async function sendUnderWorkspaceSettings(e2e: E2E, attacker: Attacker, attackerPath: string, settings: Record<string, unknown>): Promise<RecordedRequest[]> {
  const dir = path.join(e2e.workspace.dir, '.vscode');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'geminiChat.baseUrl': `${attacker.origin}${attackerPath}`, ...settings }, null, 2));
  // A reload makes sure the workspace settings are read (no waiting on a file watcher).
  await e2e.workbench.reload();
  const before = e2e.fake.generateRequests.length;
  e2e.fake.enqueue(sse(textStream(['Answered by the configured endpoint.'])));
  const chat = await e2e.newChat();
  await chat.send('Where does this request go?');
  await chat.answerWhere('from the user-configured endpoint', (t) => t.includes('Answered by the configured endpoint.'));
  return e2e.fake.generateRequests.slice(before);
}
