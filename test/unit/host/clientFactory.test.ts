import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { FakeGemini, json } from '../../support/fakeGemini';
import { ClientFactory } from '../../../src/host/clientFactory';
import type { Credentials } from '../../../src/host/credentials';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../../src/host/settingsModel';
import type { ProxySettings } from '../../../src/host/settingsReader';
import { generateContentModels } from '../../../src/host/modelList';
import { createAccessTokenProvider } from '../../../src/host/vertexAuth';

/** A loopback HTTP proxy (CONNECT tunnels and absolute-URI requests) that counts what it carried. */
async function startProxy(): Promise<{ url: string; used: () => number; close: () => Promise<void> }> {
  let used = 0;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    used++;
    const target = new URL(req.url ?? '/');
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    used++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    used: () => used,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('ClientFactory', () => {
  let fake: FakeGemini;
  beforeEach(async () => {
    fake = await FakeGemini.start();
    fake.route((r) => r.url.startsWith('/v1beta/models?') || r.url === '/v1beta/models', json({ models: [{ name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent'] }] }));
  });
  afterEach(() => fake.close());

  function factory(opts: { key?: string; settings?: Partial<ChatSettings>; proxy?: ProxySettings }) {
    let key = opts.key;
    const credentials = { apiKey: () => Promise.resolve(key ? { key, source: 'secretStorage' as const } : undefined) } as unknown as Credentials;
    const settings: ChatSettings = { ...DEFAULT_SETTINGS, baseUrl: fake.baseUrl, ...opts.settings };
    const f = new ClientFactory({
      credentials,
      settings: () => settings,
      proxy: () => opts.proxy ?? { strictSSL: true },
      extensionPath: '/nonexistent',
      log: { info: () => undefined, warn: () => undefined },
    });
    return { f, setKey: (k: string | undefined) => (key = k) };
  }

  it('has no client without a key, and one that sends the key as a header (never in the URL) with it', async () => {
    const { f, setKey } = factory({});
    assert.equal(await f.hasCredentials(), false);
    assert.equal(await f.get(), undefined);
    setKey('AIzaTESTKEY-0123456789abcdefghij');
    const client = (await f.get())!;
    assert.equal(await f.get(), client, 'the same client while nothing changed');
    await client.models.list();
    const req = fake.requests.at(-1)!;
    assert.equal(req.headers['x-goog-api-key'], 'AIzaTESTKEY-0123456789abcdefghij');
    assert.ok(!req.url.includes('key='));
    setKey('AIzaOTHERKEY-0123456789abcdefghij');
    assert.notEqual(await f.get(), client, 'a new key makes a new client');
    await f.dispose();
  });

  it('Vertex AI without a project says which setting to set', async () => {
    const { f } = factory({ settings: { provider: 'vertex' } });
    await assert.rejects(f.get(), /Vertex AI needs a Google Cloud project: set “geminiChat\.vertex\.project” in Settings/);
    await f.dispose();
  });

  it('Vertex AI credentials that cannot be found say how to log in', async () => {
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = '/nonexistent/key.json';
    try {
      const tokens = createAccessTokenProvider();
      await assert.rejects(tokens(), /run “gcloud auth application-default login” in a terminal, or set GOOGLE_APPLICATION_CREDENTIALS/);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });

  it('sends every request through the proxy from http.proxy', async () => {
    const proxy = await startProxy();
    try {
      const { f } = factory({ key: 'AIzaTESTKEY-0123456789abcdefghij', proxy: { proxyUrl: proxy.url, strictSSL: true } });
      const models = await (await f.get())!.models.list();
      assert.deepEqual(generateContentModels(models).map((m) => m.id), ['gemini-2.5-flash']);
      assert.ok(proxy.used() >= 1, 'the request went through the proxy');
      await f.dispose();
    } finally {
      await proxy.close();
    }
  });

  it('offers only models that generate content, by bare id', () => {
    const ids = generateContentModels([
      { name: 'models/gemini-2.5-pro', supportedGenerationMethods: ['generateContent', 'countTokens'] },
      { name: 'models/text-embedding-004', supportedGenerationMethods: ['embedContent'] },
      { name: 'publishers/google/models/gemini-2.0-flash' },
    ]).map((m) => m.id);
    assert.deepEqual(ids, ['gemini-2.5-pro', 'gemini-2.0-flash']);
  });
});
