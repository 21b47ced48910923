// Turns Gemini's error answers into ApiErrors. The same `google.rpc.Status` JSON arrives in several
// wrappings: a plain JSON body, the same body under `text/event-stream`, a
// one-element array (Vertex), an SSE `data:` event or a bare JSON line inside a 200 stream.
import { createApiError, type ApiError } from './errors';
import { headerValue, type HeaderMap } from './httpHeaders';

interface RpcStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

/** A proto Duration as JSON: "53s", "1.5s", "0.010s". */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(value);
  return m?.[1] === undefined ? undefined : Math.round(Number(m[1]) * 1000);
}

/** `Retry-After`: delta seconds or an HTTP date. */
export function parseRetryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function detailsOfType(details: unknown[] | undefined, suffix: string): Record<string, unknown>[] {
  return (details ?? []).filter(
    (d): d is Record<string, unknown> =>
      typeof d === 'object' && d !== null && String((d as Record<string, unknown>)['@type'] ?? '').endsWith(suffix),
  );
}

function retryInfoDelayMs(details: unknown[] | undefined): number | undefined {
  for (const d of detailsOfType(details, 'google.rpc.RetryInfo')) {
    const ms = parseDurationMs(d.retryDelay);
    if (ms !== undefined) return ms;
  }
  return undefined;
}

/** A per-day quota does not come back within any retry budget: waiting minutes will not help. */
function isDailyQuota(details: unknown[] | undefined): boolean {
  return detailsOfType(details, 'google.rpc.QuotaFailure').some((d) => {
    const violations = Array.isArray(d.violations) ? (d.violations as Record<string, unknown>[]) : [];
    return violations.some((v) => /per_?day/i.test(`${String(v.quotaId ?? '')} ${String(v.quotaMetric ?? '')}`));
  });
}

function asRpcStatus(payload: unknown): RpcStatus | undefined {
  const unwrapped = Array.isArray(payload) && payload.length === 1 ? payload[0] : payload;
  if (typeof unwrapped !== 'object' || unwrapped === null) return undefined;
  const error = (unwrapped as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  return error as RpcStatus;
}

/**
 * The ApiError carried by a parsed payload (`{error}` or `[{error}]`), or undefined when the payload
 * is not an error. `httpStatus` is used when the error has no code of its own.
 */
export function errorFromPayload(payload: unknown, httpStatus: number, retryAfterMs?: number): ApiError | undefined {
  const rpc = asRpcStatus(payload);
  if (!rpc) return undefined;
  const status = typeof rpc.code === 'number' && rpc.code >= 400 ? rpc.code : httpStatus;
  const details = Array.isArray(rpc.details) ? rpc.details : undefined;
  const daily = status === 429 && isDailyQuota(details);
  let message = typeof rpc.message === 'string' && rpc.message ? rpc.message : `Gemini API error ${status}`;
  if (daily) message += ' (This is a per-day quota: it resets at midnight Pacific time, so retrying now will not help.)';
  return createApiError({
    status,
    message,
    apiStatus: typeof rpc.status === 'string' ? rpc.status : undefined,
    details,
    retryDelayMs: retryInfoDelayMs(details) ?? retryAfterMs,
    ...(daily ? { retryable: false } : {}),
  });
}

/** The JSON text of a body that may be SSE-framed (`data: {...}` lines). */
function unframe(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('data:')) return trimmed;
  return trimmed
    .split(/\r\n|\r|\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
    .join('\n');
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const MAX_SNIPPET = 300;
const HTML_PAGE = /^\s*<(?:!doctype\s+html|html|head|body|title|h1)\b/i;
/** Only the start of an HTML page is read for its words: a gateway's page is short, a hostile one need not be. */
const MAX_HTML = 16 * 1024;

/**
 * The words of an HTML error page (a gateway's or a proxy's, in front of the API): its title, or else
 * its text without markup, scripts and styles. Shown in the chat, markup would be noise.
 */
function pageWords(html: string): string {
  const head = html.slice(0, MAX_HTML);
  const title = /<title\b[^>]*>([^<]*)</i.exec(head)?.[1]?.trim();
  const words = title || head.replace(/<(script|style)\b[^>]*>[^]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ');
  return words.replace(/\s+/g, ' ').trim();
}

/** The error for a non-2xx answer, whatever its body holds. */
export function errorFromResponseBody(status: number, body: string, headers: HeaderMap = {}): ApiError {
  const retryAfterMs = parseRetryAfterMs(headerValue(headers, 'retry-after'));
  const parsed = errorFromPayload(tryParseJson(unframe(body)), status, retryAfterMs);
  if (parsed) return parsed;
  const page = HTML_PAGE.test(body);
  const snippet = (page ? pageWords(body) : body.trim()).slice(0, MAX_SNIPPET);
  const message = page
    ? `Gemini API answered HTTP ${status} with a web page${snippet ? ` ("${snippet}")` : ''}: a gateway or proxy between here and the API may be failing.`
    : `Gemini API answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`;
  return createApiError({ status, message, retryDelayMs: retryAfterMs });
}
