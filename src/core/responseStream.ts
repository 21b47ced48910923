// Reads a `streamGenerateContent?alt=sse` body into response chunks, yielded as they arrive.
//
// The end of the answer is the end of the body (a finishReason may sit on a middle chunk). A body
// that ends cleanly with no finishReason on any chunk and no blocked prompt was cut short somewhere
// upstream: after its last chunk the iterator throws StreamInterruptedError('truncated'). An error
// event inside the 200 stream is thrown as the ApiError it describes. Leaving the loop early closes
// the connection.
import type { Readable } from 'node:stream';
import { errorFromPayload } from './apiErrorParser';
import { abortErrorFor, isAbortError, StreamInterruptedError } from './errors';
import { GenerateContentResponse } from './generateContentResponse';
import { toStreamInterruption } from './networkErrors';
import { SseParser } from './sseParser';
import type { GenerateContentResponseData } from './types';

export interface StreamReadOptions {
  signal?: AbortSignal;
  idleMs: number;
}

/** Whether a chunk ends the answer in a well-formed way. */
function isFinal(chunk: GenerateContentResponseData): boolean {
  return Boolean(chunk.promptFeedback?.blockReason) || (chunk.candidates ?? []).some((c) => Boolean(c.finishReason));
}

function parseEvent(data: string): GenerateContentResponse | undefined {
  if (data.trim() === '') return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    throw new StreamInterruptedError('truncated', 'The answer stopped: Gemini sent an event that is not complete JSON.');
  }
  const error = errorFromPayload(payload, 500);
  if (error) throw error;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new StreamInterruptedError('truncated', 'The answer stopped: Gemini sent an event that is not a response object.');
  }
  return new GenerateContentResponse(payload as GenerateContentResponseData);
}

export async function* readResponseStream(
  body: Readable & AsyncIterable<Uint8Array>,
  opts: StreamReadOptions,
): AsyncGenerator<GenerateContentResponse, void, undefined> {
  const parser = new SseParser();
  let final = false;
  try {
    for await (const bytes of body) {
      for (const data of parser.push(bytes)) {
        const chunk = parseEvent(data);
        if (!chunk) continue;
        if (isFinal(chunk)) final = true;
        yield chunk;
      }
    }
    for (const data of parser.end()) {
      const chunk = parseEvent(data);
      if (!chunk) continue;
      if (isFinal(chunk)) final = true;
      yield chunk;
    }
  } catch (err) {
    if (opts.signal?.aborted || isAbortError(err)) throw abortErrorFor(opts.signal, err);
    throw toStreamInterruption(err, opts.idleMs) ?? err;
  } finally {
    // Left early (break, return, a throw from the consumer or above): free the socket now.
    if (!body.readableEnded) body.destroy();
  }
  if (!final) {
    throw new StreamInterruptedError('truncated', 'The answer stopped: the stream ended before Gemini finished it (no finishReason).');
  }
}
