import assert from 'node:assert/strict';
import { redact } from '../../../src/host/redact';

describe('log redaction', () => {
  it('masks API keys and key= parameters, and leaves other text alone', () => {
    const key = 'AIzaSyD-abcdefghijklmnopqrstuvwxyz0123';
    const line = redact(`request to https://x/models?key=${key}&alt=sse failed with ${key}`);
    assert.ok(!line.includes(key.slice(4)), line);
    assert.match(line, /\?key=…&alt=sse/);
    assert.equal(redact('turn 1234: complete (429)'), 'turn 1234: complete (429)');
  });
});
