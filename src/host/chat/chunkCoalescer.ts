// Coalesces streamed text before it is posted to the webview: the first chunk goes at once, then at
// most one message per interval (leading and trailing edge). A burst of thousands of tiny chunks
// becomes a few hundred messages, while a sparse stream pays no delay.
import { realTimers, type TimerPort } from './timers';

export class ChunkCoalescer {
  private text = '';
  private thought = '';
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly emit: (text: string, thought: string) => void,
    private readonly intervalMs = 16,
    private readonly timers: TimerPort = realTimers,
  ) {}

  push(text: string, thought = ''): void {
    if (this.disposed || (!text && !thought)) return;
    this.text += text;
    this.thought += thought;
    // Outside a window: send now (leading edge) and open a window that collects what follows.
    if (this.timer === undefined) {
      this.send();
      this.timer = this.timers.set(() => this.windowEnded(), this.intervalMs);
    }
  }

  /** Sends what is pending now (before the turn's final update, so nothing arrives after it). */
  flush(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.send();
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
  }

  private windowEnded(): void {
    this.timer = undefined;
    if (!this.text && !this.thought) return;
    // Trailing edge: what collected during the window goes now, and another window opens.
    this.send();
    this.timer = this.timers.set(() => this.windowEnded(), this.intervalMs);
  }

  private send(): void {
    if (!this.text && !this.thought) return;
    const { text, thought } = this;
    this.text = '';
    this.thought = '';
    this.emit(text, thought);
  }
}
