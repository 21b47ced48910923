import assert from 'node:assert/strict';
import { asTyped } from '../../../src/host/pickText';

describe('text from a chat in a quick pick', () => {
  it('escapes each icon name, so the picker shows it as typed', () => {
    assert.equal(asTyped('echo $(pwd) and $(git-branch~spin)'), 'echo \\$(pwd) and \\$(git-branch~spin)');
  });

  it('leaves alone a "$(" that names no icon, which the picker shows as it is', () => {
    for (const text of ['$(git rev-parse HEAD)', 'cost $(', '$()', 'a $ (b)']) assert.equal(asTyped(text), text);
  });
});
