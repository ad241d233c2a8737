/** The thresholds the statistics' figures are defined by (README, "Statistics"). */
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import { DAY_MS } from './time.js';

export interface StatsRules {
  /** Answered within this long after arrival counts for the service level (`serviceCenter.targets`; 30 s: the 115 promise). */
  readonly serviceLevelMs: number;
  /**
   * Towns whose own targets promise other seconds (`towns[].targets.serviceLevel.withinSec`): a call
   * about such a town counts as answered in time by ITS seconds, in every figure it is part of (the
   * town's, the day's, the county's total), so totals stay the sums of their parts.
   */
  readonly serviceLevelMsByMunicipality: Readonly<Record<string, number>>;
  /** An abandoned call that ended sooner than this after arrival is a short abandon (5 s). */
  readonly shortAbandonMs: number;
  /** A resolved call is not first-contact resolved in the strict form if the caller calls again within this long (7 days). */
  readonly repeatWindowMs: number;
  /** The configured wrap-up: a call's wrap-up counts at most this long (`serviceCenter.wrapUpSec`). */
  readonly wrapUpCapMs: number;
}

export const DEFAULT_RULES: StatsRules = {
  serviceLevelMs: DEFAULT_SERVICE_TARGETS.serviceLevel.withinMs,
  serviceLevelMsByMunicipality: {},
  shortAbandonMs: 5_000,
  repeatWindowMs: 7 * DAY_MS,
  wrapUpCapMs: 30_000,
};

/** The seconds a call about `municipality` must be answered within. */
export const serviceLevelMsOf = (rules: StatsRules, municipality: string | null): number =>
  (municipality === null ? undefined : rules.serviceLevelMsByMunicipality[municipality]) ?? rules.serviceLevelMs;

/** The rules' service-level part from the deployment: the center's seconds, and each town's that differ. */
export const serviceLevelRulesOf = (d: {
  readonly serviceCenter: { readonly targets: ServiceTargets };
  readonly towns: readonly { readonly id: string; readonly targets: ServiceTargets }[];
}): Pick<StatsRules, 'serviceLevelMs' | 'serviceLevelMsByMunicipality'> => {
  const center = d.serviceCenter.targets.serviceLevel.withinMs;
  return {
    serviceLevelMs: center,
    serviceLevelMsByMunicipality: Object.fromEntries(d.towns.filter((t) => t.targets.serviceLevel.withinMs !== center).map((t) => [t.id, t.targets.serviceLevel.withinMs])),
  };
};
