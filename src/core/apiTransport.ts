// HTTP for every call: undici's `request` over one keep-alive Agent (or the caller's dispatcher, e.g. a
// proxy), credentials in headers only (`x-goog-api-key`, never `?key=`; Vertex: `Authorization: Bearer`,
// with the token asked again once after a 401), the three timeouts, retries, and error answers turned
// into ApiErrors. Aborting passes the signal to undici, which destroys the socket at once.
import { Agent, request, type Dispatcher } from 'undici';
import { errorFromPayload, errorFromResponseBody } from './apiErrorParser';
import { abortErrorFor, ApiError, InvalidInputError, isAbortError } from './errors';
import { toNetworkError } from './networkErrors';
import { DEFAULT_RETRY, withRetries, type OnRetry, type RetryOptions } from './retry';
import { describeCharacter, unsendableCharacter } from './apiKeyShape';

export interface Timeouts {
  /** TCP + TLS connect (own Agent only: a caller's dispatcher has its own). */
  connectMs: number;
  /** From the request sent to the response headers. */
  firstByteMs: number;
  /** Between two reads of the body (a stream with nothing new for this long is cut). */
  idleMs: number;
}

// Thinking models may take minutes before the first byte of a unary answer.
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 15_000, firstByteMs: 300_000, idleMs: 120_000 };

export type AccessTokenProvider = (opts?: { forceRefresh?: boolean }) => Promise<string>;

export interface TransportOptions {
  apiKey?: string;
  /** Vertex: a Bearer token per request. */
  getAccessToken?: AccessTokenProvider;
  dispatcher?: Dispatcher;
  retry?: Partial<RetryOptions>;
  timeouts?: Partial<Timeouts>;
}

export interface CallOptions {
  method: 'GET' | 'POST';
  url: string;
  /** A JSON body (serialised here) or raw bytes. */
  json?: unknown;
  bytes?: Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  onRetry?: OnRetry;
  /** Default true. */
  retry?: boolean;
}

export type RawResponse = Dispatcher.ResponseData;

const CLIENT_HEADER = 'gemini-chat-vscode/0.1';

/** Thrown when there is no credential to send: the host offers to set the key. */
export class MissingCredentialsError extends InvalidInputError {
  constructor(message: string) {
    super(message);
    this.name = 'MissingCredentialsError';
  }
}

export class ApiTransport {
  readonly timeouts: Timeouts;
  readonly retry: RetryOptions;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly opts: TransportOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(opts.timeouts) };
    this.retry = { ...DEFAULT_RETRY, ...definedOnly(opts.retry) };
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher =
      opts.dispatcher ?? new Agent({ connect: { timeout: this.timeouts.connectMs }, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000 });
  }

  /** Closes the connections of the client's own Agent (a caller's dispatcher is theirs to close). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async authHeaders(forceRefresh: boolean): Promise<Record<string, string>> {
    if (this.opts.getAccessToken) {
      const token = await this.opts.getAccessToken(forceRefresh ? { forceRefresh: true } : undefined);
      return { authorization: `Bearer ${token}` };
    }
    if (this.opts.apiKey) {
      const bad = unsendableCharacter(this.opts.apiKey);
      if (bad) throw new MissingCredentialsError(`The API key has ${describeCharacter(bad.character)} at position ${bad.position}, which no API key has (it came with the key when it was copied). Set the key again.`);
      return { 'x-goog-api-key': this.opts.apiKey };
    }
    throw new MissingCredentialsError('No Gemini API key is set.');
  }

  /** One HTTP exchange, no retry; returns the response whatever its status. */
  private async exchange(call: CallOptions, forceRefresh: boolean): Promise<RawResponse> {
    const headers: Record<string, string> = {
      'x-goog-api-client': CLIENT_HEADER,
      ...(await this.authHeaders(forceRefresh)),
      ...call.headers,
    };
    let body: string | Uint8Array | undefined;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = 'application/json';
    } else if (call.bytes) body = call.bytes;
    try {
      return await request(call.url, {
        method: call.method,
        headers,
        body,
        signal: call.signal,
        dispatcher: this.dispatcher,
        headersTimeout: this.timeouts.firstByteMs,
        bodyTimeout: this.timeouts.idleMs,
      });
    } catch (err) {
      throw this.mapRequestError(err, call);
    }
  }

  private mapRequestError(err: unknown, call: CallOptions): unknown {
    if (call.signal?.aborted || isAbortError(err)) return abortErrorFor(call.signal, err);
    return toNetworkError(err, new URL(call.url).host, this.timeouts) ?? err;
  }

  /** One exchange with the Vertex 401 rule: the token is asked again, once, and the request re-sent. */
  private async exchangeWithAuth(call: CallOptions): Promise<RawResponse> {
    const res = await this.exchange(call, false);
    if (res.statusCode !== 401 || !this.opts.getAccessToken) return res;
    await res.body.dump();
    return this.exchange(call, true);
  }

  /** Throws the ApiError for a non-2xx answer (its body read and closed). */
  private async failUnlessOk(res: RawResponse, call: CallOptions): Promise<RawResponse> {
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw this.mapRequestError(err, call);
    }
    throw errorFromResponseBody(res.statusCode, text, res.headers);
  }

  private run<T>(call: CallOptions, attempt: () => Promise<T>): Promise<T> {
    const retry = call.retry === false ? { ...this.retry, maxAttempts: 1 } : this.retry;
    return withRetries(attempt, retry, call.signal, call.onRetry);
  }

  /** A 2xx response whose body the caller reads (a stream); retried until the headers are good. */
  open(call: CallOptions): Promise<RawResponse> {
    return this.run(call, async () => this.failUnlessOk(await this.exchangeWithAuth(call), call));
  }

  /** A unary call: the whole body read and parsed inside the retry loop, so a body cut short retries. */
  json<T>(call: CallOptions): Promise<{ data: T; headers: RawResponse['headers'] }> {
    return this.run(call, async () => {
      const res = await this.failUnlessOk(await this.exchangeWithAuth(call), call);
      let text: string;
      try {
        text = await res.body.text();
      } catch (err) {
        throw this.mapRequestError(err, call);
      }
      let data: unknown;
      try {
        data = text === '' ? {} : JSON.parse(text);
      } catch {
        throw new ApiError({ status: res.statusCode, message: `Gemini answered with a body that is not JSON: ${text.slice(0, 200)}`, retryable: false });
      }
      const inBody = errorFromPayload(data, 500);
      if (inBody) throw inBody;
      return { data: data as T, headers: res.headers };
    });
  }
}

function definedOnly<T extends object>(o: Partial<T> | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
