/** The thresholds the statistics' figures are defined by (README, "Statistics"). */
import { DAY_MS } from './time.js';

export interface StatsRules {
  /** Answered within this long after arrival counts for the service level (30 s: the 115 promise). */
  readonly serviceLevelMs: number;
  /** An abandoned call that ended sooner than this after arrival is a short abandon (5 s). */
  readonly shortAbandonMs: number;
  /** A resolved call is not first-contact resolved in the strict form if the caller calls again within this long (7 days). */
  readonly repeatWindowMs: number;
  /** The configured wrap-up: a call's wrap-up counts at most this long (`serviceCenter.wrapUpSec`). */
  readonly wrapUpCapMs: number;
}

export const DEFAULT_RULES: StatsRules = {
  serviceLevelMs: 30_000,
  shortAbandonMs: 5_000,
  repeatWindowMs: 7 * DAY_MS,
  wrapUpCapMs: 30_000,
};
