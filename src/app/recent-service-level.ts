/**
 * A center's own service level over a recent window, from the calls that ended in it: what its
 * partners check before they hand it a caller. Kept in memory; seeded from the latest records at
 * start (src/main.ts), so a restart does not make a busy center look idle.
 */
import type { Call } from '../domain/call.js';

export class RecentServiceLevel {
  private readonly calls: { readonly at: number; readonly within: boolean }[] = [];

  constructor(
    /** Answered within this long after arrival: within the target. */
    private readonly withinMs: number,
    private readonly windowMs = 30 * 60_000,
  ) {}

  /**
   * Counts an ended call of this center's queue: answered by an agent (within the target or not) or
   * abandoned while waiting (never within). Calls a partner handed over, or that never queued, do not count.
   */
  addRecord(call: Call): void {
    if (call.fromPartner || call.times.queuedAt === undefined || call.times.endedAt === undefined) return;
    if (call.outcome === 'answered-by-agent' && call.times.answeredAt !== undefined) {
      this.push(call.times.endedAt, call.times.answeredAt - call.times.arrivedAt <= this.withinMs);
    } else if (call.outcome === 'abandoned') {
      this.push(call.times.endedAt, false);
    }
  }

  /** The calls that ended within the window before `now`, and how many of them were within the target. */
  at(now: number): { readonly calls: number; readonly withinTarget: number } {
    const from = now - this.windowMs;
    while (this.calls.length > 0 && (this.calls[0]?.at ?? now) <= from) this.calls.shift();
    const recent = this.calls.filter((c) => c.at <= now);
    return { calls: recent.length, withinTarget: recent.filter((c) => c.within).length };
  }

  private push(at: number, within: boolean): void {
    this.calls.push({ at, within });
    this.calls.sort((a, b) => a.at - b.at);
  }
}
