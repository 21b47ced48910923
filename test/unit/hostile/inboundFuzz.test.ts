// Issue 7, "Messages to the host that are malformed or hostile (fuzzed) are refused": random and
// adversarial messages go through the host's real receiving path (ChatViewProvider → parseInbound →
// the webview handler table → ChatController, chat commands and the file attacher), on a real chat
// store in a temp folder and the real engine against the loopback Gemini server. Only the 'vscode'
// module is a recording stand-in. Checked after every message: nothing threw out of the provider, a
// refused message had no effect at all, an accepted one only the effects its type allows (never a
// command other than the two the view's own buttons run, never a non-web link); and at the end, no
// file outside the extension's storage was written or removed, and the chat still works.
import './support/installVscodeStub';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { ChatViewProvider } from '../../../src/host/chatViewProvider';
import { createWebviewHandlers } from '../../../src/host/webviewHandlers';
import { FileAttacher } from '../../../src/host/editorContext/fileAttacher';
import { parseInbound, LIMITS } from '../../../src/host/inboundMessages';
import type { HostRuntime } from '../../../src/host/hostRuntime';
import type { HostServices } from '../../../src/host/services';
import type { WebviewToHost } from '../../../src/shared/protocol';
import { FakeGemini, sse, json } from '../../support/fakeGemini';
import { harness, textChunk, type Harness } from '../host/controllerHarness';
import { tempDir } from '../store/storeHarness';
import { effects, Uri, workspaceFolders, type Effect } from './support/vscodeStub';
import { resolveFakeView } from './support/fakeWebviewView';
import { snapshotTree, treeChanges } from '../../hostile/fileTree';
import { recordFigures } from '../../hostile/figures';

const TYPES: WebviewToHost['type'][] = [
  'webview/ready', 'snapshot/request', 'prompt/send', 'prompt/stop', 'attachment/pick', 'attachment/remove',
  'attachment/open', 'attachment/bytes', 'attachment/uris', 'turn/retry', 'turn/regenerate', 'turn/rewind', 'turn/edit',
  'turn/candidate', 'edit/cancel', 'chat/new', 'chat/switch', 'chat/rename', 'chat/delete', 'link/open',
  'code/copy', 'code/insert', 'action/run',
];
/** The commands the view's own buttons may run (Open Settings, Show Logs), through `action/run` only. */
const BUTTON_COMMANDS = new Set(['workbench.action.openSettings', 'geminiChat.showLogs']);
const WEB_LINK = /^(?:https?|mailto):/i;

interface Sandbox {
  root: string;
  storage: string;
  workspace: string;
  outside: string;
}

/** Strings an attacker would put in ids, paths, links and names. */
function hostileStrings(sandbox: Sandbox): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      '../../outside/canary',
      '..%2F..%2Foutside%2Fcanary',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      `file://${sandbox.outside}/canary.txt`,
      `file://${sandbox.workspace}/../outside/canary.txt`,
      `file://${sandbox.storage}/chats`,
      'command:workbench.action.terminal.new',
      'command:vscode.open?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vscode://settings',
      'vscode-webview://x',
      'https://example.com/ok',
      'mailto:a@example.com',
      '__proto__',
      'constructor',
      'prototype',
      '',
      ' ',
      '\u0000',
      'x'.repeat(LIMITS.id + 1),
    ),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );
}

/** A message of a real type whose fields are drawn from hostile values (often still well-formed). */
function nearlyValid(sandbox: Sandbox): fc.Arbitrary<unknown> {
  const s = hostileStrings(sandbox);
  const value = fc.oneof(s, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(s, { maxLength: 3 }), fc.object({ maxDepth: 1 }));
  return fc.record(
    {
      type: fc.constantFrom(...TYPES),
      text: fc.oneof(s, value),
      id: s,
      exchangeId: s,
      chatId: s,
      href: s,
      code: s,
      name: s,
      mimeType: fc.oneof(fc.constantFrom('image/png', 'text/plain', 'text/html"><x>'), s),
      base64: fc.oneof(fc.constantFrom('iVBORw0KGgo=', 'AA==', ''), fc.base64String({ maxLength: 40 })),
      uris: fc.oneof(fc.array(s, { minLength: 1, maxLength: 4 }), value),
      index: fc.oneof(fc.integer({ min: -2, max: 9 }), value),
      action: fc.oneof(fc.constantFrom('retry', 'setApiKey', 'selectModel', 'openSettings', 'showLogs', 'runCommand'), s),
      extra: value,
    },
    { requiredKeys: ['type'] },
  );
}

/** A message of the exact shape of its type, every string field drawn from hostile values. */
function wellShaped(sandbox: Sandbox): fc.Arbitrary<unknown> {
  const s = hostileStrings(sandbox);
  const bare = (type: WebviewToHost['type']) => fc.constant({ type });
  return fc.oneof(
    ...(['webview/ready', 'snapshot/request', 'prompt/stop', 'attachment/pick', 'edit/cancel', 'chat/new'] as const).map(bare),
    fc.record({ type: fc.constant('prompt/send'), text: s, at: fc.nat() }),
    fc.record({ type: fc.constant('attachment/remove'), id: s }),
    fc.record({ type: fc.constant('attachment/open'), id: s, exchangeId: s }, { requiredKeys: ['type', 'id'] }),
    fc.record({ type: fc.constant('attachment/bytes'), name: s, mimeType: fc.constantFrom('image/png', 'text/plain', 'application/octet-stream', ''), base64: fc.base64String({ maxLength: 40 }) }),
    fc.record({ type: fc.constant('attachment/uris'), uris: fc.array(s, { minLength: 1, maxLength: 4 }) }),
    ...(['turn/retry', 'turn/regenerate', 'turn/rewind', 'turn/edit'] as const).map((type) => fc.record({ type: fc.constant(type), exchangeId: s })),
    fc.record({ type: fc.constant('turn/candidate'), exchangeId: s, index: fc.integer({ min: 0, max: 7 }) }),
    ...(['chat/switch', 'chat/rename', 'chat/delete'] as const).map((type) => fc.record({ type: fc.constant(type), chatId: s })),
    fc.record({ type: fc.constant('link/open'), href: s }),
    fc.record({ type: fc.constantFrom('code/copy', 'code/insert'), code: s }),
    fc.record({ type: fc.constant('action/run'), action: fc.constantFrom('retry', 'setApiKey', 'selectModel', 'openSettings', 'showLogs') }),
  );
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Effects a message of this (accepted) type may have (a link may open a file of the workspace). */
function allowed(message: WebviewToHost, effect: Effect, workspace: string): boolean {
  switch (effect.kind) {
    case 'prompt':
      return true; // a question to the user acts on nothing; the stand-in dismisses it
    case 'command':
      if (message.type === 'link/open') return effect.detail.startsWith('vscode.open ') && isInside(workspace, effect.detail.slice('vscode.open '.length));
      return message.type === 'action/run' && BUTTON_COMMANDS.has(effect.detail);
    case 'openExternal':
      return message.type === 'link/open' && WEB_LINK.test(effect.detail);
    case 'clipboard':
      return message.type === 'code/copy';
    default:
      return false;
  }
}

describe('hostile: fuzzed messages from the webview', function () {
  this.timeout(120_000);
  let fake: FakeGemini;
  let cleanup: () => void;
  let sandbox: Sandbox;
  let h: Harness;
  let deliver: (raw: unknown) => void;
  const logged: { level: string; message: string }[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    fake = await FakeGemini.start();
    fake.route((r) => /:streamGenerateContent/.test(r.url), sse([textChunk('ok', 'STOP')]));
    fake.route((r) => r.method === 'GET', json({ models: [] }));
    let root: string;
    ({ dir: root, cleanup } = tempDir());
    sandbox = { root, storage: path.join(root, 'storage'), workspace: path.join(root, 'workspace'), outside: path.join(root, 'outside') };
    for (const d of [sandbox.storage, sandbox.workspace, sandbox.outside]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(sandbox.outside, 'canary.txt'), 'outside the workspace and the storage');
    writeFileSync(path.join(sandbox.workspace, 'main.ts'), 'export const x = 1;\n');
    workspaceFolders.splice(0, workspaceFolders.length, { name: 'workspace', uri: Uri.file(sandbox.workspace), index: 0 });

    h = harness(fake, sandbox.storage);
    await h.controller.init();
    const log = {
      info: (m: string) => logged.push({ level: 'info', message: m }),
      warn: (m: string) => logged.push({ level: 'warn', message: m }),
      error: (m: string) => logged.push({ level: 'error', message: m }),
      show: () => undefined,
    };
    const services = {
      log,
      store: h.store,
      composer: h.controller,
      config: { current: () => h.settings, isTrusted: () => true },
      view: { notify: (level: 'info' | 'warning' | 'error', m: string) => h.controller.notice(level, m), reveal: () => Promise.resolve() },
    } as unknown as HostServices;
    const runtime = {
      controller: h.controller,
      store: h.store,
      ready: Promise.resolve(),
      log,
      attachmentSource: new FileAttacher(services),
      clients: { get: () => Promise.resolve(h.client) },
      view: { reveal: () => Promise.resolve() },
    } as unknown as HostRuntime;
    const provider = new ChatViewProvider(Uri.file(sandbox.root) as never, Uri.file(sandbox.root) as never, createWebviewHandlers(runtime), log as never);
    deliver = resolveFakeView(provider);
    // A real conversation to act on, so ids can hit something.
    await h.controller.send('a first question');
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await h.controller.dispose();
    await fake.close();
    cleanup();
  });

  /** Delivers one message and waits until whatever it started has settled. */
  async function send(raw: unknown): Promise<{ accepted: WebviewToHost | undefined; effects: Effect[] }> {
    const before = effects.length;
    const verdict = parseInbound(raw);
    assert.doesNotThrow(() => deliver(raw));
    // Settled when nothing new has happened for a few timer turns (file checks and prompts are async).
    for (let quiet = 0, seen = -1; quiet < 3; ) {
      await new Promise((r) => setTimeout(r, 2));
      await h.controller.idle();
      const now = effects.length + h.posts.length + logged.length;
      quiet = now === seen ? quiet + 1 : 0;
      seen = now;
    }
    return { accepted: verdict.ok ? verdict.message : undefined, effects: effects.slice(before) };
  }

  it('refuses what is malformed, allows only what each accepted type may do, touches no file outside storage', async () => {
    const outsideStorage = (): Map<string, string> =>
      new Map([...snapshotTree(sandbox.root)].filter(([p]) => !p.startsWith(`storage${path.sep}`)));
    const before = outsideStorage();
    let tried = 0;
    let refused = 0;
    let accepted = 0;
    const refusedWithEffect: string[] = [];
    const forbidden: string[] = [];

    const check = async (raw: unknown): Promise<void> => {
      tried++;
      const result = await send(raw);
      if (!result.accepted) {
        refused++;
        if (result.effects.length > 0) refusedWithEffect.push(`${JSON.stringify(raw)?.slice(0, 120) ?? String(raw)} → ${result.effects.map((e) => `${e.kind} ${e.detail}`).join(", ")}`);
        return;
      }
      accepted++;
      for (const e of result.effects) if (!allowed(result.accepted, e, sandbox.workspace)) forbidden.push(`${result.accepted.type} → ${e.kind} ${e.detail}`);
    };

    // Hand-picked: each names a path, a command or a prototype key.
    const targeted: unknown[] = [
      { type: 'chat/delete', chatId: '../../outside/canary' },
      { type: 'chat/switch', chatId: '../storage/chats/x' },
      { type: 'chat/rename', chatId: '..' },
      { type: 'turn/rewind', exchangeId: '__proto__' },
      { type: 'attachment/uris', uris: [`file://${sandbox.outside}/canary.txt`, '/etc/passwd', 'command:workbench.action.terminal.new'] },
      { type: 'attachment/uris', uris: [`file://${sandbox.workspace}/../outside/canary.txt`] },
      { type: 'attachment/bytes', name: '../../outside/canary.txt', mimeType: 'text/plain', base64: 'aGk=' },
      { type: 'link/open', href: 'command:workbench.action.terminal.new' },
      { type: 'link/open', href: 'file:///etc/passwd' },
      { type: 'link/open', href: 'javascript:alert(1)' },
      { type: 'link/open', href: 'vscode://settings' },
      { type: 'link/open', href: 'main.ts#L1' },
      { type: 'link/open', href: '../outside/canary.txt' },
      { type: 'link/open', href: '/../outside/canary.txt' },
      { type: 'link/open', href: 'main.ts/../../outside/canary.txt' },
      { type: 'link/open', href: '..%2Foutside%2Fcanary.txt' },
      { type: 'link/open', href: `${sandbox.outside}/canary.txt` },
      { type: 'action/run', action: 'workbench.action.terminal.new' },
      { type: 'prompt/send', text: 'x', command: 'workbench.action.terminal.new' },
      JSON.parse('{"type":"prompt/send","text":"x","__proto__":{"polluted":true}}'),
      { type: 'code/insert', code: 'rm -rf /' },
      { type: 'webview/ready', then: 'workbench.action.terminal.new' },
    ];
    for (const m of targeted) await check(m);

    await fc.assert(fc.asyncProperty(fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 3 }), async (raw) => void (await check(raw))), { numRuns: 300, seed: 7 });
    await fc.assert(fc.asyncProperty(nearlyValid(sandbox), async (raw) => void (await check(raw))), { numRuns: 600, seed: 11 });
    await fc.assert(fc.asyncProperty(wellShaped(sandbox), async (raw) => void (await check(raw))), { numRuns: 700, seed: 13 });

    assert.deepEqual(refusedWithEffect, [], 'a refused message had an effect');
    assert.deepEqual(forbidden, [], 'an accepted message had an effect its type does not allow');
    assert.deepEqual(treeChanges(before, outsideStorage()), [], 'a file outside the extension storage was written or removed');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
    const failures = logged.filter((l) => l.level === 'error');
    assert.deepEqual(failures, [], 'a handler failed');
    assert.deepEqual(unhandled, [], 'an unhandled rejection escaped');
    // Still works after all that.
    const posted = h.posts.length;
    await send({ type: 'chat/new' });
    await send({ type: 'prompt/send', text: 'still there?', at: Date.now() });
    const done = h.posts.slice(posted).filter((p) => p.type === 'turn/update').at(-1);
    assert.equal(done?.type === 'turn/update' && done.exchange.answer.status, 'complete');

    const commands = effects.filter((e) => e.kind === 'command').map((e) => e.detail);
    recordFigures('inbound', {
      what:
        'Random and adversarial webview→host messages (fast-check) through the real provider, validator, handlers, controller, chat store and file attacher; only the vscode module is a recording stand-in.',
      figures: {
        'messages tried': tried,
        'refused': refused,
        'accepted (well-formed)': accepted,
        'refused messages with any effect': refusedWithEffect.length,
        'effects not allowed for the message type': forbidden.length,
        'commands run other than Open Settings / Show Logs buttons and opening a file of the workspace': commands.filter((c) => !BUTTON_COMMANDS.has(c) && !(c.startsWith('vscode.open ') && isInside(sandbox.workspace, c.slice('vscode.open '.length)))).length,
        'files of the workspace opened by a link': commands.filter((c) => c.startsWith('vscode.open ') && isInside(sandbox.workspace, c.slice('vscode.open '.length))).length,
        'files written or removed outside the extension storage': treeChanges(before, outsideStorage()).length,
        'handler crashes or unhandled rejections': failures.length + unhandled.length,
      },
    });
  });
});
