// createProxyDispatcher against a loopback HTTP proxy written here (CONNECT tunnels and absolute-form
// requests): traffic goes through the proxy when one is set, directly for no-proxy hosts, and the
// environment variables are honoured.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { json } from '../../support/fakeGemini';
import { createProxyDispatcher } from '../../../src/core';
import { clientFor, textChunk, withFakeGemini } from './helpers';

interface LoopbackProxy {
  url: string;
  /** What went through it: `CONNECT host:port` or `GET http://…`. */
  seen: string[];
  close: () => Promise<void>;
}

async function startProxy(): Promise<LoopbackProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    // Absolute-form: forward to the origin named in the request line.
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('createProxyDispatcher', () => {
  const { fake } = withFakeGemini();
  let proxy: LoopbackProxy;
  beforeEach(async () => {
    proxy = await startProxy();
  });
  afterEach(async () => {
    await proxy.close();
  });

  const target = (): string => new URL(fake().baseUrl).host;

  it('returns undefined when no proxy is configured', () => {
    assert.equal(createProxyDispatcher({ env: {} }), undefined);
    assert.equal(createProxyDispatcher({ proxyUrl: '  ', env: {} }), undefined);
  });

  it('sends requests through the proxy given as http.proxy', async () => {
    fake().enqueue(json(textChunk('via proxy', 'STOP')));
    const dispatcher = createProxyDispatcher({ proxyUrl: proxy.url, env: {} });
    assert.ok(dispatcher);
    const r = await clientFor(fake(), { dispatcher }).models.generateContent({ model: 'gemini-test', contents: 'hi' });
    assert.equal(r.text, 'via proxy');
    assert.equal(proxy.seen.length, 1);
    assert.ok(proxy.seen[0] === `CONNECT ${target()}` || proxy.seen[0]?.startsWith(`POST http://${target()}/`), proxy.seen[0]);
    assert.equal(fake().requests[0]?.headers['x-goog-api-key'], 'test-key');
    await dispatcher.close();
  });

  it('goes direct for a host in the no-proxy list', async () => {
    fake().enqueue(json(textChunk('direct', 'STOP')));
    const dispatcher = createProxyDispatcher({ proxyUrl: proxy.url, noProxy: ['example.com', '127.0.0.1'], env: {} });
    const r = await clientFor(fake(), { dispatcher }).models.generateContent({ model: 'gemini-test', contents: 'hi' });
    assert.equal(r.text, 'direct');
    assert.deepEqual(proxy.seen, []);
    await dispatcher?.close();
  });

  it('reads HTTP_PROXY / NO_PROXY from the environment given', async () => {
    fake().enqueue(json(textChunk('env proxy', 'STOP')), json(textChunk('env direct', 'STOP')));
    const viaEnv = createProxyDispatcher({ env: { HTTP_PROXY: proxy.url } });
    await clientFor(fake(), { dispatcher: viaEnv }).models.generateContent({ model: 'gemini-test', contents: 'hi' });
    assert.equal(proxy.seen.length, 1);
    const bypass = createProxyDispatcher({ env: { https_proxy: proxy.url, NO_PROXY: '127.0.0.1' } });
    await clientFor(fake(), { dispatcher: bypass }).models.generateContent({ model: 'gemini-test', contents: 'hi' });
    assert.equal(proxy.seen.length, 1, 'NO_PROXY host reached directly');
    await viaEnv?.close();
    await bypass?.close();
  });

  it('refuses a proxy URL that is not http(s)', () => {
    assert.throws(() => createProxyDispatcher({ proxyUrl: 'socks5://127.0.0.1:1080', env: {} }), /Unsupported proxy URL/);
  });
});
