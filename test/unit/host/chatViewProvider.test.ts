// What the chat view's provider keeps for a webview that is not ready yet (being created by the very
// command that posts to it, or hidden): the snapshot it asks for carries the rest.
import '../hostile/support/installVscodeStub';
import assert from 'node:assert/strict';
import { ChatViewProvider } from '../../../src/host/chatViewProvider';
import type { HostToWebview } from '../../../src/shared/protocol';
import { Uri } from '../hostile/support/vscodeStub';
import { resolveFakeView } from '../hostile/support/fakeWebviewView';

const box = (labels: string[]) => ({ attachments: labels.map((label) => ({ id: label, label, kind: 'text' as const, size: 1 })) });

function openView(): { provider: ChatViewProvider; posted: HostToWebview[]; ready: () => Promise<void> } {
  const posted: HostToWebview[] = [];
  const log = { warn: () => undefined, error: () => undefined };
  // webview/ready is answered with a snapshot, as the real handler does.
  const handlers = { 'webview/ready': () => void posted.push({ type: 'notice', level: 'info', message: 'the snapshot' }) };
  const provider = new ChatViewProvider(Uri.file('/ext') as never, Uri.file('/store/attachments') as never, handlers as never, log as never);
  const deliver = resolveFakeView(provider, (m) => posted.push(m));
  const ready = async (): Promise<void> => {
    deliver({ type: 'webview/ready' });
    await new Promise((r) => setTimeout(r, 10));
  };
  return { provider, posted, ready };
}

describe('ChatViewProvider: posts before the webview is ready', () => {
  it('keeps the keyboard asked for in the message box (Open Chat, Ask About Selection on a view not created yet)', async () => {
    const { provider, posted, ready } = openView();
    provider.post({ type: 'composer/set', composer: box(['cart.ts:3-5']) });
    provider.post({ type: 'composer/set', composer: box(['cart.ts:3-5']), focus: true });
    await ready();
    assert.deepEqual(posted, [
      { type: 'notice', level: 'info', message: 'the snapshot' },
      { type: 'composer/set', composer: box(['cart.ts:3-5']), focus: true },
    ]);
  });

  it('a text to give back and a focus asked for later both arrive, with the box as it is last', async () => {
    const { provider, posted, ready } = openView();
    provider.post({ type: 'composer/set', composer: box([]), text: 'do not lose me', giveBack: true });
    provider.post({ type: 'composer/set', composer: box(['notes.md']), focus: true });
    provider.post({ type: 'composer/set', composer: box(['notes.md', 'todo.md']) });
    await ready();
    assert.deepEqual(posted.slice(1), [{ type: 'composer/set', composer: box(['notes.md', 'todo.md']), text: 'do not lose me', giveBack: true, focus: true }]);
  });

  it('keeps nothing that the snapshot carries', async () => {
    const { provider, posted, ready } = openView();
    provider.post({ type: 'composer/set', composer: box(['notes.md']) });
    provider.post({ type: 'notice', level: 'info', message: 'a notice for nobody' });
    await ready();
    assert.deepEqual(posted, [{ type: 'notice', level: 'info', message: 'the snapshot' }]);
  });
});
