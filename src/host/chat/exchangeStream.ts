// How one exchange in flight is shown in the webview: `turn/start`, coalesced `turn/chunk`s and whole
// `turn/update`s, all numbered from one per-exchange counter so the webview can spot a lost message.
// Every update first sends the text the coalescer holds, so a whole exchange never arrives before (or
// without) a chunk it already contains.
import type { ExchangeRecord } from '../../core/transcript';
import type { HostToWebview, RetryView } from '../../shared/protocol';
import { ChunkCoalescer } from './chunkCoalescer';
import type { TimerPort } from './timers';
import { exchangeViewOf } from './exchangeView';

export interface ExchangeStreamOptions {
  post(message: HostToWebview): void;
  /** The next number of this exchange's counter. */
  nextSeq(): number;
  /** Default: the coalescer's own. */
  coalesceMs?: number;
  timers: TimerPort;
}

export class ExchangeStream {
  private readonly coalescer: ChunkCoalescer;
  /** The retry wait last shown, until the next update: a snapshot taken meanwhile shows it too. */
  private waiting: RetryView | undefined;

  constructor(
    private readonly exchange: ExchangeRecord,
    private readonly options: ExchangeStreamOptions,
  ) {
    this.coalescer = new ChunkCoalescer(
      (text, thought) =>
        options.post({
          type: 'turn/chunk',
          exchangeId: exchange.id,
          seq: options.nextSeq(),
          ...(text ? { text } : {}),
          ...(thought ? { thought } : {}),
        }),
      options.coalesceMs,
      options.timers,
    );
  }

  start(): void {
    this.options.post({ type: 'turn/start', exchange: exchangeViewOf(this.exchange) });
  }

  delta(text: string, thought: string): void {
    this.coalescer.push(text, thought);
  }

  /** The exchange as a whole (a status change, a retry wait, the end). */
  update(retry?: RetryView): void {
    this.waiting = retry;
    const view = exchangeViewOf(this.exchange);
    if (retry) view.answer.retry = retry;
    this.coalescer.flush();
    this.options.post({ type: 'turn/update', exchange: view, seq: this.options.nextSeq() });
  }

  get retry(): RetryView | undefined {
    return this.waiting;
  }

  /** Sends what the coalescer holds now. */
  flush(): void {
    this.coalescer.flush();
  }

  /** Sends what is held and stops the coalescer's timer; nothing is sent through it afterwards. */
  close(): void {
    this.coalescer.dispose();
  }
}
