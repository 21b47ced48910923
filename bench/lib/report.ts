// What every case returns, and the one table `npm run bench` prints from it.
import type { Summary } from './stats';

export type Unit = 'ms' | '×' | 'KB' | 'MB' | 'chars' | 'count';

export interface Row {
  /** What was measured, e.g. "2,000 chunks: ours / SDK". */
  name: string;
  unit: Unit;
  value: number;
  min?: number;
  max?: number;
  /** Repetitions behind the figure. */
  n?: number;
  /** The issue's goal as text (e.g. "≤ 1.0"), when this row has one. */
  goal?: string;
  pass?: boolean;
  note?: string;
}

export interface CaseResult {
  id: number;
  title: string;
  rows: Row[];
  /** Raw figures a reader may want beyond the table (medians per contender, sizes…). */
  details?: Record<string, unknown>;
  /** Set when the case could not run (e.g. no editor installed); says why. */
  skipped?: string;
}

export interface BenchOptions {
  /** Tiny sizes and one repetition: checks the harness, not the product (CI). */
  smoke: boolean;
  /** Interleaved rounds per comparison. */
  rounds: number;
  log: (line: string) => void;
}

/** A row from a summary, with its goal checked (`max` goal: value must be ≤ it). */
export function row(name: string, unit: Unit, s: Summary, goal?: { max: number; text?: string }, note?: string): Row {
  const r: Row = { name, unit, value: s.median, min: s.min, max: s.max, n: s.n };
  if (goal && s.n > 0) {
    r.goal = goal.text ?? `≤ ${goal.max}`;
    r.pass = s.median <= goal.max;
  }
  if (note) r.note = note;
  return r;
}

/** A single figure (a size, a count): no spread. */
export function single(name: string, unit: Unit, value: number, goal?: { max: number; text?: string }, note?: string): Row {
  return row(name, unit, { median: value, min: value, max: value, n: 1 }, goal, note);
}

function fmt(v: number | undefined, unit: Unit): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (unit === '×') return v.toFixed(2);
  if (unit === 'count' || unit === 'chars') return Math.round(v).toLocaleString('en-US');
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** A Markdown table (it reads well in a terminal too). */
export function formatTable(results: readonly CaseResult[]): string {
  const lines = ['| # | Measure | Median | Min – max | Goal | |', '|---|---|---:|---:|---|---|'];
  for (const c of results) {
    if (c.skipped) {
      lines.push(`| ${c.id} | ${c.title}: not run (${c.skipped}) | | | | |`);
      continue;
    }
    for (const r of c.rows) {
      const spread = r.min !== undefined && r.max !== undefined && r.n !== undefined && r.n > 1 ? `${fmt(r.min, r.unit)} – ${fmt(r.max, r.unit)}` : '';
      const verdict = r.pass === undefined ? '' : r.pass ? 'pass' : '**MISS**';
      const name = r.note ? `${r.name} (${r.note})` : r.name;
      lines.push(`| ${c.id} | ${name} | ${fmt(r.value, r.unit)} ${r.unit} | ${spread} | ${r.goal ? `${r.goal} ${r.unit}` : ''} | ${verdict} |`);
    }
  }
  return lines.join('\n');
}
