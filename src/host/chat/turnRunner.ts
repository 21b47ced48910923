// Runs one exchange's request: a fresh ChatSession from the transcript's history (the transcript is
// the source of truth; a session made per turn can never drift from it), the stream read to its end,
// each chunk's candidates recorded exactly as received, and the outcome as a status:
//   complete / blocked        the stream ended
//   stopped                   the user aborted after text arrived (kept, and part of the conversation)
//   interrupted               the stream broke after text arrived (shown; Retry replaces it)
//   error                     it failed before anything reached the user
import type { Content, GenerateContentConfig, GenerateContentResponseData } from '../../core/types';
import type { ExchangeRecord } from '../../core/transcript';
import type { RetryView, SourceView } from '../../shared/protocol';
import type { GeminiClientLike, RetryNotice } from './geminiPorts';
import type { Provider } from '../settingsModel';
import { renderContents } from './answerMarkdown';
import { errorViewOf, retryViewOf } from './errorView';
import { isAbortError } from '../../core/errors';

export interface TurnInput {
  client: GeminiClientLike;
  model: string;
  config: GenerateContentConfig;
  history: Content[];
  exchange: ExchangeRecord;
  signal: AbortSignal;
  provider: Provider;
  now: () => number;
  /** New text for the candidate shown while streaming (candidate 0). */
  onDelta(text: string, thought: string): void;
  /** The exchange changed as a whole (status, retry wait). */
  onUpdate(retry?: RetryView): void;
  /** After each chunk: the caller decides whether to checkpoint. */
  onProgress(): void;
}

export type TurnOutcome = 'complete' | 'blocked' | 'stopped' | 'stoppedBeforeAnswer' | 'interrupted' | 'error';

const BLOCK_REASONS = new Set(['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION', 'IMAGE_SAFETY']);

export async function runTurn(input: TurnInput): Promise<TurnOutcome> {
  const { exchange } = input;
  const candidates = new Map<number, Content[]>();
  const finishReasons = new Map<number, string>();
  let sources: SourceView[] | undefined;
  let blockReason: string | undefined;
  let shownAnything = false;
  exchange.model = [];
  candidates.set(0, exchange.model);
  exchange.status = 'waiting';

  const apply = (chunk: GenerateContentResponseData): void => {
    if (chunk.usageMetadata) exchange.usage = chunk.usageMetadata;
    if (chunk.promptFeedback?.blockReason) blockReason = chunk.promptFeedback.blockReason;
    (chunk.candidates ?? []).forEach((c, i) => {
      const index = c.index ?? i;
      if (c.finishReason) finishReasons.set(index, c.finishReason);
      if (index === 0 && c.groundingMetadata?.groundingChunks) {
        const found = c.groundingMetadata.groundingChunks.flatMap((g) => (g.web?.uri ? [{ title: g.web.title ?? g.web.uri, uri: g.web.uri }] : []));
        if (found.length) sources = dedupe([...(sources ?? []), ...found]);
      }
      if (!c.content || !Array.isArray(c.content.parts) || c.content.parts.length === 0) return;
      const list = candidates.get(index) ?? [];
      candidates.set(index, list);
      const { text, thought } = index === 0 ? renderContents([c.content]) : { text: '', thought: '' };
      if ((text || thought) && exchange.status === 'waiting') {
        // The whole-exchange update goes before this chunk is recorded: the view then appends the
        // chunk to it, and must not find it in the update already.
        exchange.status = 'streaming';
        input.onUpdate();
      }
      // Recorded as received, one entry per chunk (thought signatures stay on their parts).
      list.push({ ...c.content, role: c.content.role ?? 'model' });
      if (text || thought) {
        shownAnything = true;
        input.onDelta(text, thought);
      }
    });
  };

  try {
    const session = input.client.chats.create({ model: input.model, config: input.config, history: input.history });
    const stream = await session.sendMessageStream({
      message: exchange.user.parts,
      signal: input.signal,
      onRetry: (info: RetryNotice) => input.onUpdate(retryViewOf(info, input.now())),
    });
    for await (const chunk of stream) {
      apply(chunk);
      input.onProgress();
    }
    settleCandidates(exchange, candidates);
    exchange.finishReason = finishReasons.get(exchange.candidateIndex ?? 0) ?? finishReasons.get(0);
    if (sources) exchange.sources = sources;
    const blocked = blockReason ?? (exchange.finishReason && BLOCK_REASONS.has(exchange.finishReason) ? exchange.finishReason : undefined);
    if (blocked && (blockReason || !renderContents(exchange.model).text.trim())) {
      exchange.status = 'blocked';
      exchange.error = {
        message: blockReason
          ? `Gemini blocked this prompt (${blockReason}). Rephrase it and send again.`
          : `Gemini stopped this answer (${blocked}).`,
      };
      return 'blocked';
    }
    exchange.status = 'complete';
    delete exchange.error;
    return 'complete';
  } catch (err) {
    settleCandidates(exchange, candidates);
    if (sources) exchange.sources = sources;
    if (isAbortError(err) || input.signal.aborted) {
      if (!shownAnything) return 'stoppedBeforeAnswer';
      exchange.status = 'stopped';
      delete exchange.error;
      return 'stopped';
    }
    exchange.error = errorViewOf(err, input.provider);
    if (shownAnything) {
      exchange.status = 'interrupted';
      exchange.error.action = 'retry';
      return 'interrupted';
    }
    exchange.status = 'error';
    return 'error';
  }
}

/** With several candidates, every one is kept; the one shown (and sent as history) is `model`. */
function settleCandidates(exchange: ExchangeRecord, candidates: Map<number, Content[]>): void {
  const nonEmpty = [...candidates.entries()].filter(([i, list]) => i === 0 || list.length > 0).sort((a, b) => a[0] - b[0]);
  if (nonEmpty.length > 1) {
    exchange.candidates = nonEmpty.map(([, list]) => list);
    exchange.candidateIndex = 0;
    exchange.model = exchange.candidates[0] ?? [];
  } else {
    delete exchange.candidates;
    delete exchange.candidateIndex;
  }
}

function dedupe(sources: SourceView[]): SourceView[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.uri) ? false : (seen.add(s.uri), true)));
}
