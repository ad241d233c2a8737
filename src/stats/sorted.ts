/**
 * How many leading entries of `sorted` (ascending by `keyOf`) have a key at or below `value`: the
 * index of the first entry above it (binary search).
 */
export function countAtOrBelow<T>(sorted: readonly T[], value: number, keyOf: (entry: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const entry = sorted[mid];
    if (entry !== undefined && keyOf(entry) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
