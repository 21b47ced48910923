// Chips too large to go inline are uploaded to the Files API as soon as they are attached, so that a
// Send usually finds them up. A Send during such an upload waits for it rather than starting another
// (two copies of the file, and twice the wait). A chip removed meanwhile stops its upload, and a Send
// waiting for it goes on without it; a Send stopped meanwhile gives its message back, and the uploads go on.
import type { PendingAttachment } from '../services';

interface Running {
  /** True when the file is up, false when it failed (and the user was told) or was stopped. */
  done: Promise<boolean>;
  /** Aborted when the chip is removed. */
  stop: AbortController;
  /** How much is up (0–1): for the chip's progress bar when its chat is opened again. */
  progress: number;
}

/** Resolves when `signal` is aborted. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

export class ChipUploads {
  private readonly running = new Map<string, Running>();

  /** Starts chip `id`'s upload, unless it is under way, and keeps it until it ends. */
  track(id: string, upload: (signal: AbortSignal, progressed: (fraction: number) => void) => Promise<boolean>): void {
    if (this.running.has(id)) return;
    const entry: Running = { done: Promise.resolve(false), stop: new AbortController(), progress: 0 };
    entry.done = upload(entry.stop.signal, (fraction) => (entry.progress = fraction)).finally(() => {
      if (this.running.get(id) === entry) this.running.delete(id);
    });
    this.running.set(id, entry);
  }

  /** How much of chip `id` is up, while it uploads. */
  progressOf(id: string): number | undefined {
    return this.running.get(id)?.progress;
  }

  /** Chip `id` was removed: its upload stops. */
  forget(id: string): void {
    this.running.get(id)?.stop.abort();
    this.running.delete(id);
  }

  /**
   * Resolves once the uploads of `chips` have ended or their chips were removed: 'failed' when one of
   * them failed; 'cancelled' when `cancel` is aborted first (the uploads go on).
   */
  async settled(chips: readonly PendingAttachment[], cancel: AbortSignal): Promise<'up' | 'failed' | 'cancelled'> {
    const all = Promise.all(
      chips.map((c) => {
        const entry = this.running.get(c.record.id);
        if (!entry) return true;
        // Whichever ends the wait first, the stopped upload's failure or the removal, a removed chip is no failure.
        const { signal } = entry.stop;
        return Promise.race([entry.done, aborted(signal)]).then((ok) => signal.aborted || ok === true);
      }),
    ).then((results): 'up' | 'failed' => (results.every(Boolean) ? 'up' : 'failed'));
    return Promise.race([all, aborted(cancel).then(() => 'cancelled' as const)]);
  }
}
