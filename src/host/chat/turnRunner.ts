// Runs one exchange's request: a fresh ChatSession from the transcript's history (the transcript is
// the source of truth; a session made per turn can never drift from it), the stream read to its end,
// each chunk's candidates recorded exactly as received, and the outcome as a status:
//   complete / blocked        the stream ended
//   stopped                   the user aborted after text arrived (kept, and part of the conversation)
//   interrupted               the stream broke after text arrived, VS Code closed before the
//                             answer was complete, or the answer cannot go back as history (empty);
//                             shown, not sent; Retry replaces it
//   error                     it failed before anything reached the user
import type { Content, GenerateContentConfig, GenerateContentResponseData } from '../../core/types';
import { cutOffByClosing, isSendableAnswer, type ExchangeRecord } from '../../core/transcript';
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
  /** geminiChat.baseUrl, when the user set one. */
  baseUrl?: string;
  now: () => number;
  /** New text for the candidate shown while streaming (candidate 0). */
  onDelta(text: string, thought: string): void;
  /** The exchange changed as a whole (status, retry wait). */
  onUpdate(retry?: RetryView): void;
  /** After each chunk: the caller decides whether to checkpoint. */
  onProgress(): void;
}

/** The abort reason when VS Code closes during a reply. */
export const WINDOW_CLOSING = 'VS Code is closing';

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
      onRetry: (info: RetryNotice) => {
        const retry = retryViewOf(info, input.now());
        exchange.retryingAfter = retry.reason;
        input.onUpdate(retry);
      },
    });
    delete exchange.retryingAfter;
    for await (const chunk of stream) {
      apply(chunk);
      input.onProgress();
    }
    settleCandidates(exchange, candidates, finishReasons);
    if (sources) exchange.sources = sources;
    if (exchange.candidates) exchange.candidateIndex = firstAnswered(exchange);
    const outcome = finishedOutcome(exchange, blockReason);
    return outcome === 'complete' ? unlessUnsendable(exchange, outcome) : outcome;
  } catch (err) {
    settleCandidates(exchange, candidates, finishReasons);
    if (sources) exchange.sources = sources;
    if (input.signal.aborted && input.signal.reason === WINDOW_CLOSING) {
      // Nobody chose to stop it: the question stays, with what arrived, for Retry in the next window,
      // just as when a window is killed and its last checkpoint is read back.
      exchange.status = 'interrupted';
      exchange.error = cutOffByClosing(exchange.retryingAfter);
      return 'interrupted';
    }
    if (isAbortError(err) || input.signal.aborted) {
      if (!shownAnything) return 'stoppedBeforeAnswer';
      exchange.status = 'stopped';
      delete exchange.error;
      return unlessUnsendable(exchange, 'stopped');
    }
    exchange.error = errorViewOf(err, input.provider, input.baseUrl);
    if (shownAnything) {
      exchange.status = 'interrupted';
      exchange.error.action = 'retry';
      return 'interrupted';
    }
    exchange.status = 'error';
    return 'error';
  } finally {
    delete exchange.retryingAfter;
  }
}

/**
 * An answer that cannot go back as history (nothing in it, or an empty part) is left out of the
 * conversation with its question (isSendableAnswer), so it is not shown as part of it either: it is
 * interrupted, and Retry asks again. With several candidates another one may be chosen instead.
 */
function unlessUnsendable(exchange: ExchangeRecord, outcome: 'complete' | 'stopped'): TurnOutcome {
  if (exchange.candidates || isSendableAnswer(exchange.model)) return outcome;
  const reason = exchange.finishReason;
  exchange.status = 'interrupted';
  exchange.error = {
    message: exchange.model.length > 0
      ? 'Gemini’s answer held an empty part, which Gemini does not take back as history.'
      : reason === 'MAX_TOKENS'
        ? 'Gemini reached the answer’s token limit (MAX_TOKENS) before writing anything: raise “geminiChat.maxOutputTokens”, or lower “geminiChat.thinking.budget”, for new chats.'
        : `Gemini sent an empty answer${reason && reason !== 'STOP' ? ` (${reason})` : ''}.`,
    action: 'retry',
  };
  return 'interrupted';
}

/**
 * With several candidates, every one is kept with its finish reason; the one shown (and sent as
 * history) is `model`, candidate 0 until finishedOutcome's caller picks another.
 */
function settleCandidates(exchange: ExchangeRecord, candidates: Map<number, Content[]>, finishReasons: Map<number, string>): void {
  const kept = [...candidates.entries()].filter(([i, list]) => i === 0 || list.length > 0 || finishReasons.has(i)).sort((a, b) => a[0] - b[0]);
  if (kept.length > 1) {
    exchange.candidates = kept.map(([, list]) => list);
    exchange.candidateFinishReasons = kept.map(([i]) => finishReasons.get(i) ?? null);
    exchange.candidateIndex = 0;
    exchange.model = exchange.candidates[0] ?? [];
  } else {
    delete exchange.candidates;
    delete exchange.candidateIndex;
    delete exchange.candidateFinishReasons;
  }
  exchange.finishReason = finishReasons.get(0);
}

/** The first candidate that is an answer (not stopped by a filter before any text); 0 when none is. */
function firstAnswered(exchange: ExchangeRecord): number {
  const found = (exchange.candidates ?? []).findIndex((list, i) => !blockedBefore(list, exchange.candidateFinishReasons?.[i] ?? undefined));
  return Math.max(0, found);
}

function blockedBefore(model: Content[], finishReason: string | undefined): boolean {
  return finishReason !== undefined && BLOCK_REASONS.has(finishReason) && !renderContents(model).text.trim();
}

/**
 * A finished exchange's status, finish reason and message, from the candidate it shows: each
 * candidate ends for its own reason, and one can be blocked while another answered. Also when another
 * candidate is chosen (selectCandidate). `blockReason`: the prompt itself was blocked.
 */
export function finishedOutcome(exchange: ExchangeRecord, blockReason?: string): 'complete' | 'blocked' {
  const index = exchange.candidateIndex ?? 0;
  if (exchange.candidates) {
    exchange.model = exchange.candidates[index] ?? exchange.model;
    const reason = exchange.candidateFinishReasons?.[index];
    if (reason) exchange.finishReason = reason;
    else delete exchange.finishReason;
  }
  const reason = exchange.finishReason;
  if (blockReason || (reason !== undefined && blockedBefore(exchange.model, reason))) {
    exchange.status = 'blocked';
    exchange.error = {
      message: blockReason ? `Gemini blocked this prompt (${blockReason}). Rephrase it and send again.` : `Gemini stopped this answer (${reason}).`,
    };
    return 'blocked';
  }
  exchange.status = 'complete';
  delete exchange.error;
  return 'complete';
}

function dedupe(sources: SourceView[]): SourceView[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.uri) ? false : (seen.add(s.uri), true)));
}
