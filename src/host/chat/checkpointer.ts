// Saves a streaming reply now and then, so a window reloaded or killed mid-reply brings back what had
// arrived. Leading edge: the first chunk is saved at once (a reload right after it must not lose it).
// Trailing edge: chunks that arrive during the quiet interval are saved when it ends, even if no chunk
// follows (a slow stream). One save at a time: on a slow disk they must not queue up.
import type { TimerPort } from './timers';

export class Checkpointer {
  private last = -Infinity;
  private saving = false;
  private dirty = false;
  private timer: unknown;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly timers: TimerPort,
    private readonly now: () => number,
  ) {}

  /** Something new arrived. */
  progress(): void {
    this.dirty = true;
    this.pump();
  }

  /** The turn ended (its final save follows): no more checkpoints. */
  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.dirty = false;
  }

  private pump(): void {
    if (!this.dirty || this.saving || this.timer !== undefined) return;
    const wait = this.last + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = this.timers.set(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.dirty = false;
    this.saving = true;
    this.last = this.now();
    void this.save().finally(() => {
      this.saving = false;
      this.pump();
    });
  }
}
