// The engine's public surface, imported by the host. Everything here runs in plain Node (no `vscode`).
export { GeminiClient, Chats, type GeminiClientOptions } from './geminiClient';
export { Models, type GenerateContentParameters } from './models';
export { Files, type UploadFileParameters } from './files';
export { type ChatStream } from './turnStream';
export { ResponseStream } from './responseStream';
export {
  ChatSession,
  type CreateChatParameters,
  type SendMessageInput,
  type SendMessageParameters,
} from './chatSession';
export { GenerateContentResponse, aggregateResponses } from './generateContentResponse';
export {
  AbortError,
  ApiError,
  ClientError,
  InvalidInputError,
  NetworkError,
  ServerError,
  StreamInterruptedError,
  isAbortError,
  type InterruptReason,
} from './errors';
export { MissingCredentialsError, DEFAULT_TIMEOUTS, type Timeouts, type AccessTokenProvider } from './apiTransport';
export { DEFAULT_RETRY, isRetryableError, type OnRetry, type RetryInfo, type RetryOptions } from './retry';
export { createProxyDispatcher, type ProxyDispatcherOptions } from './proxyDispatcher';
export { curateHistory, isValidModelContent } from './curatedHistory';
export { validateModelId } from './endpoints';
export { SseParser } from './sseParser';
export type { ChatExample } from './requestBody';
export * from './types';
