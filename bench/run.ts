// `npm run bench [-- --case N[,M]] [--rounds R] [--smoke]`: runs the cases of issue 6, prints one table
// and writes bench/results.json. See bench/README.md for what each figure means.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatTable, type BenchOptions, type CaseResult } from './lib/report';
import { CASES } from './cases';

function parseArgs(argv: string[]): { cases: number[]; rounds?: number; smoke: boolean; out?: string } {
  const out: { cases: number[]; rounds?: number; smoke: boolean; out?: string } = { cases: [], smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') out.smoke = true;
    else if (a === '--case') out.cases.push(...String(argv[++i]).split(',').map(Number));
    else if (a === '--rounds') out.rounds = Number(argv[++i]);
    else if (a === '--out') out.out = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opts: BenchOptions = { smoke: args.smoke, rounds: args.rounds ?? (args.smoke ? 1 : 7), log: (l) => console.error(`[bench] ${l}`) };
  const selected = args.cases.length ? CASES.filter((c) => args.cases.includes(c.id)) : CASES;
  const results: CaseResult[] = [];
  // The machine's load, noted with the figures: on a shared machine it explains a slow run.
  const loadBefore = loadavg();
  for (const c of selected) {
    const started = Date.now();
    opts.log(`case ${c.id}: ${c.title}… (load average ${loadavg()[0]?.toFixed(1)})`);
    try {
      results.push(await c.run(opts));
    } catch (err) {
      results.push({ id: c.id, title: c.title, rows: [], skipped: `failed: ${(err as Error).message.split('\n')[0]}` });
      console.error(err);
    }
    opts.log(`case ${c.id} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(formatTable(results));
  // A smoke run's figures mean nothing: they never overwrite the real results.
  const file = args.out ?? (args.smoke ? path.join(tmpdir(), 'gemini-chat-bench.smoke.json') : path.join(__dirname, 'results.json'));
  const meta = { date: new Date().toISOString(), smoke: opts.smoke, rounds: opts.rounds, node: process.version, loadBefore, loadAfter: loadavg() };
  writeFileSync(file, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  opts.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (!opts.smoke && !args.out && selected.length === CASES.length) updateReadme(formatTable(results), meta);
  // The cases close their browsers, servers and children; exiting here also ends anything a failed
  // case left behind.
  process.exit(results.some((r) => r.skipped?.startsWith('failed')) ? 1 : 0);
}

/**
 * A full run refreshes the table in bench/README.md and in the project's README (between their
 * markers), so the figures and the table never disagree.
 */
function updateReadme(table: string, meta: { date: string; node: string; loadBefore: number[]; loadAfter: number[]; rounds: number }): void {
  const load = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' / ');
  const note = `Run of ${meta.date.slice(0, 16).replace('T', ' ')} UTC, Node ${meta.node}, ${meta.rounds} rounds; load average (1/5/15 min) ${load(meta.loadBefore)} before, ${load(meta.loadAfter)} after (2 cores, shared).`;
  for (const file of [path.join(__dirname, 'README.md'), path.join(__dirname, '..', 'README.md')]) {
    const text = readFileSync(file, 'utf8');
    const start = '<!-- bench:table -->';
    const end = '<!-- /bench:table -->';
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) continue;
    writeFileSync(file, `${text.slice(0, a + start.length)}\n${note}\n\n${table}\n${text.slice(b)}`);
  }
}

void main();
