// Builds the engine's client from the settings, the credentials and VS Code's proxy settings, and
// keeps it while none of them change (one keep-alive pool for every chat). Returns undefined when
// there are no credentials, which the view shows as a welcome with Set API Key.
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { AccessTokenProvider, GeminiClient } from '../core';
import type { Credentials } from './credentials';
import type { ChatSettings } from './settingsModel';
import type { ProxySettings } from './settingsReader';

export interface ClientFactoryDeps {
  credentials: Credentials;
  settings(): ChatSettings;
  proxy(): ProxySettings;
  /** The extension's folder, where dist/vertexAuth.js is. */
  extensionPath: string;
  log: { info(m: string): void; warn(m: string): void };
}

interface Built {
  signature: string;
  client: GeminiClient;
  dispatcher?: Dispatcher;
}

export class ClientFactory {
  private current: Built | undefined;
  /** Replaced clients are closed on dispose, not at once: a reply may still be streaming through them. */
  private readonly retired: Built[] = [];
  private vertexTokens: AccessTokenProvider | undefined;

  constructor(private readonly deps: ClientFactoryDeps) {}

  /** Whether a request could be made now (the view's welcome depends on it). */
  async hasCredentials(): Promise<boolean> {
    if (this.deps.settings().provider === 'vertex') return true;
    return (await this.deps.credentials.apiKey()) !== undefined;
  }

  async get(): Promise<GeminiClient | undefined> {
    const s = this.deps.settings();
    const proxy = this.deps.proxy();
    let apiKey: string | undefined;
    if (s.provider === 'gemini') {
      apiKey = (await this.deps.credentials.apiKey())?.key;
      if (!apiKey) return undefined;
    }
    const signature = JSON.stringify({
      provider: s.provider,
      baseUrl: s.baseUrl,
      apiVersion: s.apiVersion,
      vertex: s.vertex,
      retry: s.retry,
      proxy,
      // Only a digest of the key, so the signature itself is harmless if ever printed.
      key: apiKey ? createHash('sha256').update(apiKey).digest('hex').slice(0, 16) : undefined,
    });
    if (this.current?.signature === signature) return this.current.client;
    if (this.current) this.retired.push(this.current);

    // The engine (and undici under it) is loaded on the first request, not on activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GeminiClient, createProxyDispatcher } = require('../core') as typeof import('../core');
    const dispatcher = createProxyDispatcher({ proxyUrl: proxy.proxyUrl, noProxy: proxy.noProxy, strictSSL: proxy.strictSSL });
    if (s.provider === 'vertex' && !s.vertex.project) {
      throw new Error('Vertex AI needs a Google Cloud project: set “geminiChat.vertex.project” in Settings, or set “geminiChat.provider” back to “gemini”.');
    }
    const common = { dispatcher, retry: { maxAttempts: s.retry.maxAttempts } };
    const client =
      s.provider === 'vertex'
        ? new GeminiClient({
            ...common,
            vertexai: true,
            project: s.vertex.project,
            location: s.vertex.location,
            apiVersion: s.apiVersion,
            getAccessToken: this.vertexTokenProvider(),
          })
        : new GeminiClient({ ...common, apiKey, baseUrl: s.baseUrl, apiVersion: s.apiVersion });
    this.current = { signature, client, ...(dispatcher ? { dispatcher } : {}) };
    this.deps.log.info(
      `client: ${s.provider}${s.baseUrl && s.provider === 'gemini' ? ` at ${s.baseUrl}` : ''}${dispatcher ? ' through a proxy' : ''}`,
    );
    return client;
  }

  /** google-auth-library is loaded on first use only, from its own bundle. */
  private vertexTokenProvider(): AccessTokenProvider {
    if (!this.vertexTokens) {
      const file = path.join(this.deps.extensionPath, 'dist', 'vertexAuth.js');
      // A runtime require of a separate bundle: esbuild leaves it alone, so activation never pays for it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { createAccessTokenProvider(): AccessTokenProvider };
      this.vertexTokens = mod.createAccessTokenProvider();
    }
    return this.vertexTokens;
  }

  /** Closes clients replaced by a settings or key change; call when no reply is in flight. */
  async closeRetired(): Promise<void> {
    const old = this.retired.splice(0);
    await Promise.allSettled(old.flatMap((b) => [b.client.close(), b.dispatcher?.close()]));
  }

  async dispose(): Promise<void> {
    const all = [...this.retired, ...(this.current ? [this.current] : [])];
    this.retired.length = 0;
    this.current = undefined;
    await Promise.allSettled(all.flatMap((b) => [b.client.close(), b.dispatcher?.close()]));
  }
}
