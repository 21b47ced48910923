import assert from 'node:assert/strict';
import { LIMITS, parseInbound } from '../../../src/host/inboundMessages';
import { isOpenableLink } from '../../../src/host/openableLink';

describe('messages from the webview', () => {
  it('accepts each well-formed message as is', () => {
    const good = [
      { type: 'webview/ready' },
      { type: 'prompt/send', text: 'hello', at: 1_000 },
      { type: 'composer/draft', chatId: 'c1', text: 'half a thought', at: 1_763_870_000_000 },
      { type: 'turn/candidate', exchangeId: 'e1', index: 1 },
      { type: 'attachment/bytes', name: 'a.png', mimeType: 'image/png', base64: 'iVBORw0KGgo=' },
      { type: 'attachment/uris', uris: ['file:///w/a.ts'] },
      { type: 'action/run', action: 'setApiKey' },
    ];
    for (const m of good) assert.deepEqual(parseInbound(m), { ok: true, message: m });
  });

  it('refuses unknown types, missing or extra fields, wrong types and oversize values', () => {
    const bad: unknown[] = [
      null,
      'prompt/send',
      [],
      { type: 'fs/read', path: '/etc/passwd' },
      { type: 'constructor' },
      { type: '__proto__' },
      { type: 'prompt/send' },
      { type: 'prompt/send', text: 42 },
      { type: 'prompt/send', text: 'x' },
      { type: 'prompt/send', text: 'x', at: -1 },
      { type: 'prompt/send', text: 'x', at: 1, command: 'workbench.action.terminal.new' },
      { type: 'prompt/send', at: 1, text: 'x'.repeat(LIMITS.text + 1) },
      { type: 'turn/candidate', exchangeId: 'e1', index: -1 },
      { type: 'turn/candidate', exchangeId: 'e1', index: 1.5 },
      { type: 'turn/rewind', exchangeId: '' },
      { type: 'composer/draft', chatId: 'c1', text: 'x', at: Number.NaN },
      { type: 'composer/draft', chatId: 'c1', text: 'x', at: -1 },
      { type: 'composer/draft', chatId: 'c1', text: 'x'.repeat(LIMITS.draft + 1), at: 1 },
      { type: 'action/run', action: 'runCommand' },
      { type: 'attachment/bytes', name: 'a', mimeType: 'text/html"><script>', base64: 'AA==' },
      { type: 'attachment/bytes', name: 'a', mimeType: 'image/png', base64: 'not base64!' },
      { type: 'attachment/uris', uris: [] },
      { type: 'attachment/uris', uris: Array.from({ length: LIMITS.uris + 1 }, () => 'file:///a') },
    ];
    for (const m of bad) {
      const result = parseInbound(m);
      assert.equal(result.ok, false, `accepted ${JSON.stringify(m)?.slice(0, 80)}`);
      if (!result.ok) assert.ok(result.reason.length > 0);
    }
  });

  it('opens only web and mail links', () => {
    assert.equal(isOpenableLink('https://ai.google.dev/docs'), true);
    assert.equal(isOpenableLink('mailto:someone@example.com'), true);
    for (const href of ['command:workbench.action.terminal.new', 'javascript:alert(1)', 'file:///etc/passwd', 'vscode://settings', 'data:text/html,x', 'not a url']) {
      assert.equal(isOpenableLink(href), false, href);
    }
  });
});
