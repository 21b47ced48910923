// Gemini streamGenerateContent events, in the wire shape, built from the pieces of text a test wants
// the user to see arrive one by one.
import { json, type FakeGemini, type RecordedRequest } from '../../support/fakeGemini';

interface ChunkOptions {
  model?: string;
}

/** One event per piece; the last one carries finishReason STOP and the usage figures. */
export function textStream(pieces: string[], opts: ChunkOptions = {}): unknown[] {
  return pieces.map((text, i) => {
    const last = i === pieces.length - 1;
    return {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
      ...(last ? { usageMetadata: { promptTokenCount: 12, candidatesTokenCount: pieces.length * 3, totalTokenCount: 12 + pieces.length * 3 } } : {}),
      modelVersion: opts.model ?? 'gemini-2.5-flash',
      responseId: `e2e-${Date.now()}-${i}`,
    };
  });
}

/** The models.list answer, for Select Model. */
export function serveModelList(fake: FakeGemini, names: string[]): void {
  fake.route(
    (r) => r.method === 'GET' && /\/models(\?|$)/.test(r.url),
    json({
      models: names.map((n) => ({ name: `models/${n}`, displayName: n, supportedGenerationMethods: ['generateContent', 'countTokens'] })),
    }),
  );
}

interface WireContent {
  role?: string;
  parts?: { text?: string; inlineData?: { mimeType: string; data: string }; fileData?: { mimeType?: string; fileUri: string } }[];
}

/** The `contents` a generate request carried. */
export function contentsOf(req: RecordedRequest): WireContent[] {
  return ((req.json as { contents?: WireContent[] } | undefined)?.contents ?? []);
}

/** All text the request sent, in order (to check what history went out). */
export function textsOf(req: RecordedRequest): string[] {
  return contentsOf(req).flatMap((c) => (c.parts ?? []).map((p) => p.text ?? '').filter(Boolean));
}
