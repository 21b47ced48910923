// Reads a `streamGenerateContent?alt=sse` body into response chunks, handed out as they arrive.
//
// The end of the answer is the end of the body (a finishReason may sit on a middle chunk). A body
// that ends cleanly with no finishReason on any chunk and no blocked prompt was cut short somewhere
// upstream: after its last chunk the stream throws StreamInterruptedError('truncated'). An error event
// inside the 200 stream is thrown as the ApiError it describes, after the chunks before it. A stream
// that fails before its first chunk has handed nothing out, so it is opened again like a failed
// request (our choice: once a chunk is out, a failure is the caller's to handle). `return()` closes
// the connection at once, whether or not the stream was ever read.
//
// Written as an iterator class rather than an async generator: a generator layer costs several
// promise hops per chunk, and a long answer has thousands of chunks (see bench/, case 1).
import type { Readable } from 'node:stream';
import { errorFromPayload } from './apiErrorParser';
import { parseEventJson } from './eventJson';
import type { RawResponse } from './apiTransport';
import { abortErrorFor, isAbortError, StreamInterruptedError } from './errors';
import { GenerateContentResponse } from './generateContentResponse';
import { toStreamInterruption } from './networkErrors';
import { retryDelayOrThrow, sleep, type OnRetry, type RetryOptions } from './retry';
import { SseParser } from './sseParser';
import type { GenerateContentResponseData } from './types';

type Body = Readable & AsyncIterable<Uint8Array>;

export interface ResponseStreamOptions {
  signal?: AbortSignal;
  idleMs: number;
  /** Opens the same request again, for a failure before the first chunk. */
  reopen?: () => Promise<RawResponse>;
  retry?: RetryOptions;
  onRetry?: OnRetry;
}

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/** Whether a chunk ends the answer in a well-formed way. */
function isFinal(chunk: GenerateContentResponseData): boolean {
  if (chunk.promptFeedback?.blockReason) return true;
  const candidates = chunk.candidates;
  if (!candidates) return false;
  for (const c of candidates) if (c.finishReason) return true;
  return false;
}

/** A keep-alive or empty event (checked without copying a large event, as `trim()` would). */
function isBlank(data: string): boolean {
  return data.length === 0 || (data.length < 16 && data.trim() === '');
}

function parseEvent(data: string): GenerateContentResponse | undefined {
  if (isBlank(data)) return undefined;
  let payload: unknown;
  try {
    payload = parseEventJson(data);
  } catch {
    throw new StreamInterruptedError('truncated', 'The answer stopped: Gemini sent an event that is not complete JSON.');
  }
  const error = errorFromPayload(payload, 500);
  if (error) throw error;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new StreamInterruptedError('truncated', 'The answer stopped: Gemini sent an event that is not a response object.');
  }
  // The parsed object becomes the response as is: no copy per chunk.
  return Object.setPrototypeOf(payload, GenerateContentResponse.prototype) as GenerateContentResponse;
}

export class ResponseStream implements AsyncGenerator<GenerateContentResponse, void, undefined> {
  private body!: Body;
  private source!: AsyncIterator<Uint8Array>;
  private parser!: SseParser;
  /** Chunks parsed and not yet handed out. */
  private queue: GenerateContentResponse[] = [];
  private head = 0;
  /** An error event parsed after the queued chunks: thrown once they are out. */
  private pendingError: unknown;
  private bodyEnded = false;
  private final = false;
  private handedOut = false;
  private closed = false;
  private attempt = 1;

  constructor(
    body: Body,
    private readonly opts: ResponseStreamOptions,
  ) {
    this.attach(body);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<GenerateContentResponse, void>> {
    // Fast path, no async function: a chunk already parsed from an earlier read (most of them: one
    // read holds many events).
    const chunk = this.takeBuffered();
    return chunk ? Promise.resolve({ done: false, value: chunk }) : this.read();
  }

  /**
   * A chunk already parsed and not yet handed out, taken synchronously; undefined when the next one
   * needs a read (or an error is due). TurnStream uses it to skip a promise hop per chunk.
   */
  takeBuffered(): GenerateContentResponse | undefined {
    if (this.closed || this.head >= this.queue.length) return undefined;
    this.handedOut = true;
    return this.queue[this.head++];
  }

  private async read(): Promise<IteratorResult<GenerateContentResponse, void>> {
    if (this.closed) return DONE;
    for (;;) {
      try {
        return await this.pull();
      } catch (err) {
        let retried: boolean;
        try {
          retried = await this.retryBeforeFirstChunk(err);
        } catch (final) {
          this.close();
          throw final;
        }
        if (!retried) {
          this.close();
          throw err;
        }
      }
    }
  }

  async return(): Promise<IteratorResult<GenerateContentResponse, void>> {
    this.close();
    return DONE;
  }

  async throw(err: unknown): Promise<IteratorResult<GenerateContentResponse, void>> {
    this.close();
    throw err;
  }

  private attach(body: Body): void {
    this.body = body;
    this.source = body[Symbol.asyncIterator]();
    this.parser = new SseParser();
    this.queue = [];
    this.head = 0;
    this.pendingError = undefined;
    this.bodyEnded = false;
    this.final = false;
  }

  private async pull(): Promise<IteratorResult<GenerateContentResponse, void>> {
    for (;;) {
      if (this.head < this.queue.length) {
        this.handedOut = true;
        return { done: false, value: this.queue[this.head++] as GenerateContentResponse };
      }
      if (this.pendingError !== undefined) throw this.pendingError;
      if (this.bodyEnded) {
        if (!this.final) {
          throw new StreamInterruptedError('truncated', 'The answer stopped: the stream ended before Gemini finished it (no finishReason).');
        }
        this.close();
        return DONE;
      }
      let read: IteratorResult<Uint8Array>;
      try {
        read = await this.source.next();
      } catch (err) {
        if (this.opts.signal?.aborted || isAbortError(err)) throw abortErrorFor(this.opts.signal, err);
        throw toStreamInterruption(err, this.opts.idleMs) ?? err;
      }
      this.queue.length = 0;
      this.head = 0;
      if (read.done) {
        this.bodyEnded = true;
        this.enqueue(this.parser.end());
      } else {
        this.enqueue(this.parser.push(read.value));
      }
    }
  }

  private enqueue(events: readonly string[]): void {
    for (const data of events) {
      let chunk: GenerateContentResponse | undefined;
      try {
        chunk = parseEvent(data);
      } catch (err) {
        this.pendingError = err;
        return;
      }
      if (!chunk) continue;
      if (!this.final && isFinal(chunk)) this.final = true;
      this.queue.push(chunk);
    }
  }

  /** True when the failure came before any chunk was handed out and the request was opened again. */
  private async retryBeforeFirstChunk(err: unknown): Promise<boolean> {
    const { reopen, retry, signal } = this.opts;
    if (this.handedOut || !reopen || !retry || signal?.aborted || isAbortError(err)) return false;
    this.destroyBody();
    const delayMs = retryDelayOrThrow(err, this.attempt, retry);
    this.attempt++;
    this.opts.onRetry?.({ attempt: this.attempt, maxAttempts: retry.maxAttempts, delayMs, error: err as Error });
    await sleep(delayMs, signal);
    this.attach((await reopen()).body);
    return true;
  }

  private destroyBody(): void {
    if (!this.body.readableEnded && !this.body.destroyed) this.body.destroy();
  }

  /** Done for good: frees the connection now if the body was not read to its end. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.destroyBody();
  }
}
