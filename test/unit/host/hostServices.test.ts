// The services feature modules use, over a host whose chats may still be loading (a command run first
// after a reload, before the view was ever shown).
import '../hostile/support/installVscodeStub';
import assert from 'node:assert/strict';
import { createHostServices } from '../../../src/host/hostServices';
import type { HostRuntime } from '../../../src/host/hostRuntime';

describe('host services', () => {
  it('adds chips only once the chats are loaded: loading replaces the box with the one kept, which would drop them', async () => {
    const calls: string[] = [];
    let loaded!: () => void;
    const ready = new Promise<void>((resolve) => (loaded = resolve)).then(() => void calls.push('box loaded'));
    const rt = { ready, controller: { addAttachments: () => calls.push('chip added') } } as unknown as HostRuntime;
    const adding = createHostServices(rt).composer.addAttachments([]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [], 'nothing added while loading');
    loaded();
    await adding;
    assert.deepEqual(calls, ['box loaded', 'chip added']);
  });
});
