/**
 * How a figure with a denominator is worked out from its sums and counts: one definition, used
 * by the statistics (over calls) and by the reports (over stored daily counts).
 */
import type { Fcr, Handle, Outcomes } from './figures.js';

/** n ÷ d as a fraction with 4 decimals; null when there is nothing to divide by. */
export const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/** sum ÷ n in whole ms; null when there is nothing to average. */
export const mean = (sum: number, n: number): number | null => (n > 0 ? Math.round(sum / n) : null);

/** The handle time of `calls` calls whose talk and wrap-up add up to these sums (ms). */
export const handleOf = (calls: number, talkSumMs: number, wrapUpSumMs: number): Handle => ({
  calls,
  talkMs: mean(talkSumMs, calls),
  wrapUpMs: mean(wrapUpSumMs, calls),
  ahtMs: mean(talkSumMs + wrapUpSumMs, calls),
});

/** First-contact resolution from the outcome counts; `settled`: no resolved call can still turn into a repeat contact. */
export const fcrOf = (o: Pick<Outcomes, 'resolved' | 'transferred' | 'callbackNote'> & { readonly strictResolved: number }, settled: boolean): Fcr => {
  const classified = o.resolved + o.transferred + o.callbackNote;
  return {
    classified,
    resolved: o.resolved,
    rate: rate(o.resolved, classified),
    strictResolved: o.strictResolved,
    strictRate: rate(o.strictResolved, classified),
    repeatContacts: o.resolved - o.strictResolved,
    settled,
  };
};
