// `client.files`: the Files API's resumable upload, for attachments above the
// inline limit. Start → upload in chunks (progress after each) → finalize, then poll the file until
// it is ACTIVE. Uploaded files expire after 48 hours: the caller keeps the bytes to upload again.
import type { ApiTransport } from './apiTransport';
import type { Endpoints } from './endpoints';
import { ApiError, InvalidInputError } from './errors';
import { headerValue } from './httpHeaders';
import { sleep } from './retry';
import type { FileInfo } from './types';

export interface UploadFileParameters {
  data: Uint8Array;
  mimeType: string;
  displayName?: string;
  signal?: AbortSignal;
  onProgress?: (sent: number, total: number) => void;
  /** Bytes per upload request; rounded up to the server's granularity. Default 8 MiB. */
  chunkSize?: number;
  /** Wait between two state checks while the file is PROCESSING. Default 1 s. */
  pollIntervalMs?: number;
  /** Give up waiting for ACTIVE after this long. Default 5 min. */
  maxWaitMs?: number;
}

const DEFAULT_CHUNK = 8 * 1024 * 1024;

export class Files {
  constructor(
    private readonly transport: ApiTransport,
    private readonly endpoints: Endpoints,
    private readonly vertexai: boolean,
  ) {}

  async upload(params: UploadFileParameters): Promise<FileInfo> {
    if (this.vertexai) throw new InvalidInputError('The Files API is only available with a Gemini API key, not on Vertex AI.');
    if (!(params.data instanceof Uint8Array)) throw new InvalidInputError('upload: data must be a Uint8Array.');
    if (!params.mimeType) throw new InvalidInputError('upload: mimeType is required.');
    const total = params.data.byteLength;
    const { signal } = params;

    const started = await this.transport.json<unknown>({
      method: 'POST',
      url: this.endpoints.uploadFile(),
      json: { file: params.displayName ? { displayName: params.displayName } : {} },
      headers: {
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(total),
        'x-goog-upload-header-content-type': params.mimeType,
      },
      signal,
    });
    const uploadUrl = headerValue(started.headers, 'x-goog-upload-url');
    if (!uploadUrl) throw new ApiError({ status: 200, message: 'The Files API did not return an upload URL.', retryable: false });
    const granularity = Number(headerValue(started.headers, 'x-goog-upload-chunk-granularity')) || 1;
    const wanted = params.chunkSize ?? DEFAULT_CHUNK;
    const chunkSize = Math.max(granularity, Math.ceil(wanted / granularity) * granularity);

    let file: FileInfo | undefined;
    let offset = 0;
    do {
      const end = Math.min(total, offset + chunkSize);
      const last = end === total;
      // A chunk is not retried: the server may have taken part of it, and the offset would be wrong.
      const res = await this.transport.json<{ file?: FileInfo }>({
        method: 'POST',
        url: uploadUrl,
        bytes: params.data.subarray(offset, end),
        headers: { 'x-goog-upload-command': last ? 'upload, finalize' : 'upload', 'x-goog-upload-offset': String(offset) },
        signal,
        retry: false,
      });
      offset = end;
      params.onProgress?.(offset, total);
      if (last) file = res.data.file;
    } while (offset < total);
    if (!file?.name) throw new ApiError({ status: 200, message: 'The Files API did not describe the uploaded file.', retryable: false });
    return this.waitUntilActive(file, params);
  }

  async get(name: string, signal?: AbortSignal): Promise<FileInfo> {
    return (await this.transport.json<FileInfo>({ method: 'GET', url: this.endpoints.file(name), signal })).data;
  }

  private async waitUntilActive(file: FileInfo, params: UploadFileParameters): Promise<FileInfo> {
    const deadline = Date.now() + (params.maxWaitMs ?? 300_000);
    let current = file;
    while (current.state !== 'ACTIVE') {
      if (current.state === 'FAILED') {
        throw new ApiError({ status: 200, apiStatus: 'FAILED', message: `Gemini could not process the file ${current.displayName ?? current.name}.`, retryable: false });
      }
      if (Date.now() > deadline) {
        throw new ApiError({ status: 200, message: `The file ${current.name} was still ${current.state} after the wait.`, retryable: true });
      }
      await sleep(params.pollIntervalMs ?? 1000, params.signal);
      current = await this.get(current.name, params.signal);
    }
    return current;
  }
}
