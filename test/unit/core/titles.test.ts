import assert from 'node:assert/strict';
import { importedTitle } from '../../../src/core/titles';

describe('the title of an imported chat', () => {
  it('is its own unless a chat is listed under it; then marked imported, and numbered from the second time', () => {
    assert.equal(importedTitle('Hi from the SDK', new Set(['Other'])), 'Hi from the SDK');
    assert.equal(importedTitle('Hi from the SDK', new Set(['Hi from the SDK'])), 'Hi from the SDK (imported)');
    assert.equal(importedTitle('Hi from the SDK', new Set(['Hi from the SDK', 'Hi from the SDK (imported)'])), 'Hi from the SDK (imported 2)');
    assert.equal(importedTitle('Hi from the SDK', new Set(['Hi from the SDK', 'Hi from the SDK (imported)', 'Hi from the SDK (imported 2)'])), 'Hi from the SDK (imported 3)');
  });

  it('imported again (an export of an imported chat) is numbered on, not marked twice', () => {
    const taken = new Set(['Hi', 'Hi (imported)']);
    assert.equal(importedTitle('Hi (imported)', taken), 'Hi (imported 2)');
    assert.equal(importedTitle('Hi (imported 2)', new Set([...taken, 'Hi (imported 2)'])), 'Hi (imported 3)');
    assert.equal(importedTitle('Hi (imported)', new Set(['Other'])), 'Hi (imported)', 'its own title when free');
  });
});
