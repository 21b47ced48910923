// The part of the chat engine (src/core) the host uses, as structural types. The controller and the
// services depend on these rather than on the engine's classes, so a test can see exactly what the host
// needs; the real GeminiClient satisfies them.
import type { Content, GenerateContentConfig, GenerateContentResponseData, MessageInput, ModelInfo } from '../../core/types';
import type { FileUploader } from '../../core/attachments/uploads';
import type { OnRetry } from '../../core/retry';

export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface SendParams {
  message: MessageInput;
  config?: GenerateContentConfig;
  signal?: AbortSignal;
  onRetry?: (info: RetryNotice) => void;
}

export interface ChatSessionLike {
  sendMessageStream(params: SendParams): Promise<AsyncGenerator<GenerateContentResponseData>>;
}

export interface GeminiClientLike {
  models: { list(opts?: { onRetry?: OnRetry }): Promise<ModelInfo[]> };
  /** The Files API, for attachments above the inline limit (and their copies that expired). */
  files?: FileUploader;
  chats: { create(params: { model: string; config?: GenerateContentConfig; history?: Content[] }): ChatSessionLike };
}
