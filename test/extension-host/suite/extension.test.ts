// The extension as VS Code sees it: it activates, registers every command it contributes, reads its
// settings' defaults, and its chat view opens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gemini-chat.gemini-chat';

interface Contributes {
  commands?: { command: string; title: string }[];
  configuration?: { properties?: Record<string, { default?: unknown }> } | { properties?: Record<string, { default?: unknown }> }[];
  views?: Record<string, { id: string; type?: string }[]>;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

function contributes(): Contributes {
  return (extension().packageJSON as { contributes?: Contributes }).contributes ?? {};
}

function settingDefaults(): [string, unknown][] {
  const conf = contributes().configuration;
  const sections = Array.isArray(conf) ? conf : conf ? [conf] : [];
  return sections.flatMap((s) => Object.entries(s.properties ?? {})).map(([key, p]) => [key, p.default]);
}

describe('Gemini Chat in the extension host', () => {
  it('activates without error', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command it contributes (and the ones the README promises)', async () => {
    await extension().activate();
    const contributed = (contributes().commands ?? []).map((c) => c.command);
    for (const id of ['geminiChat.open', 'geminiChat.newChat', 'geminiChat.setApiKey', 'geminiChat.stop']) {
      assert.ok(contributed.includes(id), `package.json contributes ${id}`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'every contributed command is registered');
  });

  it('reads each setting\'s default as declared', async () => {
    const defaults = settingDefaults();
    assert.ok(defaults.some(([key]) => key === 'geminiChat.model'), 'contributes geminiChat.model');
    assert.ok(defaults.some(([key]) => key === 'geminiChat.baseUrl'), 'contributes geminiChat.baseUrl');
    for (const [key, declared] of defaults) {
      const inspected = vscode.workspace.getConfiguration().inspect(key);
      assert.deepEqual(inspected?.defaultValue, declared, `default of ${key}`);
    }
    assert.equal(typeof vscode.workspace.getConfiguration('geminiChat').get('model'), 'string');
  });

  it('contributes the chat webview view and opens it', async () => {
    const views = Object.values(contributes().views ?? {}).flat();
    assert.ok(views.some((v) => v.id === 'geminiChat.chatView' && v.type === 'webview'), 'a webview view geminiChat.chatView');
    await vscode.commands.executeCommand('geminiChat.open');
    // VS Code generates `<view>.focus` for every registered view; it resolves once the view is shown.
    await vscode.commands.executeCommand('geminiChat.chatView.focus');
    assert.equal(extension().isActive, true);
  });
});
