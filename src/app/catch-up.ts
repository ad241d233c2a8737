/**
 * Catching up with a Redis stream (or anything read in increments): `run()` reads whatever is new,
 * and concurrent calls share the read in flight; `poll()` repeats it every few ms until `stop()`.
 * The statistics, the metrics and the reports' transfer index each keep one.
 */
export class CatchUp {
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly readNew: () => Promise<void>) {}

  run(): Promise<void> {
    this.running ??= this.readNew().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Every `everyMs` (nothing when absent or 0, or when already polling); each outcome goes to `outcome`. */
  poll(everyMs: number | undefined, outcome: (err: unknown) => void): void {
    if (everyMs === undefined || everyMs <= 0 || this.timer !== null) return;
    this.timer = setInterval(() => {
      this.run().then(() => outcome(null), outcome);
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
