// The errors the engine throws. Every failure the host has to tell apart has its own class, so the
// host decides what to show (Retry, set the key, pick a model) from the class and its fields, never
// from message text.

/** Statuses where the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export interface ApiErrorInit {
  /** HTTP status (for an error inside a 200 stream, the error's own code). */
  status: number;
  message: string;
  /** The API's status word, e.g. RESOURCE_EXHAUSTED. */
  apiStatus?: string;
  /** `error.details` as sent (RetryInfo, QuotaFailure, DebugInfo, …). */
  details?: unknown[];
  /** When the API said how long to wait (RetryInfo or Retry-After). */
  retryDelayMs?: number;
  /** Overrides the status-based default, e.g. for a per-day quota. */
  retryable?: boolean;
}

/** An error answer from the Gemini API. */
export class ApiError extends Error {
  readonly status: number;
  readonly apiStatus?: string;
  readonly details?: unknown[];
  readonly retryDelayMs?: number;
  /** Whether sending the same request again could help. */
  readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.apiStatus = init.apiStatus;
    this.details = init.details;
    this.retryDelayMs = init.retryDelayMs;
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
  }
}

/** 4xx: the request, the key or the quota. */
export class ClientError extends ApiError {}
/** 5xx: Google's side. */
export class ServerError extends ApiError {}

/** Picks the class for a status, so callers can `instanceof` on 4xx vs 5xx. */
export function createApiError(init: ApiErrorInit): ApiError {
  if (init.status >= 400 && init.status < 500) return new ClientError(init);
  if (init.status >= 500 && init.status < 600) return new ServerError(init);
  return new ApiError(init);
}

/** No HTTP answer at all: refused, reset, DNS, TLS, connect or first-byte timeout. Worth a retry. */
export class NetworkError extends Error {
  readonly retryable = true;
  readonly code?: string;

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, { cause: options?.cause });
    this.name = 'NetworkError';
    this.code = options?.code;
  }
}

export type InterruptReason = 'connection' | 'idle' | 'truncated';

/**
 * A stream that ended before its answer did: the connection dropped, nothing arrived for the idle
 * timeout, or the body ended cleanly but no chunk carried a finishReason. Chunks already handed out
 * stay valid; the turn is not recorded.
 */
export class StreamInterruptedError extends Error {
  readonly reason: InterruptReason;
  /** The user may press Retry; the engine never retries a stream that has handed out chunks. */
  readonly retryable = true;

  constructor(reason: InterruptReason, message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'StreamInterruptedError';
    this.reason = reason;
  }
}

/** The caller aborted. A stop is a state for the host, so this is easy to recognise by name. */
export class AbortError extends Error {
  constructor(message = 'The request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/** Bad input refused before any request was made (empty message, bad role, bad model id). */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** The error to throw once `signal` has fired, whatever undici or a timer rejected with. */
export function abortErrorFor(signal: AbortSignal | undefined, cause?: unknown): AbortError {
  const reason: unknown = signal?.reason;
  if (reason instanceof AbortError) return reason;
  return new AbortError('The request was aborted.', { cause: reason ?? cause });
}

/** Throws the abort error when `signal` has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortErrorFor(signal);
}
