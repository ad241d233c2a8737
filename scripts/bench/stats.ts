/** Order statistics of a sample, in the sample's unit; null for an empty sample. */
export interface Summary {
  readonly n: number;
  readonly median: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/** The q-quantile (0..1) by linear interpolation between the closest ranks; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (at - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: n === 0 ? null : (sorted[n - 1] as number),
    mean: n === 0 ? null : sorted.reduce((s, v) => s + v, 0) / n,
  };
}

/** Rounds for the JSON: three decimals are plenty for ms and s. */
export const round3 = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 1000);

export function rounded(s: Summary): Summary {
  return { n: s.n, median: round3(s.median), p95: round3(s.p95), p99: round3(s.p99), max: round3(s.max), mean: round3(s.mean) };
}
