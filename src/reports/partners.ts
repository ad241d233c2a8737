/**
 * A report's "cooperation with partner centers": per partner center on the platform, the calls this
 * center took for it and handed to it (the statistics' partner figures, added up from the days),
 * the figures a cooperation contract between counties is settled on. Pure.
 */
import { partnersFiguresOf, type PartnerFigures, type PartnersFigures } from '../stats/index.js';
import type { Aggregate } from './tally.js';

/** A partner center as the deployment names it (`serviceCenter.partners`: `center`, `name`). */
export interface PartnerName {
  readonly id: string;
  readonly name: string;
}

export type ReportPartner = PartnerFigures & {
  /** The name the deployment gives it; its id when it is not one of this center's partners (it handed calls over here). */
  readonly name: string;
};

export interface ReportPartners {
  /** One per partner: every configured partner (also without calls), and every center that handed calls over here, by id. */
  readonly byPartner: readonly ReportPartner[];
  readonly total: PartnersFigures['total'];
  /** False when some day was stored before the calls between partner centers were counted and may have had some. */
  readonly complete: boolean;
}

export function reportPartnersOf(total: Aggregate, configured: readonly PartnerName[]): ReportPartners {
  const names = new Map(configured.map((p) => [p.id, p.name]));
  const figures = partnersFiguresOf(
    total.partners,
    configured.map((p) => p.id),
  );
  return {
    byPartner: figures.byPartner.map((p) => ({ ...p, name: names.get(p.center) ?? p.center })),
    total: figures.total,
    complete: total.calls.partnersUncounted === 0,
  };
}
