// The attacker's loopback server: every request that reaches it is a leak (an image, a stylesheet, a
// frame, a prefetch the chat view should never have made). It answers each with something loadable
// (a 1×1 GIF) so that a request that did get out is never hidden by a failed load.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface AttackerRequest {
  method: string;
  url: string;
  /** The payload id from `/p/<id>/…`, when the path has one. */
  payload?: string;
}

export class Attacker {
  readonly requests: AttackerRequest[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<Attacker> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const attacker = new Attacker(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const url = req.url ?? '/';
      const payload = /^\/p\/([^/?]+)/.exec(url)?.[1];
      attacker.requests.push({ method: req.method ?? 'GET', url, ...(payload ? { payload } : {}) });
      res.writeHead(200, { 'content-type': 'image/gif', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      res.end(GIF);
    });
    return attacker;
  }

  /** Payload ids (or raw URLs) that reached the server, for a readable assertion message. */
  summary(): string[] {
    return this.requests.map((r) => r.payload ?? r.url);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
