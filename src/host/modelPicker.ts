// Select Model: the models the API offers for generateContent, with the current setting as the
// fallback (and a way to type any id) when the list cannot be fetched.
import * as vscode from 'vscode';
import type { ModelInfo } from '../core/types';
import type { OnRetry } from '../core/retry';
import { generateContentModels } from './modelList';

interface ModelItem extends vscode.QuickPickItem {
  id: string;
}

/** `list` lists the models, calling `onRetry` before each wait to try again (Gemini busy, the network down). */
export async function pickModel(list: (onRetry: OnRetry) => Promise<ModelInfo[]>, current: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = vscode.l10n.t('Gemini Chat: Select Model');
  pick.placeholder = vscode.l10n.t('Loading models… (or type a model id)');
  pick.busy = true;
  const currentItem: ModelItem = { id: current, label: current, description: vscode.l10n.t('current') };
  pick.items = [currentItem];
  let listed: ModelItem[] = [currentItem];
  /** What is typed, offered as an id of its own unless a listed model has it. */
  const typed = (): ModelItem[] => {
    const v = pick.value.trim();
    return v && !listed.some((i) => i.id === v) ? [{ id: v, label: v, description: vscode.l10n.t('use this model id') }] : [];
  };
  const subscriptions: vscode.Disposable[] = [pick.onDidChangeValue(() => (pick.items = [...typed(), ...listed]))];
  const result = new Promise<string | undefined>((resolve) => {
    subscriptions.push(
      pick.onDidAccept(() => {
        resolve(pick.selectedItems[0]?.id);
        pick.hide();
      }),
      pick.onDidHide(() => resolve(undefined)),
    );
  });
  pick.show();
  // A list that keeps failing takes a while to give up: meanwhile the picker's title (which has room
  // for it, unlike the box) says why it still waits.
  const retrying: OnRetry = ({ attempt, maxAttempts, error }) => {
    pick.title = vscode.l10n.t('Gemini Chat: Select Model (could not list the models yet: {0} Trying again, {1} of {2}.)', error.message, attempt, maxAttempts);
  };
  list(retrying)
    .then((models) => {
      const items = generateContentModels(models).map<ModelItem>((m) => ({
        id: m.id,
        label: m.id,
        description: m.id === current ? vscode.l10n.t('current') : m.displayName,
        detail: m.description,
      }));
      listed = items.some((i) => i.id === current) ? items : [currentItem, ...items];
      pick.placeholder = vscode.l10n.t('Choose a model for this chat and new chats (or type a model id)');
    })
    .catch((err: unknown) => {
      pick.title = vscode.l10n.t('Gemini Chat: Select Model');
      pick.placeholder = vscode.l10n.t('Could not list models ({0}); type a model id', (err as Error).message);
    })
    .finally(() => {
      pick.busy = false;
      pick.items = [...typed(), ...listed];
    });
  try {
    return await result;
  } finally {
    for (const s of subscriptions) s.dispose();
    pick.dispose();
  }
}
