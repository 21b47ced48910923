// What the user sees when a turn fails, and the one action that fits: decided from the error's class
// and fields (status, API status, reason), never from a stack trace.
import type { ErrorView, RetryView } from '../../shared/protocol';
import { ApiError, NetworkError, StreamInterruptedError, InvalidInputError } from '../../core/errors';
import { MissingCredentialsError } from '../../core/apiTransport';
import type { Provider } from '../settingsModel';
import type { RetryNotice } from './geminiPorts';

function mentionsInvalidKey(err: ApiError): boolean {
  const reasons = (err.details ?? []).map((d) => (d && typeof d === 'object' ? (d as { reason?: unknown }).reason : undefined));
  return reasons.includes('API_KEY_INVALID') || /api key/i.test(err.message);
}

const TOO_LONG = /token count.*exceeds|exceeds the maximum number of tokens|payload size exceeds/i;
/**
 * Parts of the request the settings make, as Gemini names them (snake_case or camelCase) or words
 * them, each with the setting behind it where there is one.
 */
const SETTINGS: [RegExp, string?][] = [
  [/thinking|budget/i, 'geminiChat.thinking.budget'],
  [/temperature/i, 'geminiChat.temperature'],
  [/top_?p\b/i, 'geminiChat.topP'],
  [/top_?k\b/i, 'geminiChat.topK'],
  [/max_?output_?tokens/i, 'geminiChat.maxOutputTokens'],
  [/stop_?sequences/i, 'geminiChat.stopSequences'],
  [/candidate_?count/i, 'geminiChat.candidateCount'],
  [/safety/i, 'geminiChat.safetySettings'],
  [/\bsearch\b|grounding/i, 'geminiChat.tools.googleSearch'],
  [/code_?execution|code execution/i, 'geminiChat.tools.codeExecution'],
  [/system_?instruction|developer instruction/i, 'geminiChat.systemInstruction'],
  [/generation_?config|response_?(?:mime_?type|schema)|json mode|\btools?\b|function calling|penalty/i],
];
/** What a message carries: its parts and files. */
const CONTENT = /\bcontents?\b|\bparts?\b|inline_?data|file_?data|image|document|\bpdf\b|audio|video|mime ?type|\bfile\b/i;
const NEW_CHAT_FOR_SETTINGS = 'change it, then run Gemini Chat: Use Current Settings in This Chat (a chat keeps the settings it started with).';

/**
 * What to add to a 400's message, read from what Gemini's message names (it gives no reason code for
 * these), and whether the settings can help.
 */
function badRequestHint(err: ApiError): { hint?: string; openSettings?: true } {
  const message = err.message;
  if (TOO_LONG.test(message)) {
    return { hint: 'The message, its files and the chat before it are more than Gemini takes in one request: shorten the message or remove a large file, or in a long chat rewind it (Rewind to here) or start a New Chat.' };
  }
  const setting = SETTINGS.find(([pattern]) => pattern.test(message));
  if (setting) return { hint: `A setting is the likely cause${setting[1] ? ` (${setting[1]})` : ''}: ${NEW_CHAT_FOR_SETTINGS}`, openSettings: true };
  if (CONTENT.test(message)) return { hint: 'The message or a file it carries is the likely cause: change it and send it again.' };
  // e.g. "User location is not supported for the API use.": the message says all there is.
  if (err.apiStatus === 'FAILED_PRECONDITION') return {};
  return { hint: `If a setting is the cause: ${NEW_CHAT_FOR_SETTINGS}`, openSettings: true };
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
      const { hint, openSettings } = badRequestHint(err);
      if (hint) view.message += ` ${hint}`;
      if (openSettings) view.action = 'openSettings';
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
  // A key that cannot be sent (or none): the one thing to do is to set it.
  if (err instanceof MissingCredentialsError) return { message: err.message, action: provider === 'vertex' ? 'openSettings' : 'setApiKey' };
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
