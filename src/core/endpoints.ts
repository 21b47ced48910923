// Where each call goes: the Gemini API (`{base}/v1beta/models/{id}:method`) or Vertex AI
// (`https://{location}-aiplatform.googleapis.com/v1/projects/{p}/locations/{l}/publishers/google/models/{id}:method`).
import { InvalidInputError } from './errors';

export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';
export const GEMINI_API_VERSION = 'v1beta';
export const VERTEX_API_VERSION = 'v1';

export interface EndpointOptions {
  vertexai: boolean;
  baseUrl: string;
  apiVersion: string;
  project?: string;
  location?: string;
}

export function vertexBaseUrl(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

/**
 * Refuses model ids that could change the URL's meaning (`..`, `?`, `&`, `#`, `%`, whitespace) before
 * any request: a model id comes from settings, which a workspace can set.
 */
export function validateModelId(model: unknown): string {
  if (typeof model !== 'string' || model.trim() === '') throw new InvalidInputError('A model id is required.');
  if (model.includes('..') || /[?&#%\s\\]/.test(model)) {
    throw new InvalidInputError(`Invalid model id ${JSON.stringify(model)}: it must not contain "..", "?", "&", "#", "%", "\\" or spaces.`);
  }
  return model;
}

function trimSlashes(s: string): string {
  return s.replace(/\/+$/, '');
}

export class Endpoints {
  constructor(private readonly opts: EndpointOptions) {}

  private get root(): string {
    return `${trimSlashes(this.opts.baseUrl)}/${this.opts.apiVersion}`;
  }

  /** The resource path of a model: `models/x` (Gemini API), `projects/…/publishers/google/models/x` (Vertex). */
  modelPath(model: string): string {
    validateModelId(model);
    if (!this.opts.vertexai) return model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
    if (model.startsWith('projects/')) return model;
    const prefix = `projects/${this.opts.project ?? ''}/locations/${this.opts.location ?? ''}`;
    if (model.startsWith('publishers/')) return `${prefix}/${model}`;
    const id = model.startsWith('models/') ? model.slice('models/'.length) : model;
    return `${prefix}/publishers/google/models/${id}`;
  }

  generateContent(model: string): string {
    return `${this.root}/${this.modelPath(model)}:generateContent`;
  }

  streamGenerateContent(model: string): string {
    return `${this.root}/${this.modelPath(model)}:streamGenerateContent?alt=sse`;
  }

  countTokens(model: string): string {
    return `${this.root}/${this.modelPath(model)}:countTokens`;
  }

  listModels(pageSize: number, pageToken?: string): string {
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (pageToken) query.set('pageToken', pageToken);
    const collection = this.opts.vertexai ? 'publishers/google/models' : 'models';
    return `${this.root}/${collection}?${query.toString()}`;
  }

  /** Start of a resumable upload (Gemini API only). */
  uploadFile(): string {
    return `${trimSlashes(this.opts.baseUrl)}/upload/${this.opts.apiVersion}/files`;
  }

  /** A Files API resource (`files/abc`). */
  file(name: string): string {
    if (!/^files\/[A-Za-z0-9_-]+$/.test(name)) throw new InvalidInputError(`Invalid file name ${JSON.stringify(name)}.`);
    return `${this.root}/${name}`;
  }
}
