import type { Call } from '../domain/call.js';

/**
 * Staffing-aware wait estimate for a waiting caller:
 *
 *     estimatedWait = position × averageHandleTime ÷ staffedAgents
 *
 * - `position`: 1 for the call at the head of the queue;
 * - `averageHandleTime`: the mean talk time of the agents' recent calls (HandleTimes);
 * - `staffedAgents`: agents logged in and not paused (free, ringing or talking).
 *
 * With every agent busy, one of n agents frees up on average every AHT ÷ n, and the caller at
 * position p needs p of those. Unlike a smoothed average of past waits, the estimate reacts at once
 * when an agent pauses or logs in. No staffed agent: null (no honest estimate exists).
 */
export function estimateWaitMs(position: number, averageHandleMs: number, staffedAgents: number): number | null {
  if (!Number.isFinite(position) || position < 1 || staffedAgents < 1 || averageHandleMs <= 0) return null;
  return Math.round((position * averageHandleMs) / staffedAgents);
}

/** Talk times of recently ended agent calls: the last `keep` within `windowMs`, or a default. */
export class HandleTimes {
  private readonly samples: { readonly at: number; readonly ms: number }[] = [];

  constructor(
    private readonly defaultMs: number,
    private readonly windowMs = 60 * 60_000,
    private readonly keep = 50,
  ) {}

  /** A call with an agent ended at `at` after `ms` of talk. */
  add(at: number, ms: number): void {
    if (!(ms >= 0)) return;
    this.samples.push({ at, ms });
    this.samples.sort((a, b) => a.at - b.at);
    if (this.samples.length > this.keep) this.samples.splice(0, this.samples.length - this.keep);
  }

  /** Counts an ended call if an agent talked in it. */
  addRecord(call: Call): void {
    if (call.outcome !== 'answered-by-agent' || call.times.answeredAt === undefined || call.times.endedAt === undefined) return;
    this.add(call.times.endedAt, call.times.endedAt - call.times.answeredAt);
  }

  /** Mean of the samples within the window before `now`; the configured default when there are none. */
  averageMs(now: number): number {
    const recent = this.samples.filter((s) => s.at > now - this.windowMs && s.at <= now);
    if (recent.length === 0) return this.defaultMs;
    return recent.reduce((sum, s) => sum + s.ms, 0) / recent.length;
  }
}
