import type { Clock, TimerHandle } from '../app/ports.js';

/** setTimeout's limit: a longer delay overflows and fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface SystemClockOptions {
  /** Timers do not keep the process alive (shutdown does not wait for an offer timer). Default false. */
  readonly unref?: boolean;
}

/** The real clock: Date.now() and setTimeout, with delays beyond ~24.8 days run in clamped steps. */
export class SystemClock implements Clock {
  private seq = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly options: SystemClockOptions = {}) {}

  now(): number {
    return Date.now();
  }

  schedule(dueAt: number, fn: () => void): TimerHandle {
    if (!Number.isFinite(dueAt)) throw new RangeError(`dueAt must be a finite epoch ms, got ${dueAt}`);
    this.seq += 1;
    const id = this.seq;
    this.arm(id, dueAt, fn);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    clearTimeout(this.timers.get(handle.id));
    this.timers.delete(handle.id);
  }

  /** Cancels every pending timer (graceful shutdown). */
  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  pending(): number {
    return this.timers.size;
  }

  private arm(id: number, dueAt: number, fn: () => void): void {
    const delayMs = Math.max(0, dueAt - Date.now());
    const clamped = delayMs > MAX_TIMEOUT_MS;
    const timer = setTimeout(
      () => {
        // A clamped step ends before dueAt: arm the next step instead of firing.
        if (clamped) return this.arm(id, dueAt, fn);
        this.timers.delete(id);
        fn();
      },
      clamped ? MAX_TIMEOUT_MS : delayMs,
    );
    if (this.options.unref) timer.unref();
    this.timers.set(id, timer);
  }
}
