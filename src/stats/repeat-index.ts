import type { CallFact } from './facts.js';
import { countAtOrBelow } from './sorted.js';

const instant = (at: number): number => at;

/**
 * Every caller's arrivals, for the strict FCR: did the same caller hash call again within the window
 * after a call ended? Hashes of numbers that identify nobody (an empty or anonymous caller id) are
 * never counted as the same caller.
 */
export class RepeatIndex {
  private readonly arrivals = new Map<string, number[]>();
  private readonly unknown: ReadonlySet<string>;

  constructor(unknownCallerHashes: Iterable<string> = []) {
    this.unknown = new Set(unknownCallerHashes);
  }

  add(c: Pick<CallFact, 'callerHash' | 'arrivedAt'>): void {
    if (c.callerHash === '' || this.unknown.has(c.callerHash)) return;
    let list = this.arrivals.get(c.callerHash);
    if (!list) this.arrivals.set(c.callerHash, (list = []));
    // Records come in the order calls END, not arrive: keep each caller's arrivals sorted.
    list.splice(countAtOrBelow(list, c.arrivedAt, instant), 0, c.arrivedAt);
  }

  /** Whether another call from `c`'s caller arrived after `c` ended and at most `windowMs` after. */
  calledAgain(c: Pick<CallFact, 'callerHash' | 'endedAt'>, windowMs: number): boolean {
    const list = this.arrivals.get(c.callerHash);
    if (!list) return false;
    const next = list[countAtOrBelow(list, c.endedAt, instant)]; // the first arrival strictly after the end
    return next !== undefined && next <= c.endedAt + windowMs;
  }

  /** Forgets arrivals before `at`. */
  dropBefore(at: number): void {
    for (const [hash, list] of this.arrivals) {
      const keep = list.filter((t) => t >= at);
      if (keep.length === 0) this.arrivals.delete(hash);
      else if (keep.length !== list.length) this.arrivals.set(hash, keep);
    }
  }

  get callers(): number {
    return this.arrivals.size;
  }
}
