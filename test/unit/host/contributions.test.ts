// extension.ts registers a shell for every command and view listed in contributions.ts at activation;
// a command contributed in package.json but missing there would be "not found" until the host loads.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHAT_VIEW_ID, CONTEXT_KEYS, CONTRIBUTED_COMMANDS } from '../../../src/host/contributions';

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('contributions registered at activation', () => {
  it('lists exactly the commands package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...CONTRIBUTED_COMMANDS].sort(), contributed);
  });

  it('sets every context key of its own that package.json reads', () => {
    const read = new Set(JSON.stringify(manifest.contributes).match(/geminiChat\.(?:busy|has\w+)/g));
    assert.deepEqual([...read].sort(), Object.values(CONTEXT_KEYS).sort());
  });

  it('names the one view package.json contributes', () => {
    assert.deepEqual(Object.values(manifest.contributes.views).flat().map((v) => v.id), [CHAT_VIEW_ID]);
  });
});
