// One `generateContent` answer or one stream chunk, with the convenience getters of the official SDKs.
// Fields are kept exactly as received (unknown ones included), so history can be rebuilt from them.
import type {
  Candidate,
  FunctionCall,
  GenerateContentResponseData,
  Part,
  PromptFeedback,
  UsageMetadata,
} from './types';

export class GenerateContentResponse implements GenerateContentResponseData {
  // `declare`: no own property unless the API sent the field (a spread or JSON of the response is the body).
  declare candidates?: Candidate[];
  declare promptFeedback?: PromptFeedback;
  declare usageMetadata?: UsageMetadata;
  declare modelVersion?: string;
  declare responseId?: string;
  [extra: string]: unknown;

  constructor(data: GenerateContentResponseData = {}) {
    Object.assign(this, data);
  }

  private get firstParts(): Part[] | undefined {
    return this.candidates?.[0]?.content?.parts;
  }

  /** Candidate 0's text parts, thoughts left out, joined; undefined when it has none. */
  get text(): string | undefined {
    return joinText(this.firstParts, false);
  }

  /** Candidate 0's thought summaries (with `includeThoughts`), joined; undefined when none. */
  get thoughts(): string | undefined {
    return joinText(this.firstParts, true);
  }

  /** Candidate 0's function calls, in order; undefined when none. */
  get functionCalls(): FunctionCall[] | undefined {
    // A plain loop: it runs over every part of a long streamed answer when the turn ends.
    let calls: FunctionCall[] | undefined;
    for (const p of this.firstParts ?? []) if (p.functionCall) (calls ??= []).push(p.functionCall);
    return calls;
  }

  /** The plain JSON fields, for storing or posting (getters left out). */
  toJSON(): GenerateContentResponseData {
    return { ...this };
  }
}

function joinText(parts: Part[] | undefined, thoughts: boolean): string | undefined {
  let text: string | undefined;
  for (const p of parts ?? []) {
    if (typeof p.text === 'string' && (p.thought === true) === thoughts) text = (text ?? '') + p.text;
  }
  return text;
}

/**
 * The whole answer of a stream as one response (what `chat.last` holds after a stream): each
 * candidate's parts concatenated in arrival order, the last finishReason, usage and ids (usage is
 * cumulative, so the last one wins), safety, citation and grounding data from the chunk that had them.
 * Plain loops: it runs over every chunk of a long answer.
 */
export function aggregateResponses(chunks: readonly GenerateContentResponseData[]): GenerateContentResponse {
  const out = new GenerateContentResponse() as GenerateContentResponse & Record<string, unknown>;
  const candidates = new Map<number, Candidate>();
  for (const chunk of chunks) {
    // for…in, not Object.keys: no key array per chunk (chunks are parsed JSON: own keys only).
    for (const key in chunk) if (key !== 'candidates') out[key] = chunk[key];
    const chunkCandidates = chunk.candidates;
    if (!chunkCandidates) continue;
    for (let i = 0; i < chunkCandidates.length; i++) {
      const c = chunkCandidates[i] as Candidate;
      const index = c.index ?? i;
      let merged = candidates.get(index);
      if (!merged) {
        merged = {};
        candidates.set(index, merged);
      }
      for (const key in c) if (key !== 'content') merged[key] = c[key];
      const parts = c.content?.parts;
      if (parts) {
        merged.content ??= { role: c.content?.role ?? 'model', parts: [] };
        for (const p of parts) merged.content.parts.push(p);
      }
    }
  }
  if (candidates.size > 0) out.candidates = [...candidates.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  return out;
}
