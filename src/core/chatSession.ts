// A multi-turn chat that behaves like the official SDKs' chat sessions (the session rules 1–12 in
// README.md). The session keeps the comprehensive history; each request sends the examples, the
// curated history and the new user turn. A turn is written to history only once it is complete: a
// unary answer received, or a stream read to its end. Failed, aborted, cut-short or unread turns leave
// no trace, and the next send works.
import { aggregateResponses, type GenerateContentResponse } from './generateContentResponse';
import { cloneContents, curateHistory, validateHistory } from './curatedHistory';
import { InvalidInputError, throwIfAborted } from './errors';
import { automaticCalling, nextFunctionResponse } from './functionCalling';
import type { Models } from './models';
import { examplesToContents, toUserContent, type ChatExample } from './requestBody';
import type { OnRetry } from './retry';
import { TurnQueue, type Turn } from './turnQueue';
import { TurnStream, type ChatStream } from './turnStream';
import type { Content, GenerateContentConfig, GenerateContentResponseData, MessageInput } from './types';

export interface CreateChatParameters {
  model: string;
  config?: GenerateContentConfig;
  /** Earlier turns (deep-copied; roles must be user or model). */
  history?: Content[];
  /** Input/output pairs sent before the history on every request, never recorded (Vertex). */
  examples?: ChatExample[];
  /** Vertex's name for the system instruction; `config.systemInstruction` wins when both are given. */
  context?: string;
}

export interface SendMessageParameters {
  message: MessageInput;
  /** Replaces the session's config for this message only (rule 8: no merge). */
  config?: GenerateContentConfig;
  signal?: AbortSignal;
  /** Called before each retry wait. */
  onRetry?: OnRetry;
}

export type SendMessageInput = MessageInput | SendMessageParameters;

interface PreparedSend {
  user: Content;
  config: GenerateContentConfig;
  signal?: AbortSignal;
  onRetry?: OnRetry;
}

/**
 * What rule 5 records for one answer or chunk: candidate 0's content, role `model` when absent.
 * Our choice: a content with no parts (`content: {}`) counts as no content. Real streams can end with
 * such a metadata-only chunk (the search-grounding fixture's last chunk carries only grounding data);
 * recorded as an entry it would be invalid (rule 3) and drop the whole answer from the curated
 * history. An answer where no chunk has parts still records the empty placeholder (rule 5), so a
 * blocked or empty turn is handled as before.
 */
function recordedContent(response: GenerateContentResponseData): Content | undefined {
  const content = response.candidates?.[0]?.content;
  if (!content?.parts?.length) return undefined;
  return content.role ? content : { ...content, role: 'model' };
}

/** Model entries of a whole answer (a unary response, or a stream's chunks): one per chunk with
 * parts, or the empty placeholder when none had any. */
function recordedContents(chunks: readonly GenerateContentResponseData[]): Content[] {
  const entries: Content[] = [];
  for (const chunk of chunks) {
    const content = recordedContent(chunk);
    if (content) entries.push(content);
  }
  return entries.length > 0 ? entries : [{ role: 'model', parts: [] }];
}

function isSendParameters(input: SendMessageInput): input is SendMessageParameters {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && 'message' in input;
}

export class ChatSession {
  private history: Content[];
  private readonly examples: Content[];
  private readonly config: GenerateContentConfig;
  private lastResponse: GenerateContentResponse | undefined;
  /**
   * The chunks of the last streamed answer, aggregated into `lastResponse` only when `last` is read:
   * a long answer has thousands of chunks, and the extension never reads `last`.
   */
  private lastChunks: GenerateContentResponse[] | undefined;
  private readonly queue = new TurnQueue();

  constructor(
    private readonly models: Models,
    readonly model: string,
    params: Omit<CreateChatParameters, 'model'> = {},
  ) {
    const history = params.history ?? [];
    if (!Array.isArray(history)) throw new InvalidInputError('history must be an array of Contents.');
    validateHistory(history);
    this.history = cloneContents(history);
    this.examples = examplesToContents(params.examples);
    this.config = { ...(params.context !== undefined ? { systemInstruction: params.context } : {}), ...params.config };
  }

  /** The last complete response (for a stream, all its chunks aggregated). */
  get last(): GenerateContentResponse | undefined {
    if (this.lastChunks) {
      this.lastResponse = aggregateResponses(this.lastChunks);
      this.lastChunks = undefined;
    }
    return this.lastResponse;
  }

  /** Deep copies: the comprehensive history, or the curated one that is sent (rule 4). */
  getHistory(curated = false): Content[] {
    return cloneContents(curated ? curateHistory(this.history) : this.history);
  }

  /** Removes the last user entry and everything after it; returns what it removed (rule 10). */
  rewind(): Content[] {
    let i = this.history.length - 1;
    while (i >= 0 && this.history[i]?.role !== 'user') i--;
    if (i < 0) return [];
    const removed = this.history.splice(i);
    this.lastResponse = undefined;
    this.lastChunks = undefined;
    return removed;
  }

  async sendMessage(input: SendMessageInput): Promise<GenerateContentResponse> {
    const send = this.prepare(input);
    const turn = await this.queue.enter(send.signal);
    try {
      const entries: Content[] = [send.user];
      for (let calls = 0; ; calls++) {
        const response = await this.models.generateContent(this.request(send, entries, turn));
        entries.push(...recordedContents([response]));
        const reply = await nextFunctionResponse(response.functionCalls, send.config, calls);
        if (!reply) {
          this.commit(entries, turn, response);
          return response;
        }
        entries.push(reply);
      }
    } finally {
      turn.end();
    }
  }

  /**
   * Resolves once the first response's headers are in (an HTTP error rejects it); the chunks then
   * come from the generator. Read it to its end, or `return()` it: until then the turn holds the line.
   */
  async sendMessageStream(input: SendMessageInput): Promise<ChatStream> {
    const send = this.prepare(input);
    const turn = await this.queue.enter(send.signal);
    const entries: Content[] = [send.user];
    let first: ChatStream;
    try {
      first = await this.models.generateContentStream(this.request(send, entries, turn));
    } catch (err) {
      turn.end();
      throw err;
    }
    let calls = 0;
    return new TurnStream(
      first,
      async (chunks) => {
        entries.push(...recordedContents(chunks));
        // The whole answer is built now only when its function calls may be run; else `last` builds it.
        const response = automaticCalling(send.config) ? aggregateResponses(chunks) : undefined;
        const reply = await nextFunctionResponse(response?.functionCalls, send.config, calls++);
        if (!reply) {
          this.commit(entries, turn, response ?? chunks);
          return undefined;
        }
        entries.push(reply);
        return this.models.generateContentStream(this.request(send, entries, turn));
      },
      turn,
    );
  }

  private prepare(input: SendMessageInput): PreparedSend {
    const params = isSendParameters(input) ? input : { message: input };
    const user = toUserContent(params.message);
    const config = params.config ?? this.config;
    return { user, config, signal: params.signal ?? config.abortSignal, onRetry: params.onRetry };
  }

  private request(send: PreparedSend, entries: Content[], turn: Turn) {
    return {
      model: this.model,
      contents: [...this.examples, ...curateHistory(this.history), ...entries],
      config: { ...send.config, abortSignal: turn.signal },
      onRetry: send.onRetry,
    };
  }

  /**
   * Writes a complete turn; an aborted turn has already left the line, so it is not written. `last`
   * is the answer, or a stream's chunks to aggregate when `last` is read.
   */
  private commit(entries: Content[], turn: Turn, last: GenerateContentResponse | GenerateContentResponse[]): void {
    throwIfAborted(turn.signal);
    this.history.push(...cloneContents(entries));
    if (Array.isArray(last)) {
      this.lastChunks = last;
      this.lastResponse = undefined;
    } else {
      this.lastResponse = last;
      this.lastChunks = undefined;
    }
  }
}
