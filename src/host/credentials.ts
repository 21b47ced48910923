// The Gemini API key: stored in VS Code's SecretStorage (the OS keychain), else the GEMINI_API_KEY,
// then GOOGLE_API_KEY environment variables. The key goes to the engine only: never to the webview,
// workspace state, files or logs.
import * as vscode from 'vscode';
import { describeCharacter, unsendableCharacter } from '../core/apiKeyShape';

const SECRET_KEY = 'geminiChat.apiKey';

export type KeySource = 'secretStorage' | 'GEMINI_API_KEY' | 'GOOGLE_API_KEY';

export class Credentials implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) this.changed.fire();
    });
  }

  async apiKey(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    if (stored) return { key: stored, source: 'secretStorage' };
    const name = this.environmentSource();
    return name ? { key: this.env[name]?.trim() ?? '', source: name } : undefined;
  }

  /** The environment variable whose key is used when none is stored, if one is set. */
  environmentSource(): Exclude<KeySource, 'secretStorage'> | undefined {
    return (['GEMINI_API_KEY', 'GOOGLE_API_KEY'] as const).find((name) => this.env[name]?.trim());
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Checks the shape of a pasted key, so a typo is caught in the input box rather than by a 400. A key of
 * another shape than Google AI Studio's (another service's, pasted by mistake) is only warned about:
 * it can still be saved.
 */
export function validateApiKeyInput(value: string): string | vscode.InputBoxValidationMessage | undefined {
  const v = value.trim();
  if (!v) return vscode.l10n.t('Paste your Gemini API key (from Google AI Studio).');
  if (/\s/.test(v)) return vscode.l10n.t('An API key has no spaces.');
  const bad = unsendableCharacter(v);
  if (bad) return vscode.l10n.t('This has {0} at position {1}, which no API key has (it came with the key when it was copied). Paste the key alone.', describeCharacter(bad.character), bad.position);
  const unusual = /[^A-Za-z0-9_-]/.exec(v);
  if (unusual) {
    return {
      message: vscode.l10n.t('Gemini API keys have only letters, digits, "-" and "_"; this has {0} at position {1}. Press Enter to save it anyway.', describeCharacter(unusual[0]), unusual.index + 1),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  if (v.length < 20) return vscode.l10n.t('That looks too short for an API key.');
  if (!v.startsWith('AIza')) {
    return {
      message: vscode.l10n.t('Gemini API keys from Google AI Studio start with "AIza"; this one does not. Press Enter to save it anyway.'),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}
