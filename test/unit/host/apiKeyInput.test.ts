// The Set API Key input box checks what is pasted before it is saved: a key copied with a character a
// request header cannot carry is refused, saying which; an unusual visible one is only warned about.
import '../hostile/support/installVscodeStub';
import { strict as assert } from 'node:assert';
import { validateApiKeyInput } from '../../../src/host/credentials';

const KEY = 'AIzaSyTestKey0000000000000000000000000';

describe('Set API Key: what the input box says', () => {
  it('a key as Google AI Studio gives it: nothing', () => {
    assert.equal(validateApiKeyInput(KEY), undefined);
    assert.equal(validateApiKeyInput(`  ${KEY}\n`), undefined, 'spaces and a line end around it are dropped when saved');
  });

  it('a key copied with curly quotes or an invisible character: refused, naming the character and where it is', () => {
    assert.equal(validateApiKeyInput(`“${KEY}”`), 'This has the character “ (U+201C) at position 1, which no API key has (it came with the key when it was copied). Paste the key alone.');
    assert.equal(validateApiKeyInput(`${KEY}\u200b`), 'This has an invisible character (U+200B) at position 39, which no API key has (it came with the key when it was copied). Paste the key alone.');
    assert.equal(validateApiKeyInput(`AIza\u2060${KEY.slice(4)}`), 'This has an invisible character (U+2060) at position 5, which no API key has (it came with the key when it was copied). Paste the key alone.');
  });

  it('a key in straight quotes: a warning that it can still be saved', () => {
    assert.deepEqual(validateApiKeyInput(`"${KEY}"`), {
      message: 'Gemini API keys have only letters, digits, "-" and "_"; this has the character " (U+0022) at position 1. Press Enter to save it anyway.',
      severity: 2,
    });
  });
});
