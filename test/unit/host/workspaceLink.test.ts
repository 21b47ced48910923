import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findWorkspaceFile, parseWorkspaceLink } from '../../../src/host/workspaceLink';

describe('a link in an answer to a file of the workspace', () => {
  it('is a path with maybe its lines; a scheme, a host, a bare fragment or a control character is not one', () => {
    assert.deepEqual(parseWorkspaceLink('src/cart.ts'), { path: 'src/cart.ts' });
    assert.deepEqual(parseWorkspaceLink('./src/cart.ts#L12'), { path: './src/cart.ts', lines: { start: 12, end: 12 } });
    assert.deepEqual(parseWorkspaceLink('/src/cart.ts#L3-L5'), { path: '/src/cart.ts', lines: { start: 3, end: 5 } });
    assert.deepEqual(parseWorkspaceLink('src/my%20notes.md#L9-4'), { path: 'src/my notes.md', lines: { start: 9, end: 9 } });
    assert.deepEqual(parseWorkspaceLink('src/cart.ts?plain=1#intro'), { path: 'src/cart.ts' });
    assert.deepEqual(parseWorkspaceLink('src/cart.ts:7'), { path: 'src/cart.ts', lines: { start: 7, end: 7 } });
    assert.deepEqual(parseWorkspaceLink('src/cart.ts:7:15'), { path: 'src/cart.ts', lines: { start: 7, end: 7 } });
    for (const href of ['https://example.com/a.ts', 'file:///etc/passwd', 'command:x', 'javascript:alert(1)', '//example.com/a', '#intro', 'a%00b', 'a b', '%E0%A4%A']) {
      assert.equal(parseWorkspaceLink(href), undefined, href);
    }
  });

  describe('found in the workspace folders', () => {
    let root: string;
    let one: string;
    let two: string;
    before(() => {
      root = mkdtempSync(path.join(tmpdir(), 'workspace-link-'));
      one = path.join(root, 'one');
      two = path.join(root, 'two');
      mkdirSync(path.join(one, 'src'), { recursive: true });
      mkdirSync(two);
      writeFileSync(path.join(one, 'src', 'cart.ts'), 'x');
      writeFileSync(path.join(two, 'notes.md'), 'x');
      writeFileSync(path.join(root, 'outside.txt'), 'x');
    });
    after(() => rmSync(root, { recursive: true, force: true }));
    const find = async (p: string) => {
      const found = await findWorkspaceFile({ path: p }, [one, two]);
      return found && !found.folder ? found.path : found;
    };

    it('relative to a folder, from its top, or absolute inside one; in the first folder that has it', async () => {
      assert.equal(await find('src/cart.ts'), path.join(one, 'src', 'cart.ts'));
      assert.equal(await find('./src/cart.ts'), path.join(one, 'src', 'cart.ts'));
      assert.equal(await find('/src/cart.ts'), path.join(one, 'src', 'cart.ts'));
      assert.equal(await find(path.join(two, 'notes.md')), path.join(two, 'notes.md'));
      assert.equal(await find('notes.md'), path.join(two, 'notes.md'));
    });

    it('never out of the folders, never a file that is not there; a folder is told apart', async () => {
      assert.equal(await find('../outside.txt'), undefined);
      assert.equal(await find('src/../../outside.txt'), undefined);
      assert.equal(await find(path.join(root, 'outside.txt')), undefined);
      assert.deepEqual(await find('src'), { path: path.join(one, 'src'), folder: true }, 'a folder, said to be one');
      assert.equal(await find('src/nope.ts'), undefined);
    });
  });
});
