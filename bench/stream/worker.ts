// One contender of case 1 in its own process, so its peak memory is its own: loads its library,
// then on each `run` message sends the scenario's chat message and reads the stream to its end.
// Started by streamCase.ts with IPC; answers `{ms, chunks, chars}` per run and `{rssPeakKB, rssBaseKB}`
// when asked.
import { request, Agent } from 'undici';
import { GeminiClient } from '../../src/core';
import { SseParser } from '../../src/core/sseParser';
import { MESSAGE, MODEL, scenarioHistory, type ScenarioName, type ScenarioSizes } from './scenarios';

export type Contender = 'ours' | 'sdk' | 'floor' | 'raw';

export type WorkerRequest = { kind: 'run'; scenario: ScenarioName } | { kind: 'memory' } | { kind: 'exit' };
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'ran'; ms: number; chunks: number; chars: number }
  | { kind: 'memory'; rssPeakKB: number; rssBaseKB: number }
  | { kind: 'error'; message: string };

interface Part {
  text?: string;
  inlineData?: { data?: string };
}
interface Chunk {
  candidates?: { content?: { parts?: Part[] } }[];
}

/** The same light work per chunk for everyone: count the text and inline bytes that arrived. */
function measure(chunk: Chunk): number {
  let n = 0;
  for (const p of chunk.candidates?.[0]?.content?.parts ?? []) n += (p.text?.length ?? 0) + (p.inlineData?.data?.length ?? 0);
  return n;
}

type Runner = () => Promise<{ chunks: number; chars: number }>;

async function makeRunner(contender: Contender, baseUrl: string, name: ScenarioName, sizes: ScenarioSizes): Promise<Runner> {
  const history = scenarioHistory(name, sizes);
  if (contender === 'ours') {
    const client = new GeminiClient({ apiKey: 'bench-key', baseUrl, retry: { maxAttempts: 1 } });
    return async () => {
      const chat = client.chats.create({ model: MODEL, history });
      let chunks = 0;
      let chars = 0;
      for await (const c of await chat.sendMessageStream(MESSAGE)) {
        chunks++;
        chars += measure(c as Chunk);
      }
      return { chunks, chars };
    };
  }
  if (contender === 'sdk') {
    // The SDK ships its Node build as ESM for TypeScript's resolution; a dynamic import loads it here.
    const { GoogleGenAI } = await import('@google/genai');
    const ai = new GoogleGenAI({ apiKey: 'bench-key', httpOptions: { baseUrl } });
    return async () => {
      const chat = ai.chats.create({ model: MODEL, history });
      let chunks = 0;
      let chars = 0;
      for await (const c of await chat.sendMessageStream({ message: MESSAGE })) {
        chunks++;
        chars += measure(c as Chunk);
      }
      return { chunks, chars };
    };
  }
  // The same request built by hand; `raw` reads the body as bytes (no SSE parsing, no JSON), `floor`
  // does the least any reader that hands out parsed chunks must: SSE framing, JSON.parse of each
  // event, and one await per chunk (what a caller's `for await` pays).
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const url = `${baseUrl}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`;
  return async () => {
    const body = JSON.stringify({ contents: [...history, { role: 'user', parts: [{ text: MESSAGE }] }] });
    const res = await request(url, { method: 'POST', body, dispatcher: agent, headers: { 'content-type': 'application/json', 'x-goog-api-key': 'bench-key' } });
    if (contender === 'raw') {
      let bytes = 0;
      for await (const b of res.body) bytes += (b as Buffer).length;
      return { chunks: res.statusCode === 200 ? 1 : 0, chars: bytes };
    }
    const parser = new SseParser();
    let chunks = 0;
    let chars = 0;
    for await (const b of res.body) {
      for (const event of parser.push(b as Buffer)) {
        chunks++;
        chars += measure(await Promise.resolve(JSON.parse(event) as Chunk));
      }
    }
    return { chunks, chars };
  };
}

async function main(): Promise<void> {
  const [contender, baseUrl, sizesJson, preload] = process.argv.slice(2) as [Contender, string, string, ScenarioName];
  const sizes = JSON.parse(sizesJson) as ScenarioSizes;
  const runners = new Map<ScenarioName, Runner>();
  const runnerFor = async (name: ScenarioName): Promise<Runner> => {
    let r = runners.get(name);
    if (!r) runners.set(name, (r = await makeRunner(contender, baseUrl, name, sizes)));
    return r;
  };
  // The scenario's runner (library loaded, client made) exists before the baseline RSS is read.
  await runnerFor(preload);
  const rssBaseKB = Math.round(process.memoryUsage().rss / 1024);
  const reply = (m: WorkerReply): void => void process.send?.(m);
  process.on('message', (m: WorkerRequest) => {
    if (m.kind === 'exit') process.exit(0);
    if (m.kind === 'memory') return reply({ kind: 'memory', rssPeakKB: process.resourceUsage().maxRSS, rssBaseKB });
    void runnerFor(m.scenario).then(run).then(
      (r) => reply({ kind: 'ran', ...r }),
      (err: unknown) => reply({ kind: 'error', message: String((err as Error)?.stack ?? err) }),
    );
  });
  reply({ kind: 'ready' });
}

async function run(runner: Runner): Promise<{ ms: number; chunks: number; chars: number }> {
  // Garbage from the previous run collected first, so each run's peak is its own working set.
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const r = await runner();
  return { ms: performance.now() - start, ...r };
}

void main();
