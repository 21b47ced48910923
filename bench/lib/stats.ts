// Summaries of repeated measurements. Medians, not means: on a shared machine one slow repetition
// (another process scheduled in) says nothing about the code, and the median ignores it.

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** The p-th percentile (0..100) by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Ratios of paired samples (a[i] / b[i], measured next to each other in one A B round), summarized.
 * Pairing cancels drift: a slow minute slows both members of a pair.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push((a[i] as number) / (b[i] as number));
  return summarize(ratios);
}

/**
 * Runs each contender once per round, in a rotating order (A B C, B C A, C A B…), so no contender
 * always runs first, after a GC, or right after the server warmed up.
 */
export async function interleave<K extends string>(
  contenders: readonly K[],
  rounds: number,
  run: (contender: K, round: number) => Promise<number>,
): Promise<Record<K, number[]>> {
  const out = Object.fromEntries(contenders.map((c) => [c, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + round) % contenders.length] as K;
      out[contender].push(await run(contender, round));
    }
  }
  return out;
}
