// `client.models`: generate (unary and streamed), count tokens, list models. Same call shapes as the
// official TypeScript SDK.
import type { ApiTransport, RawResponse } from './apiTransport';
import type { Endpoints } from './endpoints';
import { GenerateContentResponse } from './generateContentResponse';
import { buildGenerateContentBody, toUserContent } from './requestBody';
import { readResponseStream } from './responseStream';
import { StreamInterruptedError } from './errors';
import { isRetryableError, retryDelayOrThrow, sleep, type OnRetry } from './retry';
import type { Content, CountTokensResponse, GenerateContentConfig, GenerateContentResponseData, MessageInput, ModelInfo } from './types';

export interface GenerateContentParameters {
  model: string;
  /** Contents as sent, or one message (string, Part, or array of both) that becomes one user turn. */
  contents: Content[] | MessageInput;
  config?: GenerateContentConfig;
  /** Called before each retry wait. */
  onRetry?: OnRetry;
}

function isContentArray(value: Content[] | MessageInput): value is Content[] {
  return Array.isArray(value) && value.length > 0 && value.every((c) => typeof c === 'object' && c !== null && Array.isArray((c as Content).parts));
}

export function toContents(value: Content[] | MessageInput): Content[] {
  return isContentArray(value) ? value : [toUserContent(value)];
}

const LIST_PAGE_SIZE = 1000;

export class Models {
  constructor(
    private readonly transport: ApiTransport,
    private readonly endpoints: Endpoints,
    private readonly vertexai: boolean,
  ) {}

  async generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse> {
    const url = this.endpoints.generateContent(params.model);
    const body = buildGenerateContentBody(toContents(params.contents), params.config);
    const { data } = await this.transport.json<GenerateContentResponseData>({
      method: 'POST',
      url,
      json: body,
      signal: params.config?.abortSignal,
      onRetry: params.onRetry,
    });
    return new GenerateContentResponse(data);
  }

  /**
   * Resolves once the response headers are in (errors before that reject it, after retries); the
   * generator then yields chunks as they arrive and throws if the stream is cut short.
   */
  async generateContentStream(params: GenerateContentParameters): Promise<AsyncGenerator<GenerateContentResponse, void, undefined>> {
    const url = this.endpoints.streamGenerateContent(params.model);
    const body = buildGenerateContentBody(toContents(params.contents), params.config);
    const signal = params.config?.abortSignal;
    const open = () => this.transport.open({ method: 'POST', url, json: body, signal, onRetry: params.onRetry });
    return this.retryUntilFirstChunk(await open(), open, signal, params.onRetry);
  }

  /**
   * A stream that breaks before its first chunk (dropped, idle, empty, or an error event such as
   * UNAVAILABLE) has handed nothing out yet, so it is opened again like a failed request. Once a
   * chunk has been yielded, a failure is thrown as is (our choice: the user decides).
   */
  private async *retryUntilFirstChunk(
    first: RawResponse,
    open: () => Promise<RawResponse>,
    signal: AbortSignal | undefined,
    onRetry: OnRetry | undefined,
  ): AsyncGenerator<GenerateContentResponse, void, undefined> {
    const retry = this.transport.retry;
    let res = first;
    for (let attempt = 1; ; attempt++) {
      let yielded = false;
      try {
        for await (const chunk of readResponseStream(res.body, { signal, idleMs: this.transport.timeouts.idleMs })) {
          yielded = true;
          yield chunk;
        }
        return;
      } catch (err) {
        if (yielded || signal?.aborted) throw err;
        const delayMs = retryDelayOrThrow(err, attempt, retry, err instanceof StreamInterruptedError || isRetryableError(err));
        onRetry?.({ attempt: attempt + 1, maxAttempts: retry.maxAttempts, delayMs, error: err as Error });
        await sleep(delayMs, signal);
        res = await open();
      }
    }
  }

  /**
   * Token count of what a request would send. The Gemini API takes the system instruction, tools and
   * generation config only inside `generateContentRequest`; Vertex takes them flat.
   */
  async countTokens(params: { model: string; contents: Content[] | MessageInput; config?: GenerateContentConfig }): Promise<CountTokensResponse> {
    const url = this.endpoints.countTokens(params.model);
    const contents = toContents(params.contents);
    const { generationConfig, ...rest } = buildGenerateContentBody(contents, params.config);
    const hasExtras = Object.keys(rest).length > 1 || Object.keys(generationConfig).length > 0;
    let json: unknown;
    if (!hasExtras) json = { contents };
    else if (this.vertexai) json = { ...rest, generationConfig };
    else json = { generateContentRequest: { model: this.endpoints.modelPath(params.model), ...rest, generationConfig } };
    const { data } = await this.transport.json<CountTokensResponse>({ method: 'POST', url, json, signal: params.config?.abortSignal });
    return { ...data, totalTokens: data.totalTokens ?? 0 };
  }

  /** Every model, all pages followed. */
  async list(opts: { signal?: AbortSignal } = {}): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await this.transport.json<{ models?: ModelInfo[]; publisherModels?: ModelInfo[]; nextPageToken?: string }>({
        method: 'GET',
        url: this.endpoints.listModels(LIST_PAGE_SIZE, pageToken),
        signal: opts.signal,
      });
      models.push(...(data.models ?? data.publisherModels ?? []));
      pageToken = data.nextPageToken || undefined;
    } while (pageToken);
    return models;
  }
}
