// What the user sees when a turn fails, and the one action that fits: decided from the error's class
// and fields (status, API status, reason), never from a stack trace.
import type { ErrorView, RetryView } from '../../shared/protocol';
import { ApiError, NetworkError, StreamInterruptedError, InvalidInputError } from '../../core/errors';
import type { Provider } from '../settingsModel';
import type { RetryNotice } from './geminiPorts';

function mentionsInvalidKey(err: ApiError): boolean {
  const reasons = (err.details ?? []).map((d) => (d && typeof d === 'object' ? (d as { reason?: unknown }).reason : undefined));
  return reasons.includes('API_KEY_INVALID') || /api key/i.test(err.message);
}

/** `baseUrl`: the server the user set in geminiChat.baseUrl, if any (the first thing to check when it cannot be reached). */
export function errorViewOf(err: unknown, provider: Provider = 'gemini', baseUrl?: string): ErrorView {
  if (err instanceof ApiError) {
    const view: ErrorView = { message: err.message || `Gemini answered ${err.status}.`, status: err.status };
    if (err.status === 401 || err.status === 403 || (err.status === 400 && mentionsInvalidKey(err))) {
      view.action = provider === 'vertex' ? 'openSettings' : 'setApiKey';
      if (provider === 'vertex') view.message += ' Check your Google Cloud credentials (gcloud auth application-default login) and the Vertex project setting.';
    } else if (err.status === 404) {
      view.action = 'selectModel';
    } else if (err.retryable) {
      view.action = 'retry';
      if (err.status === 429) view.message = `Rate limit or quota reached: ${err.message}`;
      else if (err.status >= 500) view.message += ` (Gemini answered ${err.status}: an error on its side.)`;
    } else if (err.status === 400) {
      view.action = 'openSettings';
      view.message += ' If a setting is the cause: a chat keeps the settings it started with, so after changing it start a New Chat.';
    }
    return view;
  }
  if (err instanceof StreamInterruptedError) {
    const why = err.reason === 'idle' ? 'nothing arrived for too long' : err.reason === 'truncated' ? 'the answer ended early' : 'the connection dropped';
    return { message: `The reply was interrupted: ${why}.`, action: 'retry' };
  }
  if (err instanceof NetworkError) {
    const check = baseUrl ? `Check the geminiChat.baseUrl setting (${baseUrl}), then your network and proxy settings.` : 'Check your network and proxy settings.';
    return { message: `${err.message} ${check}`, action: 'retry' };
  }
  if (err instanceof InvalidInputError) return { message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { message: message || 'Something went wrong.', action: 'showLogs' };
}

/** The wait shown while the engine retries after 429/503. */
export function retryViewOf(info: RetryNotice, now: number): RetryView {
  const status = info.error instanceof ApiError ? info.error.status : undefined;
  const reason =
    status === 429 ? 'Rate limited (429)' : status === 503 ? 'Gemini is overloaded (503)' : status ? `Gemini answered ${status}` : 'Network error';
  return { until: now + info.delayMs, reason };
}
