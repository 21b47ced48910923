// Case 1: stream consumption. One loopback server (this process) writes the same bytes to four
// contenders, each in its own child process: our ChatSession, the official @google/genai chat, the
// parse floor (SSE framing, JSON.parse and one await per chunk, nothing else) and a raw undici read
// of the body. Rounds are interleaved; each ratio is the median of the per-round ratios. Peak memory
// is each child's peak RSS above its RSS once its library was loaded.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { FakeGemini } from '../../test/support/fakeGemini';
import { interleave, pairedRatio, summarize } from '../lib/stats';
import { row, single, type BenchOptions, type CaseResult, type Row } from '../lib/report';
import { FULL_SIZES, SMOKE_SIZES, responsePieces, type ScenarioName, type ScenarioSizes } from './scenarios';
import type { Contender, WorkerReply, WorkerRequest } from './worker';

const CONTENDERS: Contender[] = ['ours', 'sdk', 'floor', 'raw'];
const WORKER = path.join(__dirname, 'worker.ts');

const LABELS: Record<ScenarioName, (s: ScenarioSizes) => string> = {
  chunks: (s) => `${s.chunks.toLocaleString('en-US')} small chunks (${Math.round((s.chunks * s.chunkChars) / 1024)} KB text)`,
  inline: (s) => `one ${s.inlineBytes >= 1024 * 1024 ? `${Math.round((s.inlineBytes * 4) / 3 / 1024 / 1024)} MB` : `${Math.round((s.inlineBytes * 4) / 3 / 1024)} KB`} inlineData event`,
  history: (s) => `${s.historyExchanges}-exchange history re-sent`,
};

class Child {
  private readonly replies: WorkerReply[] = [];
  private wake: (() => void) | undefined;

  constructor(private readonly proc: ChildProcess) {
    proc.on('message', (m: WorkerReply) => {
      this.replies.push(m);
      this.wake?.();
    });
    proc.on('exit', () => this.wake?.());
  }

  static start(contender: Contender, baseUrl: string, name: ScenarioName, sizes: ScenarioSizes): Child {
    const proc = fork(WORKER, [contender, baseUrl, JSON.stringify(sizes), name], {
      execArgv: ['--expose-gc', '--require', require.resolve('tsx/cjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Child(proc);
  }

  async next(): Promise<WorkerReply> {
    while (this.replies.length === 0) {
      if (this.proc.exitCode !== null) throw new Error(`bench worker exited with ${this.proc.exitCode}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const m = this.replies.shift() as WorkerReply;
    if (m.kind === 'error') throw new Error(`bench worker failed: ${m.message}`);
    return m;
  }

  async ask<K extends WorkerReply['kind']>(req: WorkerRequest, kind: K): Promise<Extract<WorkerReply, { kind: K }>> {
    this.proc.send(req);
    const m = await this.next();
    if (m.kind !== kind) throw new Error(`bench worker answered ${m.kind}, not ${kind}`);
    return m as Extract<WorkerReply, { kind: K }>;
  }

  stop(): void {
    if (this.proc.connected) this.proc.send({ kind: 'exit' } satisfies WorkerRequest);
  }
}

type Children = Record<Contender, Child>;

async function startChildren(baseUrl: string, name: ScenarioName, sizes: ScenarioSizes): Promise<Children> {
  const children = Object.fromEntries(CONTENDERS.map((c) => [c, Child.start(c, baseUrl, name, sizes)])) as Record<Contender, Child>;
  for (const c of CONTENDERS) await children[c].next(); // ready
  return children;
}

function stopChildren(children: Children): void {
  for (const c of CONTENDERS) children[c].stop();
}

/** The server answers every stream request with the current scenario's bytes. */
let current: Buffer[] = [];

async function runScenario(name: ScenarioName, sizes: ScenarioSizes, children: Children, opts: BenchOptions): Promise<{ rows: Row[]; details: unknown }> {
  current = responsePieces(name, sizes);
  const run = { kind: 'run', scenario: name } as const;
  const check: Partial<Record<Contender, { chunks: number; chars: number }>> = {};
  // Warm-up: connections opened, code compiled, before anything is timed.
  for (const c of CONTENDERS) {
    for (let i = 0; i < (opts.smoke ? 1 : 3); i++) {
      const r = await children[c].ask(run, 'ran');
      check[c] = { chunks: r.chunks, chars: r.chars };
    }
  }
  for (const other of ['sdk', 'floor'] as const) {
    if (check.ours?.chunks !== check[other]?.chunks || check.ours?.chars !== check[other]?.chars) {
      throw new Error(`case 1 ${name}: ours and ${other} read different answers: ${JSON.stringify(check)}`);
    }
  }
  const times = await interleave(CONTENDERS, opts.rounds, async (c) => (await children[c].ask(run, 'ran')).ms);
  const memory = Object.fromEntries(
    await Promise.all(CONTENDERS.map(async (c) => [c, await children[c].ask({ kind: 'memory' }, 'memory')] as const)),
  ) as unknown as Record<Contender, { rssPeakKB: number; rssBaseKB: number }>;
  const label = LABELS[name](sizes);
  const peakMB = (c: Contender): number => (memory[c].rssPeakKB - memory[c].rssBaseKB) / 1024;
  const rows = [
    row(`${label}: ours`, 'ms', summarize(times.ours)),
    row(`${label}: SDK`, 'ms', summarize(times.sdk)),
    row(`${label}: parse floor`, 'ms', summarize(times.floor)),
    row(`${label}: raw undici`, 'ms', summarize(times.raw)),
    row(`${label}: ours / SDK`, '×', pairedRatio(times.ours, times.sdk), { max: 1.0, text: '≤ 1.0' }),
    row(`${label}: ours / raw`, '×', pairedRatio(times.ours, times.raw), { max: 1.5 }),
    // Where ours / raw misses, these say how much of it any parsing reader pays, and how much is ours.
    row(`${label}: parse floor / raw`, '×', pairedRatio(times.floor, times.raw)),
    row(`${label}: ours / parse floor`, '×', pairedRatio(times.ours, times.floor)),
  ];
  // Peak memory is per process: it means something only when each scenario had fresh processes.
  if (!opts.smoke) {
    rows.push(
      single(`${label}: peak RSS above load, ours`, 'MB', peakMB('ours'), { max: Number(peakMB('sdk').toFixed(1)), text: `≤ SDK's ${peakMB('sdk').toFixed(1)}` }),
      single(`${label}: peak RSS above load, SDK`, 'MB', peakMB('sdk')),
    );
  }
  return { rows, details: { times, memory } };
}

export async function streamCase(opts: BenchOptions): Promise<CaseResult> {
  const sizes = opts.smoke ? SMOKE_SIZES : FULL_SIZES;
  const rows: Row[] = [];
  const details: Record<string, unknown> = { sizes };
  const fake = await FakeGemini.start();
  fake.route(
    (r) => r.url.includes(':streamGenerateContent'),
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const p of current) res.write(p);
      res.end();
    },
  );
  // Fresh processes per scenario (each one's peak RSS is its own); a smoke run shares one set.
  let shared: Children | undefined;
  try {
    for (const name of ['chunks', 'inline', 'history'] as const) {
      opts.log(`case 1: ${name}`);
      const children = shared ?? (await startChildren(fake.baseUrl, name, sizes));
      if (opts.smoke) shared = children;
      try {
        const r = await runScenario(name, sizes, children, opts);
        rows.push(...r.rows);
        details[name] = r.details;
      } finally {
        if (!opts.smoke) stopChildren(children);
      }
    }
  } finally {
    if (shared) stopChildren(shared);
    await fake.close();
  }
  return { id: 1, title: 'Stream consumption', rows, details };
}
