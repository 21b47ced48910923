// Shared setup for the engine's tests: a loopback Gemini server and a client pointed at it, with
// retry waits of a few milliseconds so the retry paths run fast.
import { FakeGemini, sleep, type Recording, type Responder } from '../../support/fakeGemini';
import { GeminiClient, type Content, type GeminiClientOptions, type GenerateContentConfig } from '../../../src/core';

export const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 2, maxDelayMs: 10 };

export function clientFor(fake: FakeGemini, opts: GeminiClientOptions = {}): GeminiClient {
  return new GeminiClient({ apiKey: 'test-key', baseUrl: fake.baseUrl, retry: FAST_RETRY, ...opts });
}

/** Reads a stream to its end; returns the chunks. */
export async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** Reads a stream that must fail: the text of each chunk handed out before it did, and the error. */
export async function textsUntilError(stream: AsyncIterable<{ text?: string }>): Promise<{ seen: string[]; err: Error }> {
  const seen: string[] = [];
  const err = await rejectionOf(
    (async () => {
      for await (const chunk of stream) seen.push(chunk.text ?? '');
    })(),
  );
  return { seen, err };
}

/** A mocha hook pair that starts a fresh server per test. */
export function withFakeGemini(): { fake: () => FakeGemini } {
  let current: FakeGemini | undefined;
  beforeEach(async () => {
    current = await FakeGemini.start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    fake: () => {
      if (!current) throw new Error('fake server not started');
      return current;
    },
  };
}

/** A text chunk as Gemini streams it. */
export function textChunk(text: string, finishReason?: string): Record<string, unknown> {
  return { candidates: [{ content: { role: 'model', parts: [{ text }] }, ...(finishReason ? { finishReason } : {}), index: 0 }] };
}

/** A responder that answers only after `ms` (to let a later request try to overtake it). */
export function delayed(ms: number, responder: Responder): Responder {
  return async (req, res) => {
    await sleep(ms);
    await responder(req, res);
  };
}

/** A request body as the recordings hold it. */
export interface RecordedBody {
  contents: Content[];
  generationConfig?: Record<string, unknown>;
  [field: string]: unknown;
}

export function bodyOf(interaction: Recording['interactions'][number] | undefined): RecordedBody {
  if (!interaction) throw new Error('no such interaction');
  return interaction.request.bodySegments[0] as RecordedBody;
}

/** The flat config the SDK was given, rebuilt from a recorded request. */
export function configOf(body: RecordedBody): GenerateContentConfig {
  const { contents: _contents, generationConfig, ...topLevel } = body;
  return { ...topLevel, ...generationConfig } as GenerateContentConfig;
}

export function isVertexRecording(rec: Recording): boolean {
  return rec.interactions[0]?.request.url.includes('/projects/') ?? false;
}

/** A client shaped like the one that made a recording (Vertex: the recorded v1beta1 path). */
export function clientForRecording(fake: FakeGemini, rec: Recording): GeminiClient {
  return isVertexRecording(rec)
    ? clientFor(fake, {
        apiKey: undefined,
        vertexai: true,
        apiVersion: 'v1beta1',
        project: 'REDACTED',
        location: 'REDACTED',
        getAccessToken: async () => 'vertex-token',
      })
    : clientFor(fake);
}
