// Select Model while the model list cannot be fetched: the picker says why it still waits, then that it
// gave up, and a model id can be typed all along.
import '../hostile/support/installVscodeStub';
import assert from 'node:assert/strict';
import { pickModel } from '../../../src/host/modelPicker';
import { ApiError } from '../../../src/core/errors';
import { vscodeStub } from '../hostile/support/vscodeStub';

describe('Select Model', () => {
  it('says it is trying again while the list fails, then that it could not list the models', async () => {
    const placeholders: string[] = [];
    const titles: string[] = [];
    let hide!: () => void;
    const original = vscodeStub.window.createQuickPick;
    vscodeStub.window.createQuickPick = () => {
      const listeners: (() => void)[] = [];
      const pick = {
        items: [] as unknown[],
        selectedItems: [],
        value: '',
        busy: false,
        set placeholder(text: string) {
          placeholders.push(text);
        },
        set title(text: string) {
          titles.push(text);
        },
        onDidHide: (l: () => void) => (listeners.push(l), { dispose: () => undefined }),
        onDidAccept: () => ({ dispose: () => undefined }),
        onDidChangeValue: () => ({ dispose: () => undefined }),
        show: () => undefined,
        hide: () => listeners.forEach((l) => l()),
        dispose: () => undefined,
      };
      hide = pick.hide;
      return pick;
    };
    try {
      const busy = new ApiError({ status: 503, message: 'Gemini is overloaded (503).', retryable: true });
      const picked = pickModel(async (onRetry) => {
        onRetry({ attempt: 2, maxAttempts: 5, delayMs: 1000, error: busy });
        throw busy;
      }, 'gemini-2.5-flash');
      await new Promise((r) => setImmediate(r));
      hide();
      assert.equal(await picked, undefined);
      assert.deepEqual(placeholders, ['Loading models… (or type a model id)', 'Could not list models (Gemini is overloaded (503).); type a model id']);
      assert.deepEqual(titles, [
        'Gemini Chat: Select Model',
        'Gemini Chat: Select Model (could not list the models yet: Gemini is overloaded (503). Trying again, 2 of 5.)',
        'Gemini Chat: Select Model',
      ]);
    } finally {
      vscodeStub.window.createQuickPick = original;
    }
  });
});
