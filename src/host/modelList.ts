// The models Select Model offers: those that can generateContent, by their bare id. Pure.
import type { ModelInfo } from '../core/types';

export interface ModelChoice {
  id: string;
  displayName?: string;
  description?: string;
}

export function generateContentModels(models: ModelInfo[]): ModelChoice[] {
  const seen = new Set<string>();
  return models
    .filter((m) => typeof m.name === 'string' && (m.supportedGenerationMethods ?? ['generateContent']).includes('generateContent'))
    .map((m) => ({ id: m.name.replace(/^(publishers\/google\/)?models\//, ''), displayName: m.displayName, description: m.description }))
    .filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}
