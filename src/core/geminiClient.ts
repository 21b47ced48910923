// The entry point: `new GeminiClient({...})` with `models`, `files` and `chats`, the call shapes of the
// official TypeScript SDK, over our own transport (undici, no Google SDK).
import type { Dispatcher } from 'undici';
import { ApiTransport, type AccessTokenProvider, type Timeouts } from './apiTransport';
import { ChatSession, type CreateChatParameters } from './chatSession';
import { Endpoints, GEMINI_API_VERSION, GEMINI_BASE_URL, validateModelId, VERTEX_API_VERSION, vertexBaseUrl } from './endpoints';
import { InvalidInputError } from './errors';
import { Files } from './files';
import { Models } from './models';
import type { RetryOptions } from './retry';

export interface GeminiClientOptions {
  apiKey?: string;
  /** Default https://generativelanguage.googleapis.com (Vertex: the location's aiplatform host). */
  baseUrl?: string;
  /** Default 'v1beta' (Vertex: 'v1'). */
  apiVersion?: string;
  vertexai?: boolean;
  project?: string;
  /** Vertex location; default 'us-central1'. 'global' uses aiplatform.googleapis.com. */
  location?: string;
  /** Vertex: an OAuth2 token (cloud-platform scope); asked again with `{forceRefresh: true}` after a 401. */
  getAccessToken?: AccessTokenProvider;
  /** E.g. a proxy from createProxyDispatcher; default: the client's own keep-alive Agent. */
  dispatcher?: Dispatcher;
  retry?: Partial<RetryOptions>;
  timeouts?: Partial<Timeouts>;
}

export class Chats {
  constructor(private readonly models: Models) {}

  /** A new session. Refuses a bad model id or history before any request. */
  create(params: CreateChatParameters): ChatSession {
    validateModelId(params.model);
    const { model, ...rest } = params;
    return new ChatSession(this.models, model, rest);
  }
}

export class GeminiClient {
  readonly models: Models;
  readonly files: Files;
  readonly chats: Chats;
  readonly vertexai: boolean;
  private readonly transport: ApiTransport;

  constructor(opts: GeminiClientOptions = {}) {
    this.vertexai = opts.vertexai === true;
    if (this.vertexai && !opts.getAccessToken && !opts.apiKey) {
      throw new InvalidInputError('Vertex AI needs getAccessToken (or an express-mode API key).');
    }
    if (this.vertexai && opts.getAccessToken && !opts.project) throw new InvalidInputError('Vertex AI needs a project.');
    if (opts.apiVersion !== undefined && !/^v\d+((alpha|beta)\d*)?$/.test(opts.apiVersion)) {
      throw new InvalidInputError(`Invalid API version ${JSON.stringify(opts.apiVersion)} (expected e.g. v1, v1beta, v1beta1).`);
    }
    const location = opts.location ?? 'us-central1';
    // Both go into the URL's path and host: refuse anything but resource-name characters.
    for (const [name, value] of [['project', opts.project], ['location', location]] as const) {
      if (this.vertexai && value !== undefined && !/^[A-Za-z0-9._:-]+$/.test(value)) {
        throw new InvalidInputError(`Invalid Vertex ${name} ${JSON.stringify(value)}.`);
      }
    }
    const endpoints = new Endpoints({
      vertexai: this.vertexai,
      baseUrl: opts.baseUrl ?? (this.vertexai ? vertexBaseUrl(location) : GEMINI_BASE_URL),
      apiVersion: opts.apiVersion ?? (this.vertexai ? VERTEX_API_VERSION : GEMINI_API_VERSION),
      project: opts.project,
      location,
    });
    this.transport = new ApiTransport({
      apiKey: opts.apiKey,
      getAccessToken: opts.getAccessToken,
      dispatcher: opts.dispatcher,
      retry: opts.retry,
      timeouts: opts.timeouts,
    });
    this.models = new Models(this.transport, endpoints, this.vertexai);
    this.files = new Files(this.transport, endpoints, this.vertexai);
    this.chats = new Chats(this.models);
  }

  /** Closes the client's own connections (not a dispatcher passed in). */
  close(): Promise<void> {
    return this.transport.close();
  }
}
