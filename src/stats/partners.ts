/**
 * Accounting between partner centers on one platform: per partner, the calls this center handed
 * to it and the calls it took for it, with how the taken ones ended here. The figures a cooperation
 * contract between counties is settled on. Pure. Definitions: README, "Statistics" (`partners`).
 *
 * A call handed over (`handed-over`, `handedTo`) counts here only as handed to that partner: it is
 * neither answered nor abandoned here, so it is out of this center's service level base. A call
 * taken for a partner (`takenFor`) counts here like this center's own calls in every figure (this
 * center answered it, or the caller hung up here), and in the partner's row besides: answered
 * within the target measured from the caller's FIRST arrival, at the partner, as the service level
 * measures every call from its arrival.
 */
import { mean, rate } from './arithmetic.js';
import type { Row } from './context.js';
import { inServiceLevelBase, liveAnswerMs, type CallFact } from './facts.js';
import { serviceLevelMsOf, type StatsRules } from './rules.js';

export const PARTNER_COUNTERS = [
  /** Calls this center handed to the partner. */
  'handedOver',
  /** Calls this center took for the partner; the rest are of those. */
  'taken',
  /** Answered by an agent here (callbacks included). */
  'answered',
  'onCallback',
  /** Answered live within the service level target after the caller's first arrival. */
  'answeredInTime',
  /** In the service level's base (not short abandons, not closed, not handed on). */
  'base',
  'abandoned',
  'shortAbandoned',
  /** Calls with a talk (answered by an agent) and their talk, ms. */
  'talkCalls',
  'talkSumMs',
] as const;
export type PartnerCounter = (typeof PARTNER_COUNTERS)[number];
/** Additive counts of one partner: what the daily aggregates store and a report adds up. */
export type PartnerTally = Readonly<Record<PartnerCounter, number>>;

export const zeroPartner = (): PartnerTally => ({
  handedOver: 0,
  taken: 0,
  answered: 0,
  onCallback: 0,
  answeredInTime: 0,
  base: 0,
  abandoned: 0,
  shortAbandoned: 0,
  talkCalls: 0,
  talkSumMs: 0,
});

export const addPartnerTallies = (a: PartnerTally, b: PartnerTally): PartnerTally => {
  const out: Record<PartnerCounter, number> = { ...zeroPartner() };
  for (const k of PARTNER_COUNTERS) out[k] = a[k] + b[k];
  return out;
};

/** Per partner center id (absent: no call handed to it or taken for it), of `rows`. */
export function partnerTalliesOfRows(rows: Iterable<Pick<Row, 'call'>>, rules: StatsRules): Record<string, PartnerTally> {
  const out: Record<string, Record<PartnerCounter, number>> = {};
  for (const { call: c } of rows) {
    if (c.handedTo !== null) (out[c.handedTo] ??= { ...zeroPartner() }).handedOver++;
    if (c.takenFor === null) continue;
    const t = (out[c.takenFor] ??= { ...zeroPartner() });
    t.taken++;
    if (inServiceLevelBase(c, rules.shortAbandonMs)) t.base++;
    const speed = liveAnswerMs(c);
    if (speed !== null && speed <= serviceLevelMsOf(rules, c.municipality)) t.answeredInTime++;
    if (c.outcome === 'answered-by-agent') {
      t.answered++;
      if (c.onCallback) t.onCallback++;
    } else if (c.outcome === 'abandoned') {
      if (c.endedAt - c.arrivedAt < rules.shortAbandonMs) t.shortAbandoned++;
      else t.abandoned++;
    }
    if (c.answeredAt !== null && c.talkEndedAt !== null) {
      t.talkCalls++;
      t.talkSumMs += Math.max(0, c.talkEndedAt - c.answeredAt);
    }
  }
  return out;
}

/** The partner tallies of `calls` (all of them: filter by interval and municipality first). */
export const partnerTalliesOf = (calls: Iterable<CallFact>, rules: StatsRules): Record<string, PartnerTally> =>
  partnerTalliesOfRows(
    Array.from(calls, (call) => ({ call })),
    rules,
  );

/** The calls a center took for a partner, and how they ended here. */
export interface TakenFigures {
  /** Call records here whose caller the partner handed over (`fromPartner.center`). */
  readonly calls: number;
  /** Answered by an agent here, callbacks included. */
  readonly answered: number;
  /** Of `answered`: on a callback. */
  readonly onCallback: number;
  /** Hung up 5 s or more after the first arrival, before an agent here answered. */
  readonly abandoned: number;
  readonly shortAbandoned: number;
  /**
   * Answered live within this center's service level target after the caller's FIRST arrival (at
   * the partner, `times.arrivedAt`), over the calls in the base (as the statistics' service level).
   */
  readonly serviceLevel: { readonly rate: number | null; readonly answeredInTime: number; readonly base: number };
  /** Talk of the calls answered by an agent (from the answer until the agent stopped talking), whatever their outcome. */
  readonly talk: { readonly calls: number; readonly sumMs: number; readonly meanMs: number | null };
}

export interface PartnerFigures {
  /** The partner center's id (`serviceCenter.id` of its deployment). */
  readonly center: string;
  /** Calls this center handed to the partner (records `handed-over` here). */
  readonly handedOver: number;
  /** Calls this center took for the partner. */
  readonly taken: TakenFigures;
}

export interface PartnersFigures {
  /** One per partner center, by id. */
  readonly byPartner: readonly PartnerFigures[];
  /** Every partner together. */
  readonly total: { readonly handedOver: number; readonly taken: TakenFigures };
}

const takenOf = (t: PartnerTally): TakenFigures => ({
  calls: t.taken,
  answered: t.answered,
  onCallback: t.onCallback,
  abandoned: t.abandoned,
  shortAbandoned: t.shortAbandoned,
  serviceLevel: { rate: rate(t.answeredInTime, t.base), answeredInTime: t.answeredInTime, base: t.base },
  talk: { calls: t.talkCalls, sumMs: t.talkSumMs, meanMs: mean(t.talkSumMs, t.talkCalls) },
});

/**
 * The figures of partner tallies (from calls, or added up from stored days), with a row for every
 * id of `alsoPartners` (the configured partners) even without a call.
 */
export function partnersFiguresOf(tallies: Readonly<Record<string, PartnerTally>>, alsoPartners: Iterable<string> = []): PartnersFigures {
  const ids = [...new Set([...Object.keys(tallies), ...alsoPartners])].sort();
  let total = zeroPartner();
  const byPartner = ids.map((center) => {
    const t = tallies[center] ?? zeroPartner();
    total = addPartnerTallies(total, t);
    return { center, handedOver: t.handedOver, taken: takenOf(t) };
  });
  return { byPartner, total: { handedOver: total.handedOver, taken: takenOf(total) } };
}
