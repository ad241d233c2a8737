import { describe, expect, it } from 'vitest';
import type { Call } from '../../../src/domain/call.js';
import { StatsReadModel, callFact, reportFromRecords, type ReportQuery, type StatsReport } from '../../../src/stats/index.js';
import { MIN, SEC, TZ, at, endOf, final, record } from './records.js';

// Two centers of one platform on Monday 6 January 2025: Kreis Pinneberg hands callers to Kreis
// Segeberg; Kreis Segeberg takes them (and one for Kreis Steinburg). Each center's statistics see
// only its own records.
const MONDAY = '2025-01-06';
const t = at(MONDAY, '09:00');
const query = (extra: Partial<ReportQuery> = {}): ReportQuery => ({ timezone: TZ, fromDate: MONDAY, toDate: MONDAY, interval: 'total', ...extra });
const asOf = at('2025-03-01', '12:00');

/** Kreis Pinneberg's records. */
const home = [
  record('p1', { outcome: 'answered-by-agent', arrivedAt: t, answeredAfter: 20 * SEC, endedAfter: 3 * MIN, agent: 'agent-1', overflowReason: 'direct-115' }),
  // Waited 70 s in the queue here, then Kreis Segeberg took the caller.
  record('p2', { outcome: 'handed-over', municipality: 'hasloh', arrivedAt: t + MIN, queuedAfter: 0, endedAfter: 70 * SEC, overflowReason: 'direct-115', handedTo: 'kreis-segeberg' }),
  // A Quickborn caller who overflowed from the town hall, handed over after 90 s.
  record('p3', { outcome: 'handed-over', entry: 'town', arrivedAt: t + 2 * MIN, queuedAfter: 20 * SEC, endedAfter: 90 * SEC, overflowReason: 'town-no-answer', handedTo: 'kreis-segeberg' }),
  record('p4', { outcome: 'abandoned', arrivedAt: t + 3 * MIN, queuedAfter: 0, endedAfter: 40 * SEC, overflowReason: 'direct-115' }),
];

/** Kreis Segeberg's records: its own caller, and the callers it took (arrival: their first, at the partner). */
const s1 = record('s1', { outcome: 'answered-by-agent', municipality: 'kaltenkirchen', arrivedAt: t, answeredAfter: 10 * SEC, endedAfter: 2 * MIN, agent: 'agent-se-1', overflowReason: 'direct-115' });
// Handed over after 20 s at Kreis Pinneberg, answered here 5 s later: 25 s after the first arrival, in time.
const t1 = record('t1', { outcome: 'answered-by-agent', municipality: null, arrivedAt: t + MIN, queuedAfter: 20 * SEC, answeredAfter: 25 * SEC, endedAfter: 25 * SEC + 3 * MIN, agent: 'agent-se-1', overflowReason: 'partner', takenFor: 'kreis-pinneberg' });
// Handed over after 70 s, answered here 5 s later: 75 s after the first arrival, late (though quick here).
const t2 = record('t2', { outcome: 'answered-by-agent', municipality: null, arrivedAt: t + 2 * MIN, queuedAfter: 70 * SEC, answeredAfter: 75 * SEC, endedAfter: 75 * SEC + 2 * MIN, agent: 'agent-se-2', overflowReason: 'partner', takenFor: 'kreis-pinneberg' });
// Hung up here, 90 s after the first arrival.
const t3 = record('t3', { outcome: 'abandoned', municipality: null, arrivedAt: t + 3 * MIN, queuedAfter: 60 * SEC, endedAfter: 90 * SEC, overflowReason: 'partner', takenFor: 'kreis-pinneberg' });
// For Kreis Steinburg: answered after 15 s, put through to a case worker 60 s later (talk ends there).
const t4 = record('t4', {
  outcome: 'answered-by-agent',
  municipality: null,
  arrivedAt: t + 4 * MIN,
  queuedAfter: 5 * SEC,
  answeredAfter: 15 * SEC,
  endedAfter: 10 * MIN,
  agent: 'agent-se-2',
  overflowReason: 'partner',
  takenFor: 'kreis-steinburg',
  transfers: [{ at: t + 4 * MIN + 75 * SEC, result: 'connected' }],
});
const partner = [s1, t1, t2, t3, t4];

const report = (records: Call[], extra: Partial<ReportQuery> = {}, dispositions: ReturnType<typeof final>[] = []): StatsReport =>
  reportFromRecords({ records, dispositions, query: query(extra), asOf });

const endsAddUp = (r: StatsReport): boolean => {
  const f = r.totals;
  const o = f.otherEnds;
  return f.offered === f.answered.total + f.abandoned + f.shortAbandoned + o.closed + o.queueFull + o.noAgent + o.callbackUnanswered + o.failed + o.handedOver + o.other;
};

describe('the handing center: a call handed to a partner', () => {
  it('is its own end, out of the service level and abandonment base, and counted as handed to that partner', () => {
    const r = report(home);
    const f = r.totals;
    expect(f.offered).toBe(4);
    expect(f.otherEnds).toEqual({ closed: 0, queueFull: 0, noAgent: 0, callbackUnanswered: 0, failed: 0, handedOver: 2, other: 0 });
    expect(endsAddUp(r)).toBe(true);
    // p1 in time, p4 abandoned; p2 and p3 neither answered nor abandoned here.
    expect(f.serviceLevel).toEqual({ rate: 0.5, answeredInTime: 1, base: 2 });
    expect(f.abandonRate).toBe(0.5);
    expect(r.partners.byPartner).toHaveLength(1);
    expect(r.partners.byPartner[0]).toMatchObject({ center: 'kreis-segeberg', handedOver: 2, taken: { calls: 0, answered: 0 } });
    expect(r.partners.total.handedOver).toBe(2);
    // Still counted for why they came to the county.
    expect(f.overflowReasons).toMatchObject({ 'direct-115': 3, 'town-no-answer': 1 });
  });

  it('belongs to the municipality it is about, as every call', () => {
    const quickborn = report(home, { municipality: 'quickborn' });
    expect(quickborn.partners.byPartner.map((p) => [p.center, p.handedOver])).toEqual([['kreis-segeberg', 1]]);
    expect(quickborn.totals.serviceLevel).toEqual({ rate: 0.5, answeredInTime: 1, base: 2 });
    const r = report(home);
    expect(r.byMunicipality?.map((m) => [m.municipality, m.offered, m.otherEnds.handedOver])).toEqual([
      ['hasloh', 1, 1],
      ['quickborn', 3, 1],
    ]);
  });

  it('a handover whose move failed is not counted: the caller taken in again names the ended call', async () => {
    const p2 = home[1] as Call;
    const again = record('p2b', { outcome: 'answered-by-agent', arrivedAt: p2.times.arrivedAt, answeredAfter: 80 * SEC, endedAfter: 4 * MIN, agent: 'agent-1', overflowReason: 'direct-115' });
    const entries = [...home, { ...again, resumedFrom: { call: p2.id, arrivedAt: p2.times.arrivedAt } }].map((call, i) => ({ id: `${i + 1}-0`, call }));
    const stats = new StatsReadModel({
      records: { read: (since) => Promise.resolve(entries.slice(since ? Number(since.split('-')[0]) : 0)) },
      dispositions: { read: () => Promise.resolve([]) },
      timezone: TZ,
      now: () => asOf,
    });
    const r = await stats.report({ fromDate: MONDAY, toDate: MONDAY, interval: 'total' });
    expect(r.totals.offered).toBe(4);
    expect(r.totals.otherEnds.handedOver).toBe(1);
    expect(r.partners.byPartner.map((p) => [p.center, p.handedOver])).toEqual([['kreis-segeberg', 1]]);
  });
});

describe('the receiving center: a call taken for a partner', () => {
  it('counts like its own calls in its figures, measured from the first arrival', () => {
    const r = report(partner);
    const f = r.totals;
    expect(f.offered).toBe(5);
    expect(f.answered).toMatchObject({ total: 4, byAgent: 4 });
    expect(f.abandoned).toBe(1);
    expect(f.otherEnds.handedOver).toBe(0);
    expect(endsAddUp(r)).toBe(true);
    // s1 (10 s), t1 (25 s), t4 (15 s) in time; t2 75 s after its first arrival: late; t3 abandoned.
    expect(f.serviceLevel).toEqual({ rate: 0.6, answeredInTime: 3, base: 5 });
    expect(f.overflowReasons).toMatchObject({ partner: 4, 'direct-115': 1 });
  });

  it('and in the partner table: taken, answered, within the target from the first arrival, abandoned, talk', () => {
    const r = report(partner);
    expect(r.partners.byPartner).toEqual([
      {
        center: 'kreis-pinneberg',
        handedOver: 0,
        taken: {
          calls: 3,
          answered: 2,
          onCallback: 0,
          abandoned: 1,
          shortAbandoned: 0,
          serviceLevel: { rate: 0.3333, answeredInTime: 1, base: 3 },
          // t1 3 min, t2 2 min
          talk: { calls: 2, sumMs: 300_000, meanMs: 150_000 },
        },
      },
      {
        center: 'kreis-steinburg',
        handedOver: 0,
        taken: {
          calls: 1,
          answered: 1,
          onCallback: 0,
          abandoned: 0,
          shortAbandoned: 0,
          serviceLevel: { rate: 1, answeredInTime: 1, base: 1 },
          // From the answer until the hand-over to the case worker: 60 s.
          talk: { calls: 1, sumMs: 60_000, meanMs: 60_000 },
        },
      },
    ]);
    expect(r.partners.total).toEqual({
      handedOver: 0,
      taken: { calls: 4, answered: 3, onCallback: 0, abandoned: 1, shortAbandoned: 0, serviceLevel: { rate: 0.5, answeredInTime: 2, base: 4 }, talk: { calls: 3, sumMs: 360_000, meanMs: 120_000 } },
    });
  });

  it('talk counts every answered call, with a final outcome or not (the handle time only the final ones)', () => {
    const r = report(partner, {}, [final(t1, 'resolved', endOf(t1) + 5 * SEC, endOf(t1) + 10 * SEC)]);
    expect(r.totals.handle.calls).toBe(1);
    expect(r.partners.byPartner[0]?.taken.talk).toEqual({ calls: 2, sumMs: 300_000, meanMs: 150_000 });
  });

  it('taken calls are about no town of this center: a town report has none of them', () => {
    const r = report(partner, { municipality: 'kaltenkirchen' });
    expect(r.totals.offered).toBe(1);
    expect(r.partners.byPartner).toEqual([]);
    expect(r.partners.total).toMatchObject({ handedOver: 0, taken: { calls: 0, talk: { calls: 0, sumMs: 0, meanMs: null } } });
  });
});

describe('the call fact', () => {
  it('carries the partner centers’ ids, not the handover’s details', () => {
    expect(callFact(t1)).toMatchObject({ takenFor: 'kreis-pinneberg', handedTo: null });
    expect(callFact(home[1] as Call)).toMatchObject({ handedTo: 'kreis-segeberg', takenFor: null });
    expect(callFact(s1)).toMatchObject({ handedTo: null, takenFor: null });
    expect(JSON.stringify(callFact(t1))).not.toMatch(/Kaltenkirchen|kaltenkirchen|waited/);
  });

  it('a center without partners: an empty table', () => {
    const r = report([s1]);
    expect(r.partners.byPartner).toEqual([]);
    expect(r.partners.total.taken.serviceLevel).toEqual({ rate: null, answeredInTime: 0, base: 0 });
  });
});
