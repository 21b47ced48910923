// The Gemini REST wire types (v1beta, lowerCamelCase), as the API sends and takes them.
// Unknown fields are kept as they arrive: history is stored exactly as received.

export type Role = 'user' | 'model';

export interface Blob {
  mimeType: string;
  /** base64 */
  data: string;
}

export interface FileData {
  mimeType?: string;
  fileUri: string;
}

export interface FunctionCall {
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

export interface FunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

export interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: Blob;
  fileData?: FileData;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  executableCode?: { language?: string; code: string };
  codeExecutionResult?: { outcome?: string; output?: string };
  [extra: string]: unknown;
}

export interface Content {
  role?: Role | string;
  parts: Part[];
}

export interface SafetySetting {
  category: string;
  threshold: string;
}

export interface FunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  parametersJsonSchema?: unknown;
  response?: Record<string, unknown>;
}

export interface Tool {
  functionDeclarations?: FunctionDeclaration[];
  googleSearch?: Record<string, never>;
  codeExecution?: Record<string, never>;
  [extra: string]: unknown;
}

export interface ThinkingConfig {
  thinkingBudget?: number;
  includeThoughts?: boolean;
}

/**
 * The flat config the SDKs take; the client splits it into the request's top-level fields and
 * `generationConfig`.
 */
export interface GenerateContentConfig {
  systemInstruction?: string | Part | Content;
  safetySettings?: SafetySetting[];
  tools?: Tool[];
  toolConfig?: Record<string, unknown>;
  cachedContent?: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  candidateCount?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  responseMimeType?: string;
  responseSchema?: unknown;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  thinkingConfig?: ThinkingConfig;
  /** Vertex only: billing labels, sent at the top level. */
  labels?: Record<string, string>;
  /** Cancels the request; never sent. */
  abortSignal?: AbortSignal;
  /** Runs function calls locally and sends the results back (see functionCalling.ts); never sent. */
  automaticFunctionCalling?: AutomaticFunctionCallingConfig;
  // Less common generation fields. Any key not named as a top-level field goes under
  // `generationConfig` as given, so newer API fields pass through untyped.
  responseJsonSchema?: unknown;
  responseModalities?: string[];
  mediaResolution?: string;
  responseLogprobs?: boolean;
  logprobs?: number;
  speechConfig?: Record<string, unknown>;
}

/** What a local function returns: an object becomes the functionResponse's `response` as is; any other
 * value is wrapped as `{ output: value }`. A thrown error is sent back as `{ error: message }`. */
export type FunctionHandler = (args: Record<string, unknown>, call: FunctionCall) => unknown;

/**
 * Automatic function calling. When the model answers with function calls whose names all have a
 * handler, the session runs them, sends their results as the next user turn, and repeats, at most
 * `maximumRemoteCalls` times per message (default 10). Past that limit, or when a call has no handler,
 * the response with the function calls is returned as is (the caller can answer it by hand).
 */
export interface AutomaticFunctionCallingConfig {
  handlers: Record<string, FunctionHandler>;
  maximumRemoteCalls?: number;
  /** Off switch that keeps the handlers in the config. */
  disable?: boolean;
}

export interface SafetyRating {
  category?: string;
  probability?: string;
  blocked?: boolean;
  [extra: string]: unknown;
}

export interface GroundingChunk {
  web?: { uri?: string; title?: string };
  [extra: string]: unknown;
}

export interface GroundingMetadata {
  groundingChunks?: GroundingChunk[];
  webSearchQueries?: string[];
  [extra: string]: unknown;
}

export interface Candidate {
  content?: Content;
  finishReason?: string;
  safetyRatings?: SafetyRating[];
  citationMetadata?: unknown;
  groundingMetadata?: GroundingMetadata;
  index?: number;
  [extra: string]: unknown;
}

export interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  [extra: string]: unknown;
}

export interface PromptFeedback {
  blockReason?: string;
  safetyRatings?: SafetyRating[];
  [extra: string]: unknown;
}

/** One `generateContent` body, or one stream chunk. */
export interface GenerateContentResponseData {
  candidates?: Candidate[];
  promptFeedback?: PromptFeedback;
  usageMetadata?: UsageMetadata;
  modelVersion?: string;
  responseId?: string;
  [extra: string]: unknown;
}

export interface ModelInfo {
  name: string;
  displayName?: string;
  description?: string;
  inputTokenLimit?: number;
  outputTokenLimit?: number;
  supportedGenerationMethods?: string[];
  [extra: string]: unknown;
}

export interface CountTokensResponse {
  totalTokens: number;
  cachedContentTokenCount?: number;
  [extra: string]: unknown;
}

/** A file of the Files API (`files/abc123`). */
export interface FileInfo {
  name: string;
  uri: string;
  mimeType: string;
  /** PROCESSING, ACTIVE or FAILED. */
  state: string;
  displayName?: string;
  sizeBytes?: string;
  expirationTime?: string;
  [extra: string]: unknown;
}

/** What `sendMessage` takes: a string, a Part, or an array of strings and Parts. */
export type PartUnion = string | Part;
export type MessageInput = PartUnion | PartUnion[];
