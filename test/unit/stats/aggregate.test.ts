import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  RepeatIndex,
  callFact,
  figuresOf,
  finalOutcome,
  reportFromRecords,
  wrapUpMsOf,
  type ReportQuery,
} from '../../../src/stats/index.js';
import type { Call } from '../../../src/domain/call.js';
import { agentId, callId } from '../../../src/domain/ids.js';
import { DAY, MIN, SEC, TZ, at, endOf, final, record } from './records.js';

const MONDAY = '2025-01-06';
const dayQuery = (date = MONDAY, extra: Partial<ReportQuery> = {}): ReportQuery => ({ timezone: TZ, fromDate: date, toDate: date, interval: 'total', ...extra });
const report = (records: Call[], dispositions: ReturnType<typeof final>[] = [], query: ReportQuery = dayQuery(), asOf = at('2025-03-01', '12:00'), unknown: string[] = []) =>
  reportFromRecords({ records, dispositions, query, asOf, unknownCallerHashes: unknown });

describe('offered, answered, abandoned, other ends, service level, ASA', () => {
  // Eleven calls on Monday 6 January 2025; every duration counted from ARRIVAL.
  const t = at(MONDAY, '09:00');
  const calls = [
    record('a1', { outcome: 'answered-by-agent', arrivedAt: t, answeredAfter: 20 * SEC, endedAfter: 200 * SEC, agent: 'agent-1', overflowReason: 'direct-115' }),
    record('a2', { outcome: 'answered-by-town', entry: 'town', arrivedAt: t + MIN, answeredAfter: 12 * SEC, endedAfter: 90 * SEC }),
    record('a3', { outcome: 'abandoned', entry: 'town', arrivedAt: t + 2 * MIN, endedAfter: 4_999 }), // short: under 5 s
    record('a4', { outcome: 'abandoned', arrivedAt: t + 3 * MIN, endedAfter: 5 * SEC, overflowReason: 'direct-115' }), // exactly 5 s: not short
    record('a5', { outcome: 'answered-by-agent', entry: 'town', arrivedAt: t + 4 * MIN, answeredAfter: 30 * SEC, endedAfter: 100 * SEC, agent: 'agent-2', overflowReason: 'town-no-answer' }), // exactly 30 s: in time
    record('a6', { outcome: 'answered-by-agent', arrivedAt: t + 5 * MIN, answeredAfter: 31 * SEC, endedAfter: 100 * SEC, agent: 'agent-1', overflowReason: 'direct-115' }), // 31 s: late
    record('a7', { outcome: 'closed', arrivedAt: t + 6 * MIN, endedAfter: 20 * SEC, overflowReason: 'direct-115' }),
    record('a8', { outcome: 'answered-by-agent', arrivedAt: t + 7 * MIN, answeredAfter: 20 * MIN, endedAfter: 22 * MIN, agent: 'agent-1', callback: true, overflowReason: 'direct-115' }),
    record('a9', { outcome: 'queue-full', arrivedAt: t + 8 * MIN, endedAfter: 10 * MIN, overflowReason: 'direct-115' }),
    record('a10', { outcome: 'no-agent', arrivedAt: t + 9 * MIN, endedAfter: 15 * SEC, overflowReason: 'direct-115' }),
    record('a11', { outcome: 'callback-unanswered', entry: 'town', arrivedAt: t + 10 * MIN, endedAfter: 30 * MIN, overflowReason: 'town-busy' }),
  ];

  it('counts every record as offered and each exactly once by how it ended', () => {
    const f = report(calls).totals;
    expect(f.offered).toBe(11);
    expect(f.byEntry).toEqual({ '115': 7, town: 4 });
    expect(f.answered).toEqual({ total: 5, byAgent: 4, byTown: 1, onCallback: 1 });
    expect(f.abandoned).toBe(1);
    expect(f.shortAbandoned).toBe(1);
    expect(f.otherEnds).toEqual({ closed: 1, queueFull: 1, noAgent: 1, callbackUnanswered: 1, failed: 0, handedOver: 0, other: 0 });
    const o = f.otherEnds;
    expect(f.answered.total + f.abandoned + f.shortAbandoned + o.closed + o.queueFull + o.noAgent + o.callbackUnanswered + o.failed + o.handedOver + o.other).toBe(f.offered);
  });

  it('service level: answered live within 30 s of arrival ÷ (offered − short abandons − calls outside the hours); ASA over live answers', () => {
    const f = report(calls).totals;
    // a1 (20 s), a2 (12 s, the town), a5 (30 s) in time; a6 (31 s) late; a8 a callback; one call
    // reached the county while it was closed: not a call it could answer.
    expect(f.otherEnds.closed).toBe(1);
    expect(f.serviceLevel).toEqual({ rate: 0.3333, answeredInTime: 3, base: 9 });
    expect(f.abandonRate).toBe(0.1111); // a4 ÷ 9
    expect(f.answeredLive).toBe(4);
    expect(f.asaMs).toBe(23_250); // (20 + 12 + 30 + 31) s ÷ 4
  });

  it('overflow reasons, none for calls the town took or lost', () => {
    const f = report(calls).totals;
    expect(f.overflowReasons).toMatchObject({ 'direct-115': 7, 'town-no-answer': 1, 'town-busy': 1, none: 2, switchboard: 0 });
  });

  it('no calls: zeros and null rates', () => {
    const f = report([]).totals;
    expect(f.offered).toBe(0);
    expect(f.serviceLevel).toEqual({ rate: null, answeredInTime: 0, base: 0 });
    expect(f.asaMs).toBeNull();
    expect(f.handle).toEqual({ calls: 0, talkMs: null, wrapUpMs: null, ahtMs: null });
    expect(f.fcr).toMatchObject({ classified: 0, rate: null, strictRate: null, settled: true });
  });
});

describe('handle time: talk + wrap-up', () => {
  const t = at(MONDAY, '10:00');
  const b1 = record('b1', { outcome: 'answered-by-agent', arrivedAt: t, answeredAfter: 10 * SEC, endedAfter: 310 * SEC, agent: 'agent-1' });
  const b2 = record('b2', { outcome: 'answered-by-agent', arrivedAt: t + MIN, answeredAfter: 10 * SEC, endedAfter: 210 * SEC, agent: 'agent-1' });
  const b3 = record('b3', { outcome: 'answered-by-agent', arrivedAt: t + 2 * MIN, answeredAfter: 10 * SEC, endedAfter: 70 * SEC, agent: 'agent-2' });
  const b4 = record('b4', { outcome: 'answered-by-agent', arrivedAt: t + 3 * MIN, answeredAfter: 10 * SEC, endedAfter: 130 * SEC, agent: 'agent-2' });
  const b5 = record('b5', { outcome: 'answered-by-agent', arrivedAt: t + 4 * MIN, answeredAfter: 10 * SEC, endedAfter: 110 * SEC, agent: 'agent-2' });
  const dispositions = [
    final(b1, 'resolved', endOf(b1) + 10 * SEC, endOf(b1) + 25 * SEC), // wrap-up 25 s (ready early)
    final(b2, 'transferred', endOf(b2) + 5 * SEC, endOf(b2) + 60 * SEC), // made final late: capped at 30 s
    final(b3, 'unclassified', endOf(b3) + 30 * SEC, endOf(b3) + 31 * SEC), // unclassified: its own `at` is the finalization
    // b4: no disposition yet (still in wrap-up): pending, not in the handle time
    final(b5, 'callback-note', endOf(b5) + 20 * SEC, endOf(b5) - 5 * SEC), // Redis clock behind: at least until filed
  ];

  it('averages talk (answer → end) and wrap-up (end → final, at most the configured 30 s) over calls with a final outcome', () => {
    const f = report([b1, b2, b3, b4, b5], dispositions).totals;
    // talk 300 + 200 + 60 + 100 = 660 s ÷ 4; wrap-up 25 + 30 + 30 + 20 = 105 s ÷ 4
    expect(f.handle).toEqual({ calls: 4, talkMs: 165_000, wrapUpMs: 26_250, ahtMs: 191_250 });
    expect(f.outcomes).toEqual({ resolved: 1, transferred: 1, callbackNote: 1, unclassified: 1, pending: 1 });
  });

  it('per agent', () => {
    const r = report([b1, b2, b3, b4, b5], dispositions, dayQuery(MONDAY, { byAgent: true }));
    expect(r.byAgent?.map((a) => [a.agentId, a.answered, a.handle.ahtMs, a.outcomes.pending])).toEqual([
      ['agent-1', 2, (300_000 + 25_000 + 200_000 + 30_000) / 2, 0],
      ['agent-2', 3, (60_000 + 30_000 + 100_000 + 20_000) / 2, 1],
    ]);
  });

  it('wrap-up is measured from the hand-over when the caller went on to a case worker', () => {
    const handed = record('h1', {
      outcome: 'answered-by-agent',
      arrivedAt: t,
      answeredAfter: 10 * SEC,
      endedAfter: 20 * MIN,
      agent: 'agent-1',
      transfers: [
        { at: t + 40 * SEC, result: 'no-answer' },
        { at: t + 70 * SEC, result: 'connected' },
      ],
    });
    expect(callFact(handed)?.talkEndedAt).toBe(t + 70 * SEC);
    const f = report([handed], [final(handed, 'transferred', t + 75 * SEC, t + 90 * SEC)]).totals;
    expect(f.handle).toEqual({ calls: 1, talkMs: 60_000, wrapUpMs: 20_000, ahtMs: 80_000 });
  });

  it('wrapUpMsOf and finalOutcome', () => {
    const o = (filedAt: number, finalizedAt: number) => ({ callId: 'c', agentId: 'a', outcome: 'resolved' as const, filedAt, finalizedAt });
    expect(wrapUpMsOf(1_000, o(500, 11_000), 30_000)).toBe(10_000);
    expect(wrapUpMsOf(1_000, o(500, 900), 30_000)).toBe(0);
    expect(wrapUpMsOf(1_000, o(99_000, 500), 30_000)).toBe(30_000);
    expect(wrapUpMsOf(1_000, o(500, 11_000), 0)).toBe(0);
    const d = { callId: callId('c'), agentId: agentId('a'), outcome: 'resolved' as const, at: 100 };
    expect(finalOutcome('5000-1', d).finalizedAt).toBe(5_000);
    expect(finalOutcome('5000-1', { ...d, outcome: 'unclassified' }).finalizedAt).toBe(100);
    expect(finalOutcome('5000-1', { ...d, finalizedAt: 4_000 }).finalizedAt).toBe(4_000);
  });
});

describe('first-contact resolution', () => {
  const t = at(MONDAY, '11:00');
  const answered = (id: string, hash: string, minute: number) =>
    record(id, { outcome: 'answered-by-agent', arrivedAt: t + minute * MIN, answeredAfter: 10 * SEC, endedAfter: 5 * MIN, agent: 'agent-1', hash });
  const r1 = answered('r1', 'h1', 0);
  const r2 = answered('r2', 'h2', 10);
  const r3 = answered('r3', 'h3', 20);
  const r4 = answered('r4', 'anon', 30);
  const r5 = answered('r5', 'h5', 40);
  const tr = answered('tr', 'h6', 50);
  const cn = answered('cn', 'h7', 60);
  const un = answered('un', 'h8', 70);
  const pe = answered('pe', 'h9', 80);
  const again = (id: string, hash: string, arrivedAt: number) => record(id, { outcome: 'abandoned', arrivedAt, endedAfter: 30 * SEC, hash });
  const records = [
    r1, r2, r3, r4, r5, tr, cn, un, pe,
    again('r1-again', 'h1', endOf(r1) + 6 * DAY), // within 7 days, in a later week: r1 is not first contact
    again('r2-again', 'h2', endOf(r2) + 7 * DAY + 1), // 1 ms too late: r2 stays first contact
    again('r3-again', 'h3', endOf(r3) + 7 * DAY), // exactly 7 days: within
    again('r4-again', 'anon', endOf(r4) + MIN), // an anonymous caller id: never the same caller
    again('r5-before', 'h5', r5.times.arrivedAt - DAY), // an earlier call does not undo a later resolution
  ];
  const dispositions = [
    ...[r1, r2, r3, r4, r5].map((c) => final(c, 'resolved', endOf(c), endOf(c) + 5 * SEC)),
    final(tr, 'transferred', endOf(tr), endOf(tr) + 5 * SEC),
    final(cn, 'callback-note', endOf(cn), endOf(cn) + 5 * SEC),
    final(un, 'unclassified', endOf(un) + 30 * SEC, endOf(un) + 30 * SEC),
  ];

  it('resolved ÷ classified, and the strict form with repeat calls consulted AFTER the reported day', () => {
    const f = report(records, dispositions, dayQuery(), at('2025-03-01', '12:00'), ['anon']).totals;
    expect(f.offered).toBe(10); // the nine answered and r4-again; the other repeat calls arrived on other days
    expect(f.outcomes).toEqual({ resolved: 5, transferred: 1, callbackNote: 1, unclassified: 1, pending: 1 });
    expect(f.fcr).toEqual({
      classified: 7,
      resolved: 5,
      rate: 0.7143, // 5 ÷ 7
      strictResolved: 3, // r2, r4, r5
      strictRate: 0.4286, // 3 ÷ 7
      repeatContacts: 2, // r1, r3
      settled: true,
    });
  });

  it('is not settled while a resolved call ended less than 7 days ago', () => {
    const f = report(records, dispositions, dayQuery(), endOf(r5) + 7 * DAY - 1, ['anon']).totals;
    expect(f.fcr.settled).toBe(false);
  });

  it('a repeat only counts once the model knows it: without the later records, r1 is first contact', () => {
    const f = report(records.filter((c) => c.id !== 'r1-again'), dispositions, dayQuery(), at('2025-03-01', '12:00'), ['anon']).totals;
    expect(f.fcr.strictResolved).toBe(4);
  });

  it('the repeat index: after the end, within the window, not during the call', () => {
    const idx = new RepeatIndex(['anon']);
    idx.add({ callerHash: 'h', arrivedAt: 100 });
    idx.add({ callerHash: 'h', arrivedAt: 50 }); // out of order: still found
    idx.add({ callerHash: 'anon', arrivedAt: 150 });
    expect(idx.calledAgain({ callerHash: 'h', endedAt: 40 }, 20)).toBe(true); // 50 ∈ (40, 60]
    expect(idx.calledAgain({ callerHash: 'h', endedAt: 50 }, 20)).toBe(false); // 100 > 70, 50 not after
    expect(idx.calledAgain({ callerHash: 'h', endedAt: 80 }, 20)).toBe(true); // 100 ∈ (80, 100]
    expect(idx.calledAgain({ callerHash: 'anon', endedAt: 100 }, 100)).toBe(false);
    idx.dropBefore(60);
    expect(idx.calledAgain({ callerHash: 'h', endedAt: 40 }, 20)).toBe(false);
  });

  it('per agent and per municipality', () => {
    const r = report(records, dispositions, dayQuery(MONDAY, { byAgent: true }), at('2025-03-01', '12:00'), ['anon']);
    expect(r.byAgent?.[0]?.fcr).toMatchObject({ classified: 7, resolved: 5, strictResolved: 3 });
    expect(r.byMunicipality?.map((m) => [m.municipality, m.offered])).toEqual([['quickborn', 10]]);
  });
});

describe('intervals and municipalities', () => {
  it('a call belongs to the local day and hour it arrived in, also if it ended the next day', () => {
    const late = record('late', { outcome: 'answered-by-agent', arrivedAt: at(MONDAY, '23:59', 50), answeredAfter: 5 * SEC, endedAfter: 5 * MIN, agent: 'agent-1' });
    const early = record('early', { outcome: 'abandoned', arrivedAt: at('2025-01-07', '00:00'), endedAfter: 20 * SEC });
    const r = report([late, early], [], { timezone: TZ, fromDate: MONDAY, toDate: '2025-01-07', interval: 'day' });
    expect(r.intervals.map((i) => [i.start, i.end, i.offered])).toEqual([
      ['2025-01-06T00:00:00+01:00', '2025-01-07T00:00:00+01:00', 1],
      ['2025-01-07T00:00:00+01:00', '2025-01-08T00:00:00+01:00', 1],
    ]);
    const hours = report([late, early], [], { timezone: TZ, fromDate: MONDAY, toDate: MONDAY, interval: 'hour' });
    expect(hours.intervals).toHaveLength(24);
    expect(hours.intervals[23]).toMatchObject({ start: '2025-01-06T23:00:00+01:00', offered: 1 });
    expect(hours.totals.offered).toBe(1);
  });

  it('hours follow the clock change: 23 on the last Sunday of March, 25 on the last of October', () => {
    const spring = report([], [], { timezone: TZ, fromDate: '2025-03-30', toDate: '2025-03-30', interval: 'hour' });
    expect(spring.intervals).toHaveLength(23);
    expect(spring.intervals.slice(1, 3).map((i) => i.start)).toEqual(['2025-03-30T01:00:00+01:00', '2025-03-30T03:00:00+02:00']);
    const autumn = report([], [], { timezone: TZ, fromDate: '2025-10-26', toDate: '2025-10-26', interval: 'hour' });
    expect(autumn.intervals).toHaveLength(25);
    expect(autumn.intervals.slice(2, 4).map((i) => i.start)).toEqual(['2025-10-26T02:00:00+02:00', '2025-10-26T02:00:00+01:00']);
  });

  it('one municipality, or all with a table per municipality (the county itself last)', () => {
    const t = at(MONDAY, '09:00');
    const calls = [
      record('q', { outcome: 'abandoned', arrivedAt: t, endedAfter: MIN }),
      record('h', { outcome: 'abandoned', arrivedAt: t, endedAfter: MIN, municipality: 'hasloh', entry: 'town' }),
      record('c', { outcome: 'abandoned', arrivedAt: t, endedAfter: MIN, municipality: null }),
    ];
    expect(report(calls, [], dayQuery(MONDAY, { municipality: 'hasloh' }))).toMatchObject({ municipality: 'hasloh', totals: { offered: 1 } });
    expect(report(calls, [], dayQuery(MONDAY, { municipality: 'hasloh' })).byMunicipality).toBeUndefined();
    const all = report(calls, [], dayQuery());
    expect(all.municipality).toBe('all');
    expect(all.totals.offered).toBe(3);
    expect(all.byMunicipality?.map((m) => [m.municipality, m.offered])).toEqual([['hasloh', 1], ['quickborn', 1], [null, 1]]);
    expect(all.byAgent).toBeUndefined();
  });

  it('figuresOf works on any set of calls, e.g. a [from, to) range picked by hand', () => {
    const t = at(MONDAY, '09:00');
    const facts = [0, 10, 20, 30].map((m) => callFact(record(`x${m}`, { outcome: 'abandoned', arrivedAt: t + m * MIN, endedAfter: MIN }))!);
    const inRange = facts.filter((f) => f.arrivedAt >= t + 10 * MIN && f.arrivedAt < t + 30 * MIN);
    const f = figuresOf(inRange, { rules: DEFAULT_RULES, asOf: t, outcomeOf: () => undefined, calledAgain: () => false });
    expect(f.offered).toBe(2);
    expect(f.abandoned).toBe(2);
  });
});
