// Strict first-in-first-out turns for one chat (session rule 7, README.md): a send waits until every
// earlier turn has been drained, has failed or was aborted, so its request includes them. Each turn
// owns an AbortController, linked to the caller's signal, so the session can close a stream's
// connection itself (e.g. one that is returned before it was ever read).
import { abortErrorFor, AbortError } from './errors';

export class Turn {
  private readonly controller = new AbortController();
  private readonly unlink: () => void;
  private resolveEnded!: () => void;
  private over = false;
  /** Resolves when the turn has ended, whichever way. */
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(external?: AbortSignal) {
    // An aborted turn is over for the line at once, even if its stream is never read again.
    this.controller.signal.addEventListener('abort', () => this.end(), { once: true });
    const onAbort = (): void => this.controller.abort(external?.reason);
    if (external?.aborted) onAbort();
    else external?.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => external?.removeEventListener('abort', onAbort);
  }

  /** Fires when the caller aborts or the turn is cancelled; passed to every request of the turn. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isOver(): boolean {
    return this.over;
  }

  /** Ends the turn and lets the next one start. Idempotent. */
  end(): void {
    if (this.over) return;
    this.over = true;
    this.unlink();
    this.resolveEnded();
  }

  /** Aborts whatever the turn still has in flight (closing its socket), then ends it. */
  cancel(message: string): void {
    if (this.over) return;
    this.controller.abort(new AbortError(message));
    this.end();
  }
}

export class TurnQueue {
  private tail: Promise<void> = Promise.resolve();

  /**
   * Takes the next place in line (synchronously, so sends made in the same tick keep their order) and
   * resolves once every earlier turn has ended. Aborting while waiting leaves the line at once.
   */
  enter(signal?: AbortSignal): Promise<Turn> {
    const previous = this.tail;
    const turn = new Turn(signal);
    this.tail = previous.then(() => turn.ended);
    return new Promise<Turn>((resolve, reject) => {
      const onAbort = (): void => {
        turn.end();
        reject(abortErrorFor(turn.signal));
      };
      if (turn.signal.aborted) {
        onAbort();
        return;
      }
      turn.signal.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        turn.signal.removeEventListener('abort', onAbort);
        if (turn.signal.aborted) onAbort();
        else resolve(turn);
      });
    });
  }
}
