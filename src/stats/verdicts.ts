/**
 * How a figure is judged against the service targets (src/config/service-targets.ts): one of four
 * levels, and whether the target is met. Pure. The dashboard colours these, the reports mark them,
 * the statistics report `met`.
 *
 * | level  | meaning                                  |
 * |--------|------------------------------------------|
 * | `good` | meets the target                         |
 * | `warn` | misses it narrowly (within the amber band) |
 * | `bad`  | misses it clearly                        |
 * | `none` | nothing to judge yet (no calls)          |
 */
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import type { Figures } from './figures.js';

export type Level = 'good' | 'warn' | 'bad' | 'none';

/** A figure where more is better (service level, FCR): at least `good` green, at least `warn` amber. */
export const atLeast = (value: number | null, good: number, warn: number): Level =>
  value === null || !Number.isFinite(value) ? 'none' : value >= good ? 'good' : value >= warn ? 'warn' : 'bad';

/** A figure where less is better (ASA, abandonment, overdue notes): at most `good` green, at most `warn` amber. */
export const atMost = (value: number | null, good: number, warn: number): Level =>
  value === null || !Number.isFinite(value) ? 'none' : value <= good ? 'good' : value <= warn ? 'warn' : 'bad';

const D = DEFAULT_SERVICE_TARGETS;

export const serviceLevelLevel = (rate: number | null, t: ServiceTargets = D): Level => atLeast(rate, t.serviceLevel.share, t.serviceLevel.amberFrom);
export const asaLevel = (asaMs: number | null, t: ServiceTargets = D): Level => atMost(asaMs, t.asa.maxMs, t.asa.amberUpToMs);
export const abandonLevel = (rate: number | null, t: ServiceTargets = D): Level => atMost(rate, t.abandonment.maxShare, t.abandonment.amberUpTo);
export const fcrLevel = (rate: number | null, t: ServiceTargets = D): Level => atLeast(rate, t.fcr.minShare, t.fcr.amberFrom);
/** Notes overdue now; `available: false` (no notes module): nothing to judge. */
export const notesLevel = (overdue: number, available: boolean, t: ServiceTargets = D): Level =>
  available ? atMost(overdue, 0, t.noteReply.amberUpToOverdue) : 'none';

/**
 * How long a caller's wait so far stays green and amber: green within the service level's
 * seconds (the promise still holds for the caller), amber up to the ASA's amber limit.
 */
export const waitLimitsOf = (t: ServiceTargets = D): { readonly goodMs: number; readonly warnMs: number } => ({
  goodMs: t.serviceLevel.withinMs,
  warnMs: Math.max(t.serviceLevel.withinMs, t.asa.amberUpToMs),
});

/** A wait so far (the longest wait, a waiting caller): nobody waiting is green. */
export const waitLevel = (waitedMs: number | null, t: ServiceTargets = D): Level => {
  const l = waitLimitsOf(t);
  return waitedMs === null ? 'good' : atMost(waitedMs, l.goodMs, l.warnMs);
};

/** Whether each target is met by a set of calls' figures; null: nothing to judge (no calls). */
export interface TargetsMet {
  readonly serviceLevel: boolean | null;
  readonly asa: boolean | null;
  readonly abandonment: boolean | null;
  readonly fcr: boolean | null;
}

const met = (l: Level): boolean | null => (l === 'none' ? null : l === 'good');

export const targetsMet = (f: Figures, t: ServiceTargets): TargetsMet => ({
  serviceLevel: met(serviceLevelLevel(f.serviceLevel.rate, t)),
  asa: met(asaLevel(f.asaMs, t)),
  abandonment: met(abandonLevel(f.abandonRate, t)),
  fcr: met(fcrLevel(f.fcr.rate, t)),
});
