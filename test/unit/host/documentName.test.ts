// The Output panel's channels are called by their names in Ask About Selection's chip, not by the
// internal names VS Code gives their documents.
import '../hostile/support/installVscodeStub';
import { strict as assert } from 'node:assert';
import { outputChannelName } from '../../../src/host/editorContext/documentName';

describe('outputChannelName', () => {
  const ids = ['gemini-chat.gemini-chat', 'vscode.git', 'vscode.git-base', 'ms-python.python'];

  it('takes the channel from the log-file name (publisher.name.Channel.log)', () => {
    assert.equal(outputChannelName('gemini-chat.gemini-chat.Gemini Chat.log', ids), 'Gemini Chat');
    assert.equal(outputChannelName('ms-python.python.Python Language Server.log', ids), 'Python Language Server');
  });

  it('prefers the longest extension id that prefixes it', () => {
    assert.equal(outputChannelName('vscode.git-base.Git Base.log', ids), 'Git Base');
    assert.equal(outputChannelName('vscode.git.Git.log', ids), 'Git');
  });

  it('reads the older extension-output-<id>-#<n>-<Channel> form', () => {
    assert.equal(outputChannelName('extension-output-gemini-chat.gemini-chat-#1-Gemini Chat', ids), 'Gemini Chat');
  });

  it("keeps a name it cannot place (VS Code's own channels)", () => {
    assert.equal(outputChannelName('tasks', ids), 'tasks');
    assert.equal(outputChannelName('Extension Host.log', ids), 'Extension Host');
  });
});
