// The figures SECURITY.md reports, written by the tests that measure them. Each suite owns one or more
// sections of test-results/security-figures.json and replaces only those, so the unit, webview and
// end-to-end suites can run separately (or in any order) and still leave one complete file behind.
// scripts/security-report.mjs renders SECURITY.md from it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
export const FIGURES_FILE = path.join(REPO, 'test-results/security-figures.json');

export interface FigureSection {
  /** One line saying what was checked and how (rendered as the section's description). */
  what: string;
  /** Counts and measurements, by name (rendered as a table). */
  figures: Record<string, number | string | boolean>;
  /** Names of the cases this section ran (payload ids, fault names…). */
  cases?: string[];
}

type FiguresFile = Record<string, FigureSection>;

export function readFigures(file = FIGURES_FILE): FiguresFile {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as FiguresFile;
  } catch {
    return {};
  }
}

/**
 * Replaces one section (atomically: two suites never leave half a file), then renders SECURITY.md from
 * the figures, so the document always says what the last run of each suite measured.
 */
export function recordFigures(section: string, value: FigureSection, file = FIGURES_FILE): void {
  const all = readFigures(file);
  all[section] = value;
  const sorted = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]));
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
  renameSync(tmp, file);
  if (file === FIGURES_FILE) {
    const rendered = spawnSync(process.execPath, ['scripts/security-report.mjs'], { cwd: REPO, encoding: 'utf8' });
    if (rendered.status !== 0) throw new Error(`rendering SECURITY.md failed: ${rendered.stderr}`);
  }
}

/** Counts outcomes of named cases while a suite runs; `record` writes them once at the end. */
export class Tally {
  private readonly seen = new Map<string, boolean>();

  pass(name: string): void {
    this.seen.set(name, true);
  }

  fail(name: string): void {
    this.seen.set(name, false);
  }

  get passed(): number {
    return [...this.seen.values()].filter(Boolean).length;
  }

  get tried(): number {
    return this.seen.size;
  }

  get names(): string[] {
    return [...this.seen.keys()];
  }
}
