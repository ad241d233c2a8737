/**
 * Seeded pseudo-randomness (mulberry32), for the demo and the property tests: the same seed draws
 * the same callers (or event scripts) again. Each consumer takes its own stream, derived from the
 * seed and a name, so that the draws of one phone do not depend on how often another phone
 * happened to be offered a call.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A whole number in [0, below). */
  int(below: number): number;
  /** One of the items, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponentially distributed with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number;
  /** One of the options, chosen by weight. */
  weighted<T>(options: readonly (readonly [T, number])[]): T;
  /** n random decimal digits. */
  digits(n: number): string;
}

export function randomStream(seed: number, name: string): Random {
  let state = (seed ^ hash(name)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const random: Random = {
    next,
    int,
    pick(items) {
      const item = items[int(items.length)];
      if (item === undefined) throw new Error('pick(): no items');
      return item;
    },
    between: (min, max) => min + (max - min) * next(),
    chance: (p) => next() < p,
    exponential: (mean) => -mean * Math.log(1 - next()),
    weighted(options) {
      const total = options.reduce((sum, [, weight]) => sum + weight, 0);
      let pick = next() * total;
      for (const [value, weight] of options) {
        pick -= weight;
        if (pick < 0) return value;
      }
      const last = options[options.length - 1];
      if (!last) throw new Error('weighted(): no options');
      return last[0];
    },
    digits: (n) => Array.from({ length: n }, () => Math.floor(next() * 10)).join(''),
  };
  return random;
}

/** FNV-1a: a stable 32-bit number for a stream name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
