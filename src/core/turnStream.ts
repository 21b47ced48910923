// The stream a chat hands out for one turn. It passes the chunks of each answer through, and when an
// answer has been read to its end asks the session what comes next: the stream of the following
// answer (automatic function calling), or nothing, once the turn is recorded. A turn that fails, is
// aborted or is returned early ends without a record, and the next send may go.
//
// A class, not an async generator: an unstarted generator skips its `finally` on `return()`, and every
// generator layer costs promise hops per chunk.
import type { GenerateContentResponse } from './generateContentResponse';
import type { Turn } from './turnQueue';

export type ChatStream = AsyncGenerator<GenerateContentResponse, void, undefined>;

/** One answer read to its end: returns the next answer's stream, or undefined when the turn is done. */
export type AnswerComplete = (chunks: GenerateContentResponse[]) => Promise<ChatStream | undefined>;

const DONE: IteratorReturnResult<void> = Object.freeze({ done: true, value: undefined });

/** A stream that can hand out a chunk it already holds synchronously (ResponseStream does). */
interface BufferedStream {
  takeBuffered(): GenerateContentResponse | undefined;
}

export class TurnStream implements ChatStream {
  private chunks: GenerateContentResponse[] = [];
  private over = false;

  constructor(
    private current: ChatStream,
    private readonly onAnswer: AnswerComplete,
    private readonly turn: Turn,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<GenerateContentResponse, void>> {
    // Fast path: a chunk the answer's stream has already parsed, passed on without an extra async
    // layer (a long answer has thousands of chunks, most of them already parsed from an earlier read).
    const chunk = this.over ? undefined : (this.current as Partial<BufferedStream>).takeBuffered?.();
    if (chunk) {
      this.chunks.push(chunk);
      return Promise.resolve({ done: false, value: chunk });
    }
    return this.read();
  }

  private async read(): Promise<IteratorResult<GenerateContentResponse, void>> {
    if (this.over) return DONE;
    try {
      for (;;) {
        const result = await this.current.next();
        if (!result.done) {
          this.chunks.push(result.value);
          return result;
        }
        const chunks = this.chunks;
        this.chunks = [];
        const following = await this.onAnswer(chunks);
        if (!following) {
          this.finish();
          return DONE;
        }
        this.current = following;
      }
    } catch (err) {
      this.finish();
      throw err;
    }
  }

  async return(): Promise<IteratorResult<GenerateContentResponse, void>> {
    await this.stop();
    return DONE;
  }

  async throw(err: unknown): Promise<IteratorResult<GenerateContentResponse, void>> {
    await this.stop();
    throw err;
  }

  private finish(): void {
    this.over = true;
    this.turn.end();
  }

  /** Closed before its end: the connection is closed and the turn ends unrecorded. */
  private async stop(): Promise<void> {
    if (this.over) return;
    this.over = true;
    await this.current.return();
    this.turn.cancel('The stream was closed before it was read to its end.');
  }
}
