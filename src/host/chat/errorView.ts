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

/** What a 400's message names as its cause, read from Gemini's wording (it has no reason code for these). */
type BadRequestCause = 'tooLong' | 'setting' | 'content' | 'precondition' | 'unknown';

const TOO_LONG = /token count.*exceeds|exceeds the maximum number of tokens|payload size exceeds/i;
/** Parts of the request the settings make, as Gemini names them (snake_case or camelCase) or words them. */
const SETTING =
  /generation_?config|thinking|temperature|top_?[pk]\b|max_?output_?tokens|stop_?sequences|response_?(?:mime_?type|schema)|json mode|safety|\btools?\b|function calling|search|code_?execution|code execution|system_?instruction|developer instruction|penalty/i;
/** What a message carries: its parts and files. */
const CONTENT = /\bcontents?\b|\bparts?\b|inline_?data|file_?data|image|document|\bpdf\b|audio|video|mime ?type|\bfile\b/i;

function badRequestCause(err: ApiError): BadRequestCause {
  if (TOO_LONG.test(err.message)) return 'tooLong';
  if (SETTING.test(err.message)) return 'setting';
  if (CONTENT.test(err.message)) return 'content';
  // e.g. "User location is not supported for the API use.": the message says all there is.
  if (err.apiStatus === 'FAILED_PRECONDITION') return 'precondition';
  return 'unknown';
}

const NEW_CHAT_FOR_SETTINGS = 'a chat keeps the settings it started with, so after changing it start a New Chat.';
const BAD_REQUEST_HINTS: Record<BadRequestCause, string> = {
  tooLong: 'The chat with its files is more than Gemini takes in one request: remove a large file, rewind the chat (Rewind to here) or start a New Chat.',
  setting: `A setting is the likely cause: ${NEW_CHAT_FOR_SETTINGS}`,
  content: 'The message or a file it carries is the likely cause: change it and send it again.',
  precondition: '',
  unknown: `If a setting is the cause: ${NEW_CHAT_FOR_SETTINGS}`,
};

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
      const cause = badRequestCause(err);
      const hint = BAD_REQUEST_HINTS[cause];
      if (hint) view.message += ` ${hint}`;
      if (cause === 'setting' || cause === 'unknown') view.action = 'openSettings';
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
