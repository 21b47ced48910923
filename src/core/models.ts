// `client.models`: generate (unary and streamed), count tokens, list models. Same call shapes as the
// official TypeScript SDK.
import type { ApiTransport } from './apiTransport';
import type { Endpoints } from './endpoints';
import { GenerateContentResponse } from './generateContentResponse';
import { buildGenerateContentBody, toUserContent } from './requestBody';
import { ResponseStream } from './responseStream';
import type { OnRetry } from './retry';
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
   * Resolves once the response headers are in (errors before that reject it, after retries). The
   * stream then hands out chunks as they arrive, is opened again if it fails before its first chunk,
   * and throws if it is cut short later (see responseStream.ts).
   */
  async generateContentStream(params: GenerateContentParameters): Promise<ResponseStream> {
    const url = this.endpoints.streamGenerateContent(params.model);
    const body = buildGenerateContentBody(toContents(params.contents), params.config);
    const signal = params.config?.abortSignal;
    const open = () => this.transport.open({ method: 'POST', url, json: body, signal, onRetry: params.onRetry });
    const res = await open();
    return new ResponseStream(res.body, {
      signal,
      idleMs: this.transport.timeouts.idleMs,
      reopen: open,
      retry: this.transport.retry,
      onRetry: params.onRetry,
    });
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
  async list(opts: { signal?: AbortSignal; onRetry?: OnRetry } = {}): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await this.transport.json<{ models?: ModelInfo[]; publisherModels?: ModelInfo[]; nextPageToken?: string }>({
        method: 'GET',
        url: this.endpoints.listModels(LIST_PAGE_SIZE, pageToken),
        signal: opts.signal,
        onRetry: opts.onRetry,
      });
      models.push(...(data.models ?? data.publisherModels ?? []));
      pageToken = data.nextPageToken || undefined;
    } while (pageToken);
    return models;
  }
}
