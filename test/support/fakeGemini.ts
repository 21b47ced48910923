// A loopback HTTP server that speaks the Gemini REST wire format, for every test layer (unit, webview,
// end-to-end, benchmarks). Responses are scripted per test: a FIFO queue of responders, plus persistent
// routes (e.g. the model list). Every request is recorded with its exact body.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../fixtures/gemini');

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body's exact bytes (binary uploads). */
  bytes?: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  receivedAt: number;
  /** Resolves when the client closes or the response ends. */
  closed: Promise<void>;
}

export type Responder = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

interface Route {
  match: (req: RecordedRequest) => boolean;
  respond: Responder;
}

export class FakeGemini {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Responder[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<Socket>();
  /** How many TCP connections were opened (keep-alive checks). */
  connections = 0;

  private constructor(
    private readonly server: http.Server,
    readonly baseUrl: string,
  ) {}

  static async start(port = 0): Promise<FakeGemini> {
    const server = http.createServer();
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const { port: bound } = server.address() as AddressInfo;
    const fake = new FakeGemini(server, `http://127.0.0.1:${bound}`);
    server.on('connection', (socket) => {
      fake.connections++;
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** Scripted responses, taken one per request (after routes), in order. */
  enqueue(...responders: Responder[]): this {
    this.queue.push(...responders);
    return this;
  }

  /** A persistent responder for requests that match. */
  route(match: (req: RecordedRequest) => boolean, respond: Responder): this {
    this.routes.push({ match, respond });
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Requests that generate content (unary or stream), in order. */
  get generateRequests(): RecordedRequest[] {
    return this.requests.filter((r) => /:(stream)?[gG]enerateContent/.test(r.url));
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.routes.length = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const body = bytes.toString('utf8');
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const closed = new Promise<void>((resolve) => {
      res.on('close', () => resolve());
    });
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
      bytes,
      json,
      receivedAt: Date.now(),
      closed,
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.match(recorded));
    const responder = route?.respond ?? this.queue.shift();
    if (!responder) {
      sendJson(res, 500, apiErrorBody(500, 'INTERNAL', `fakeGemini: no scripted response for ${recorded.method} ${recorded.url}`));
      return;
    }
    try {
      await responder(recorded, res);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, apiErrorBody(500, 'INTERNAL', String(err)));
      else res.destroy();
    }
  }
}

// ---- responders ----

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function apiErrorBody(code: number, status: string, message: string, details?: unknown[]): unknown {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A unary JSON body. */
export function json(body: unknown, status = 200, headers: http.OutgoingHttpHeaders = {}): Responder {
  return (_req, res) => sendJson(res, status, body, headers);
}

/** A Gemini error: `{"error":{code,message,status,details}}`. */
export function apiError(
  code: number,
  status: string,
  message: string,
  opts: { details?: unknown[]; headers?: http.OutgoingHttpHeaders; contentType?: string; arrayWrapped?: boolean } = {},
): Responder {
  return (_req, res) => {
    const body = apiErrorBody(code, status, message, opts.details);
    const text = JSON.stringify(opts.arrayWrapped ? [body] : body);
    res.writeHead(code, { 'content-type': opts.contentType ?? 'application/json; charset=UTF-8', ...opts.headers });
    res.end(text);
  };
}

export interface SseOptions {
  /** Event separator; real servers send CRLF. */
  eol?: '\r\n' | '\n' | '\r';
  /** Wait between events. */
  delayMs?: number;
  /** Wait before the headers. */
  headerDelayMs?: number;
  /** How the body ends: a clean end, or a dropped connection after the events. */
  end?: 'end' | 'destroy' | 'hang';
}

/** An SSE stream of JSON events, `data: {json}` + blank line each. */
export function sse(events: unknown[], opts: SseOptions = {}): Responder {
  const eol = opts.eol ?? '\r\n';
  return sseRaw(events.map((e) => `data: ${JSON.stringify(e)}${eol}${eol}`), opts);
}

/** Raw SSE bytes written piece by piece (each array item is one write). */
export function sseRaw(pieces: (string | Buffer)[], opts: SseOptions = {}): Responder {
  return async (req, res) => {
    if (opts.headerDelayMs) await sleep(opts.headerDelayMs);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    let clientGone = false;
    void req.closed.then(() => (clientGone = true));
    for (const piece of pieces) {
      if (clientGone) return;
      res.write(piece);
      if (opts.delayMs) await sleep(opts.delayMs);
    }
    if (opts.end === 'destroy') res.socket?.destroy();
    else if (opts.end === 'hang') return;
    else res.end();
  };
}

/** Closes the connection before any header is written. */
export function resetBeforeHeaders(): Responder {
  return (_req, res) => {
    res.socket?.destroy();
  };
}

/** Never answers (until the client gives up). */
export function hang(): Responder {
  return () => undefined;
}

// ---- fixtures ----

/** A raw SSE body from `raw-sse/` (bytes exactly as captured). */
export function rawFixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, 'raw-sse', name));
}

export interface Recording {
  recordID?: string;
  interactions: {
    request: { method: string; url: string; headers: Record<string, string>; bodySegments: unknown[] };
    response: { statusCode: number; headers: Record<string, string>; bodySegments: unknown[] };
  }[];
}

export function loadRecording(name: string): Recording {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  return JSON.parse(readFileSync(path.join(FIXTURES, 'sdk-recordings', file), 'utf8')) as Recording;
}

/** Replays one recorded interaction's response (an SSE stream when the recording's was one). */
export function replay(interaction: Recording['interactions'][number], opts: SseOptions = {}): Responder {
  const { statusCode, headers, bodySegments } = interaction.response;
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
  if (statusCode === 200 && contentType.includes('text/event-stream')) return sse(bodySegments, opts);
  return (_req, res) => {
    const text = JSON.stringify(bodySegments.length === 1 ? bodySegments[0] : bodySegments);
    res.writeHead(statusCode, { 'content-type': contentType });
    res.end(text);
  };
}
