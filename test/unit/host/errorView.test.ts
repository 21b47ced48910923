import { strict as assert } from 'node:assert';
import { NetworkError } from '../../../src/core';
import { errorViewOf } from '../../../src/host/chat/errorView';

describe('errorViewOf', () => {
  const refused = new NetworkError('Could not reach 127.0.0.1:9: the connection was refused.', { code: 'ECONNREFUSED' });

  it('a server that cannot be reached: the reason once, and what to check', () => {
    assert.deepEqual(errorViewOf(refused), {
      message: 'Could not reach 127.0.0.1:9: the connection was refused. Check your network and proxy settings.',
      action: 'retry',
    });
  });

  it('with geminiChat.baseUrl set, it names that setting first', () => {
    assert.equal(
      errorViewOf(refused, 'gemini', 'http://127.0.0.1:9').message,
      'Could not reach 127.0.0.1:9: the connection was refused. Check the geminiChat.baseUrl setting (http://127.0.0.1:9), then your network and proxy settings.',
    );
  });
});
