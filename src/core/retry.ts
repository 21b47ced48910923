// Retries of a request that failed before anything reached the caller (session rule 9, README.md):
// 408/429/5xx and network errors, exponential backoff with jitter, the server's own delay
// (RetryInfo.retryDelay or Retry-After) honoured exactly. A server delay longer than a few minutes is
// final: the error says how long Gemini asked to wait, and the user decides.
import { abortErrorFor, ApiError, createApiError, isAbortError, NetworkError, StreamInterruptedError } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included (1 = never retry). */
  maxAttempts: number;
  /** Backoff before the first retry; doubles each time. */
  initialDelayMs: number;
  /** Cap of the backoff (not of a delay the server asked for). */
  maxDelayMs: number;
  /** A server-requested delay above this is not waited for. */
  maxServerDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  maxServerDelayMs: 180_000,
};

export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  maxAttempts: number;
  /** How long the engine waits before it. */
  delayMs: number;
  /** Why the previous attempt failed. */
  error: ApiError | Error;
}

export type OnRetry = (info: RetryInfo) => void;

/** Whether sending the same request again could help: a retryable API error, a network failure, or
 * a stream cut short (which the engine itself retries only before its first chunk). */
export function isRetryableError(err: unknown): boolean {
  return (err instanceof ApiError || err instanceof NetworkError || err instanceof StreamInterruptedError) && err.retryable;
}

/** Backoff before retry number `retry` (1-based): half fixed, half random, so clients spread out. */
export function backoffDelayMs(retry: number, opts: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.initialDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function describeDelay(ms: number): string {
  if (ms < 120_000) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.ceil(ms / 60_000)} min`;
  return `${Math.ceil(ms / 3_600_000)} h`;
}

/** A wait that ends early, rejecting with an AbortError, when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortErrorFor(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortErrorFor(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The wait before attempt `n + 1` after attempt `n` failed with `err`, or throws the error to report:
 * `err` itself when it is not worth retrying or the attempts are spent, or a final ApiError when the
 * server asked for a wait longer than `maxServerDelayMs`.
 */
export function retryDelayOrThrow(err: unknown, n: number, opts: RetryOptions): number {
  if (!isRetryableError(err) || n >= opts.maxAttempts) throw err;
  const serverDelay = err instanceof ApiError ? err.retryDelayMs : undefined;
  if (serverDelay === undefined) return backoffDelayMs(n, opts);
  if (serverDelay > (opts.maxServerDelayMs ?? DEFAULT_RETRY.maxServerDelayMs) && err instanceof ApiError) {
    throw createApiError({
      status: err.status,
      apiStatus: err.apiStatus,
      details: err.details,
      retryDelayMs: serverDelay,
      message: `${err.message} (Gemini asks to wait ${describeDelay(serverDelay)} before trying again; not retrying automatically.)`,
    });
  }
  return serverDelay;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts run out. `attempt` must only
 * fail with a retryable error while nothing has been handed to the caller.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  opts: RetryOptions,
  signal?: AbortSignal,
  onRetry?: OnRetry,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (signal?.aborted || isAbortError(err)) throw abortErrorFor(signal, err);
      const delayMs = retryDelayOrThrow(err, n, opts);
      onRetry?.({ attempt: n + 1, maxAttempts: opts.maxAttempts, delayMs, error: err as Error });
      await sleep(delayMs, signal);
    }
  }
}
