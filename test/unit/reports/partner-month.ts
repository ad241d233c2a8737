/**
 * Kreis Pinneberg in November 2026, with calls between partner centers: it hands two callers to
 * Kreis Segeberg on Monday the 2nd, and takes three for Kreis Segeberg and one for Kreis Steinburg
 * on Tuesday the 3rd (their arrival: the first one, at the partner). Kreis Segeberg and Kreis
 * Dithmarschen are its configured partners. What its report must say, worked out by hand. Used by
 * the unit tests (fake streams) and the integration tests (the engine's Redis adapters).
 */
import type { Call } from '../../../src/domain/call.js';
import { SEC, at, record, type RecordSpec } from '../stats/records.js';

const MON = '2026-11-02';
const TUE = '2026-11-03';

const SPECS: Readonly<Record<string, RecordSpec>> = {
  k1: { outcome: 'answered-by-agent', arrivedAt: at(MON, '09:00'), answeredAfter: 20 * SEC, endedAfter: 200 * SEC, agent: 'agent-1', overflowReason: 'direct-115' },
  k2: { outcome: 'handed-over', arrivedAt: at(MON, '09:10'), queuedAfter: 0, endedAfter: 60 * SEC, overflowReason: 'direct-115', handedTo: 'kreis-segeberg' },
  k3: { outcome: 'handed-over', entry: 'town', municipality: 'hasloh', arrivedAt: at(MON, '09:20'), queuedAfter: 20 * SEC, endedAfter: 45 * SEC, overflowReason: 'town-no-answer', handedTo: 'kreis-segeberg' },
  // 25 s after the first arrival: in time; 80 s: late; hung up after 100 s.
  k4: { outcome: 'answered-by-agent', municipality: null, arrivedAt: at(TUE, '10:00'), queuedAfter: 20 * SEC, answeredAfter: 25 * SEC, endedAfter: 265 * SEC, agent: 'agent-2', overflowReason: 'partner', takenFor: 'kreis-segeberg' },
  k5: { outcome: 'answered-by-agent', municipality: null, arrivedAt: at(TUE, '10:10'), queuedAfter: 70 * SEC, answeredAfter: 80 * SEC, endedAfter: 200 * SEC, agent: 'agent-1', overflowReason: 'partner', takenFor: 'kreis-segeberg' },
  k6: { outcome: 'abandoned', municipality: null, arrivedAt: at(TUE, '10:20'), queuedAfter: 60 * SEC, endedAfter: 100 * SEC, overflowReason: 'partner', takenFor: 'kreis-segeberg' },
  k7: { outcome: 'answered-by-agent', municipality: null, arrivedAt: at(TUE, '10:30'), queuedAfter: 5 * SEC, answeredAfter: 10 * SEC, endedAfter: 70 * SEC, agent: 'agent-2', overflowReason: 'partner', takenFor: 'kreis-steinburg' },
};

/** The month's call records, in the order they ended; `shiftMs` moves them (a year earlier for Redis). */
export const partnerCalls = (shiftMs = 0): Call[] =>
  Object.entries(SPECS)
    .map(([id, s]) => record(id, { ...s, arrivedAt: s.arrivedAt + shiftMs }))
    .sort((a, b) => (a.times.endedAt ?? 0) - (b.times.endedAt ?? 0));

export const PARTNERS = [
  { id: 'kreis-segeberg', name: 'Kreis Segeberg' },
  { id: 'kreis-dithmarschen', name: 'Kreis Dithmarschen' },
];

/** The figures of calls taken for a partner, every one in the base, none on a callback. */
export const taken = (calls: number, answered: number, inTime: number, abandoned: number, talkSumSec: number) => ({
  calls,
  answered,
  onCallback: 0,
  abandoned,
  shortAbandoned: 0,
  serviceLevel: { rate: calls > 0 ? Math.round((inTime / calls) * 10_000) / 10_000 : null, answeredInTime: inTime, base: calls },
  talk: { calls: answered, sumMs: talkSumSec * 1000, meanMs: answered > 0 ? Math.round((talkSumSec * 1000) / answered) : null },
});

/** What the month says, worked out by hand. */
export const EXPECTED_PARTNERS = {
  byPartner: [
    { center: 'kreis-dithmarschen', name: 'Kreis Dithmarschen', handedOver: 0, taken: taken(0, 0, 0, 0, 0) },
    // k4 talks 240 s, k5 120 s
    { center: 'kreis-segeberg', name: 'Kreis Segeberg', handedOver: 2, taken: taken(3, 2, 1, 1, 360) },
    // not a configured partner: it handed a caller over here; named by its id
    { center: 'kreis-steinburg', name: 'kreis-steinburg', handedOver: 0, taken: taken(1, 1, 1, 0, 60) },
  ],
  total: { handedOver: 2, taken: taken(4, 3, 2, 1, 420) },
  complete: true,
};

