/**
 * Erlang C: the M/M/N queue (Poisson arrivals, exponential handle times, N agents, callers wait
 * as long as it takes). Pure functions, no clock. Traffic `a` is in Erlangs: arrivals per second ×
 * average handle time in seconds (λ × AHT).
 *
 * Numerically stable for any N (tested to 2 000): C(N, A) is derived from Erlang B, which is
 * computed by its recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)). Every step stays in [0, 1],
 * so there is no A^N, no N!, and no overflow.
 */

const check = (name: string, value: number, min = 0): void => {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a finite number ≥ ${min}, got ${value}`);
};

const checkAgents = (n: number): void => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`agents must be a whole number ≥ 0, got ${n}`);
};

/** One step of the Erlang B recursion: B(k) from B(k−1). */
const erlangBStep = (k: number, a: number, previous: number): number => (a * previous) / (k + a * previous);

/** Erlang B: the probability that a call is blocked with `n` servers, `a` Erlangs and no queue. */
export function erlangB(n: number, a: number): number {
  checkAgents(n);
  check('traffic', a);
  let b = 1;
  for (let k = 1; k <= n; k++) b = erlangBStep(k, a, b);
  return b;
}

/** Erlang C from Erlang B of the same N and A (requires N > A). */
const erlangCFromB = (n: number, a: number, b: number): number => (n * b) / (n - a * (1 - b));

/**
 * Erlang C: the probability that a call has to wait, with `n` agents and `a` Erlangs. 0 without
 * traffic; 1 when `a` ≥ `n` (the queue grows without bound: every caller waits).
 */
export function erlangC(n: number, a: number): number {
  checkAgents(n);
  check('traffic', a);
  if (a === 0) return 0;
  if (a >= n) return 1;
  return erlangCFromB(n, a, erlangB(n, a));
}

/** The service level from C(N, A): P(wait ≤ t) = 1 − C × e^(−(N − A) × t / AHT). */
const serviceLevelFromC = (n: number, a: number, c: number, ahtSec: number, withinSec: number): number => {
  if (c === 0) return 1;
  return 1 - c * Math.exp((-(n - a) * withinSec) / ahtSec);
};

/**
 * The share of calls answered within `withinSec` seconds: P(wait ≤ t) = 1 − C(N, A) × e^(−(N − A) × t / AHT).
 * 1 without traffic; 0 when `a` ≥ `n` (the queue grows without bound).
 */
export function serviceLevel(n: number, a: number, ahtSec: number, withinSec: number): number {
  checkAgents(n);
  check('traffic', a);
  check('handle time', ahtSec);
  check('answer time', withinSec);
  if (a === 0) return 1;
  if (a >= n) return 0;
  return serviceLevelFromC(n, a, erlangC(n, a), ahtSec, withinSec);
}

/** Average speed of answer in seconds: C(N, A) × AHT / (N − A); Infinity when `a` ≥ `n`. */
export function averageSpeedOfAnswer(n: number, a: number, ahtSec: number): number {
  checkAgents(n);
  check('traffic', a);
  check('handle time', ahtSec);
  if (a === 0) return 0;
  if (a >= n) return Infinity;
  return (erlangC(n, a) * ahtSec) / (n - a);
}

/** Traffic in Erlangs of `arrivalsPerHour` calls per hour that take `ahtSec` seconds each. */
export function trafficErlangs(arrivalsPerHour: number, ahtSec: number): number {
  check('arrivals per hour', arrivalsPerHour);
  check('handle time', ahtSec);
  return (arrivalsPerHour * ahtSec) / 3_600;
}

/**
 * The fewest agents N for which P(wait ≤ `withinSec`) ≥ `share` at `a` Erlangs: 0 without traffic.
 * Steps N up from ⌊A⌋ + 1 (the fewest with a finite queue), carrying Erlang B along, so the search
 * costs one recursion to N in all. `share` must be below 1 (1 is never reached with traffic).
 */
export function agentsNeeded(a: number, ahtSec: number, withinSec: number, share: number): number {
  check('traffic', a);
  check('handle time', ahtSec);
  check('answer time', withinSec);
  if (!(share >= 0 && share < 1)) throw new RangeError(`share must be in [0, 1), got ${share}`);
  if (a === 0) return 0;
  let n = Math.floor(a) + 1;
  let b = erlangB(n, a);
  for (;;) {
    if (serviceLevelFromC(n, a, erlangCFromB(n, a, b), ahtSec, withinSec) >= share) return n;
    n += 1;
    b = erlangBStep(n, a, b);
  }
}
