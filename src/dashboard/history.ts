import { daySpan, localDate } from '../stats/index.js';

/** Today's waiting calls, one value per step (the most seen in it), from local midnight. */
export interface WaitingSeries {
  /** Local midnight of today (epoch ms). */
  readonly dayStart: number;
  /** The next local midnight (23 or 25 hours later on the days the clocks change). */
  readonly dayEnd: number;
  readonly stepMs: number;
  /** From `dayStart`, one per step up to the step holding `now`; null: no sample in that step. */
  readonly values: readonly (number | null)[];
}

/**
 * How many callers waited, per minute (or any step), since the start of today, IN MEMORY in the
 * engine process: a restarted engine starts with an empty history (the chart shows nothing before
 * the start). Each step keeps the most callers seen waiting in it. Samples come from the
 * dashboard's once-a-minute reading of the queue and from every update it pushes while a
 * dashboard is open. At local midnight the history starts afresh. At most one day of steps
 * (1 440 per minute) is held.
 */
export class WaitingHistory {
  private date: string | null = null;
  private span = { start: 0, end: 0 };
  /** Per step: the most callers seen waiting in it, and the last count seen. */
  private readonly steps = new Map<number, { max: number; last: number }>();

  constructor(
    private readonly timezone: string,
    readonly stepMs = 60_000,
  ) {}

  /** `waiting` callers at instant `at`. A sample of an earlier day than the one held is ignored. */
  record(at: number, waiting: number): void {
    this.roll(at);
    if (at < this.span.start || at >= this.span.end) return;
    const i = Math.floor((at - this.span.start) / this.stepMs);
    const before = this.steps.get(i);
    this.steps.set(i, { max: Math.max(before?.max ?? waiting, waiting), last: waiting });
  }

  /**
   * Today's series up to `now`. A step without a sample right after one with a sample (a late
   * timer) holds the last count seen before it; longer gaps (sampling failed: Redis away) stay null.
   */
  series(now: number): WaitingSeries {
    this.roll(now);
    const last = Math.floor((Math.min(now, this.span.end - 1) - this.span.start) / this.stepMs);
    const values: (number | null)[] = [];
    for (let i = 0; i <= last; i++) values.push(this.steps.get(i)?.max ?? this.steps.get(i - 1)?.last ?? null);
    return { dayStart: this.span.start, dayEnd: this.span.end, stepMs: this.stepMs, values };
  }

  /** A new local day: the old one is dropped. */
  private roll(at: number): void {
    const date = localDate(this.timezone, at);
    if (this.date !== null && date <= this.date) return;
    this.date = date;
    this.span = daySpan(this.timezone, date);
    this.steps.clear();
  }
}
