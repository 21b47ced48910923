// A proxy-aware undici dispatcher. The bundled undici does not see VS Code's proxy support, so the host
// builds one from `http.proxy`, `http.noProxy`, `http.proxyStrictSSL` and the usual environment
// variables (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case). Returns undefined when no proxy is
// configured, so the client keeps its own direct Agent.
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { DEFAULT_TIMEOUTS } from './apiTransport';

export interface ProxyDispatcherOptions {
  /** `http.proxy`: used for both http and https targets; wins over the environment. */
  proxyUrl?: string;
  /** `http.noProxy`: hosts (`example.com`, `.corp`, `host:port`, `*`) reached directly. */
  noProxy?: string[];
  /** `http.proxyStrictSSL`: false accepts self-signed certificates (TLS-inspecting proxies). */
  strictSSL?: boolean;
  /** Where to read the proxy variables; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Connect timeout of the direct and proxied connections; default the client's own (DEFAULT_TIMEOUTS). */
  connectMs?: number;
}

function pick(env: Record<string, string | undefined>, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() !== '' ? v.trim() : undefined;
}

export function createProxyDispatcher(opts: ProxyDispatcherOptions = {}): Dispatcher | undefined {
  const env = opts.env ?? process.env;
  const proxyUrl = opts.proxyUrl?.trim() || undefined;
  const httpsProxy = proxyUrl ?? pick(env, 'https_proxy') ?? pick(env, 'http_proxy');
  const httpProxy = proxyUrl ?? pick(env, 'http_proxy') ?? httpsProxy;
  if (!httpsProxy && !httpProxy) return undefined;
  for (const url of [httpsProxy, httpProxy]) {
    if (url && !/^https?:\/\//i.test(url)) throw new Error(`Unsupported proxy URL ${JSON.stringify(url)}: use http:// or https://.`);
  }
  const noProxy = opts.noProxy ? opts.noProxy.join(',') : (pick(env, 'no_proxy') ?? '');
  const tls = opts.strictSSL === false ? { rejectUnauthorized: false } : {};
  // Every value is passed explicitly, so undici never falls back to process.env behind our back.
  return new EnvHttpProxyAgent({
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? '',
    noProxy,
    connect: { ...tls, timeout: opts.connectMs ?? DEFAULT_TIMEOUTS.connectMs },
    proxyTls: tls,
    requestTls: tls,
  });
}
