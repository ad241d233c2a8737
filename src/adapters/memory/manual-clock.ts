import type { Clock, TimerHandle } from '../../app/ports.js';

interface PendingTimer {
  readonly dueAt: number;
  /** Scheduling order: timers due at the same instant fire in the order they were scheduled. */
  readonly seq: number;
  readonly fn: () => void;
}

/** Monday 6 January 2025, 09:00 in Germany: inside the 115 service hours. */
export const MANUAL_CLOCK_DEFAULT_START = Date.UTC(2025, 0, 6, 8, 0, 0);

/**
 * A clock tests drive by hand: `clock.advance(20_000)` fires the overflow timer. Time only moves in
 * advance(); while timers fire, now() reads each timer's own dueAt.
 */
export class ManualClock implements Clock {
  private nowMs: number;
  private seq = 0;
  private readonly timers = new Map<number, PendingTimer>();

  constructor(startAt = MANUAL_CLOCK_DEFAULT_START) {
    this.nowMs = startAt;
  }

  now(): number {
    return this.nowMs;
  }

  schedule(dueAt: number, fn: () => void): TimerHandle {
    if (!Number.isFinite(dueAt)) throw new RangeError(`dueAt must be a finite epoch ms, got ${dueAt}`);
    this.seq += 1;
    const id = this.seq;
    this.timers.set(id, { dueAt, seq: id, fn });
    // "At once if past", but never inside schedule() itself: the caller is mid-operation, and a real
    // setTimeout(0) would not re-enter it either. advance() fires it too if it comes first.
    if (dueAt <= this.nowMs) queueMicrotask(() => this.fire(id));
    return { id };
  }

  cancel(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in dueAt order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance by ${ms} ms`);
    this.advanceTo(this.nowMs + ms);
  }

  /** Moves time forward to `at`; timers scheduled by firing timers also fire if due by then. */
  advanceTo(at: number): void {
    if (!(at >= this.nowMs)) throw new RangeError(`cannot go back in time to ${at}`);
    for (let next = this.nextDue(at); next; next = this.nextDue(at)) {
      this.nowMs = Math.max(this.nowMs, next[1].dueAt);
      this.fire(next[0]);
    }
    this.nowMs = at;
  }

  /** Timers not yet fired nor cancelled. */
  pending(): number {
    return this.timers.size;
  }

  /** The earliest pending dueAt, or null. */
  nextDueAt(): number | null {
    const next = this.nextDue(Number.POSITIVE_INFINITY);
    return next ? next[1].dueAt : null;
  }

  private nextDue(limit: number): [number, PendingTimer] | undefined {
    let best: [number, PendingTimer] | undefined;
    for (const entry of this.timers) {
      const t = entry[1];
      if (t.dueAt > limit) continue;
      if (!best || t.dueAt < best[1].dueAt || (t.dueAt === best[1].dueAt && t.seq < best[1].seq)) best = entry;
    }
    return best;
  }

  private fire(id: number): void {
    const t = this.timers.get(id);
    if (!t) return; // cancelled, or already fired by advance()
    this.timers.delete(id);
    t.fn();
  }
}
