import { strict as assert } from 'node:assert';
import { MissingCredentialsError, NetworkError } from '../../../src/core';
import { createApiError } from '../../../src/core/errors';
import { errorViewOf } from '../../../src/host/chat/errorView';

describe('errorViewOf', () => {
  const refused = new NetworkError('Could not reach 127.0.0.1:9: the connection was refused.', { code: 'ECONNREFUSED' });

  it('a server that cannot be reached: the reason once, and what to check', () => {
    assert.deepEqual(errorViewOf(refused), {
      message: 'Could not reach 127.0.0.1:9: the connection was refused. Check your network and proxy settings.',
      action: 'retry',
    });
  });

  it('a key that cannot be sent (or none) offers Set API Key', () => {
    const err = new MissingCredentialsError('The API key has an invisible character (U+200B) at position 40, which no API key has (it came with the key when it was copied). Set the key again.');
    assert.deepEqual(errorViewOf(err), { message: err.message, action: 'setApiKey' });
  });

  it('with geminiChat.baseUrl set, it names that setting first', () => {
    assert.equal(
      errorViewOf(refused, 'gemini', 'http://127.0.0.1:9').message,
      'Could not reach 127.0.0.1:9: the connection was refused. Check the geminiChat.baseUrl setting (http://127.0.0.1:9), then your network and proxy settings.',
    );
  });

  describe('a request Gemini refused (400) says what to change, from what its message names', () => {
    const refusal = (message: string, apiStatus = 'INVALID_ARGUMENT') => errorViewOf(createApiError({ status: 400, message, apiStatus }));

    it('a chat too long for the model: shorten, remove a file, rewind or start anew; no settings to open', () => {
      for (const message of [
        'The input token count (1245810) exceeds the maximum number of tokens allowed (1048576).',
        'Request payload size exceeds the limit: 20971520 bytes.',
      ]) {
        const view = refusal(message);
        assert.equal(
          view.message,
          `${message} The message, its files and the chat before it are more than Gemini takes in one request: shorten the message or remove a large file, or in a long chat rewind it (Rewind to here) or start a New Chat.`,
        );
        assert.equal(view.action, undefined, message);
      }
    });

    it('a setting named: which one where it can be told, Open Settings, and a changed setting needs a New Chat', () => {
      const named: [string, string][] = [
        ['Budget 0 is invalid. This model only works in thinking mode.', ' (geminiChat.thinking.budget)'],
        ['* GenerateContentRequest.generation_config.temperature: must be between 0 and 2', ' (geminiChat.temperature)'],
        ['Developer instruction is not enabled for models/gemma-3-27b-it', ' (geminiChat.systemInstruction)'],
        ['Search Grounding is not supported.', ' (geminiChat.tools.googleSearch)'],
        ['Function calling is not enabled for models/gemini-x', ''],
      ];
      for (const [message, setting] of named) {
        const view = refusal(message);
        assert.equal(view.message, `${message} A setting is the likely cause${setting}: change it, then run Gemini Chat: Use Current Settings in This Chat (a chat keeps the settings it started with).`);
        assert.equal(view.action, 'openSettings', message);
      }
      assert.match(refusal('This research paper could not be read.').message, / If a setting is the cause: /, '"research" is not Google Search');
    });

    it('the message or its file named: change it; no settings to open', () => {
      for (const message of ['Unable to process input image. Please retry or report in the troubleshooting guide.', 'Unsupported MIME type: application/x-thing', 'The document has no pages.']) {
        const view = refusal(message);
        assert.equal(view.message, `${message} The message or a file it carries is the likely cause: change it and send it again.`);
        assert.equal(view.action, undefined, message);
      }
    });

    it('a precondition (the API not offered where the user is): its own words only', () => {
      assert.deepEqual(refusal('User location is not supported for the API use.', 'FAILED_PRECONDITION'), {
        message: 'User location is not supported for the API use.',
        status: 400,
      });
    });

    it('anything else: the hint is only a possibility, with the settings at hand', () => {
      const view = refusal('Request contains an invalid argument.');
      assert.equal(view.message, 'Request contains an invalid argument. If a setting is the cause: change it, then run Gemini Chat: Use Current Settings in This Chat (a chat keeps the settings it started with).');
      assert.equal(view.action, 'openSettings');
    });
  });
});
