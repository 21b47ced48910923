// A second window on a workspace is given VS Code's numbered alternative of the workspace's storage
// folder; its chats must still go where the first window's are.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { sharedStorageFolder } from '../../../src/host/sharedStorageFolder';
import { tempDir } from '../store/storeHarness';

describe('sharedStorageFolder', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const ext = 'gemini-chat.gemini-chat';
  const folder = (...parts: string[]): string => {
    const p = path.join(dir, ...parts);
    mkdirSync(p, { recursive: true });
    return p;
  };

  it('maps the alternative folder of a second window to the workspace\'s own (code-server ids)', () => {
    folder('-3614f22b');
    assert.equal(sharedStorageFolder(path.join(folder('-3614f22b-1'), ext)), path.join(dir, '-3614f22b', ext));
    assert.equal(sharedStorageFolder(path.join(folder('-3614f22b-2'), ext)), path.join(dir, '-3614f22b', ext));
  });

  it('maps it for desktop ids (hex hashes) too', () => {
    const id = '0f3c9a1b2d4e5f60718293a4b5c6d7e8';
    folder(id);
    assert.equal(sharedStorageFolder(path.join(folder(`${id}-3`), ext)), path.join(dir, id, ext));
  });

  it('leaves the workspace\'s own folder as it is, whatever its id looks like', () => {
    for (const id of ['-3614f22b', '-12345678', '0f3c9a1b2d4e5f60718293a4b5c6d7e8']) {
      const own = path.join(folder(id), ext);
      assert.equal(sharedStorageFolder(own), own);
    }
  });

  it('leaves a folder whose name only looks numbered when there is no folder it would be an alternative of', () => {
    const lone = path.join(folder('my-workspace-1'), ext);
    assert.equal(sharedStorageFolder(lone), lone);
  });
});
