import { describe, expect, it } from 'vitest';
import {
  ALL,
  MemoryReportStore,
  decodeAggregate,
  encodeAggregate,
  otherEndsTotal,
  type Aggregate,
  type Report,
} from '../../../src/reports/index.js';
import { addDays } from '../../../src/stats/time.js';
import { DAY, at } from '../stats/records.js';
import { EXPECTED_NOTES, EXPECTED_TOPICS, EXPECTED_TOTALS, MONTH, NOW, QUICKBORN_IDS, records } from './quickborn-month.js';
import { setup } from './setup.js';

const QUICKBORN_NOVEMBER = { fromDate: '2026-11-01', toDate: '2026-11-30', municipality: 'quickborn', month: MONTH, byAgent: true } as const;
const NOVEMBER_DAYS = Array.from({ length: 30 }, (_, i) => addDays('2026-11-01', i));

/** Every check a month report must pass: it adds up, in total, per day and per overflow reason. */
function expectAddsUp(r: Report): void {
  const t = r.totals;
  expect(t.offered).toBe(t.answered.total + t.abandoned + t.shortAbandoned + otherEndsTotal(t.otherEnds));
  expect(t.answered.total).toBe(t.answered.byAgent + t.answered.byTown);
  // Per overflow reason: each reason's calls add up, and the reasons add up to the offered calls.
  for (const reason of r.overflowReasons) expect(reason.offered, reason.reason).toBe(reason.answered.total + reason.abandoned + reason.shortAbandoned + otherEndsTotal(reason.otherEnds));
  expect(r.overflowReasons.reduce((n, x) => n + x.offered, 0)).toBe(t.offered);
  const overflowed = r.overflowReasons.filter((x) => x.reason !== 'none').reduce((n, x) => n + x.offered, 0);
  expect(overflowed).toBe(t.offered - (t.overflowReasons.none ?? 0));
  for (const key of ['answeredByAgent', 'answeredByTown', 'abandoned', 'shortAbandoned', 'otherEnds'] as const) {
    const sum = r.overflowReasons.reduce((n, x) => n + (key === 'answeredByAgent' ? x.answered.byAgent : key === 'answeredByTown' ? x.answered.byTown : key === 'otherEnds' ? otherEndsTotal(x.otherEnds) : x[key]), 0);
    const total = key === 'answeredByAgent' ? t.answered.byAgent : key === 'answeredByTown' ? t.answered.byTown : key === 'otherEnds' ? otherEndsTotal(t.otherEnds) : t[key];
    expect(sum, key).toBe(total);
  }
  // Per day, and the days add up to the totals.
  for (const d of r.days) expect(d.offered, d.date).toBe(d.answered.total + d.abandoned + d.shortAbandoned + otherEndsTotal(d.otherEnds));
  for (const key of ['offered', 'abandoned', 'shortAbandoned'] as const) expect(r.days.reduce((n, d) => n + d[key], 0), key).toBe(t[key]);
  expect(r.days.reduce((n, d) => n + d.transfers.count, 0)).toBe(t.transfers.count);
  expect(r.days.reduce((n, d) => n + d.callbackNotes.filed, 0)).toBe(r.callbackNotes.filed);
  expect(r.checks).toEqual({ endsAddUp: true, reasonsAddUp: true });
}

describe('a month report for Quickborn, from the statistics (the streams still hold the month)', () => {
  it('adds up: offered = answered + abandoned + short abandoned + other ends, in total, per day and per overflow reason', async () => {
    const { service } = setup();
    const r = await service.report(QUICKBORN_NOVEMBER);
    expect(r).toMatchObject({ municipality: 'quickborn', name: 'Stadt Quickborn', from: '2026-11-01', to: '2026-11-30', month: '2026-11', upToDate: true, complete: true, sources: { live: 30, stored: 0 } });
    expect(r.totals).toMatchObject(EXPECTED_TOTALS);
    expectAddsUp(r);
    expect(r.days.map((d) => d.date)).toEqual(NOVEMBER_DAYS);
    expect(r.days.filter((d) => d.offered > 0).map((d) => [d.date, d.offered])).toEqual([
      ['2026-11-02', 5],
      ['2026-11-03', 4],
      ['2026-11-05', 1],
      ['2026-11-10', 3],
      ['2026-11-30', 2],
    ]);
    expect(r).not.toHaveProperty('byMunicipality');
  });

  it('says what the calls were about, with FCR per topic, and the knowledge gaps', async () => {
    const { service } = setup();
    const r = await service.report({ ...QUICKBORN_NOVEMBER, searchTexts: true });
    expect(r.topics).toEqual(EXPECTED_TOPICS);
    expect(r.topics.withTopic.calls + r.topics.withoutTopic.calls).toBe(r.totals.fcr.classified);
    // Quickborn's searches of November only (not Hasloh's, not those made for no town, not December's).
    expect(r.knowledgeGaps).toEqual({
      callsWithoutTopic: 1,
      searchesWithoutHits: { available: true, months: ['2026-11'], count: 5, distinct: 2, top: [{ query: 'sperrmüll termin', count: 4 }, { query: '=hyperlink("x")', count: 1 }] },
    });
    const all = await service.report({ ...QUICKBORN_NOVEMBER, municipality: 'all' });
    expect(all.topics.byTopic.map((t) => [t.topic, t.calls])).toEqual([
      ['personalausweis', 2],
      ['baugenehmigung', 1],
      ['hund-anmelden', 1],
      ['wohnsitz-anmelden', 1],
    ]);
    expect(all.knowledgeGaps.searchesWithoutHits).toEqual({ available: true, months: ['2026-11'], count: 10, distinct: 3 });
    const span = await service.report({ fromDate: '2026-11-15', toDate: '2026-12-05', municipality: 'quickborn' });
    expect(span.topics.byTopic).toEqual([]);
    expect(span.knowledgeGaps.searchesWithoutHits).toMatchObject({ months: ['2026-11', '2026-12'], count: 6, distinct: 3 });
  });

  it('says how the calls of each overflow reason ended', async () => {
    const { service } = setup();
    const r = await service.report(QUICKBORN_NOVEMBER);
    const row = (reason: string) => r.overflowReasons.find((x) => x.reason === reason);
    expect(r.overflowReasons.map((x) => x.reason)).toEqual(['direct-115', 'town-no-answer', 'town-busy', 'town-unreachable', 'town-unregistered', 'town-closed', 'switchboard', 'town-ring-limit', 'none']);
    // q1 q10 by an agent, q13 abandoned, q6 closed, q9 no agent, q15 failed
    expect(row('direct-115')).toEqual({
      reason: 'direct-115',
      offered: 6,
      answered: { total: 2, byAgent: 2, byTown: 0 },
      abandoned: 1,
      shortAbandoned: 0,
      otherEnds: { closed: 1, queueFull: 0, noAgent: 1, callbackUnanswered: 0, failed: 1, handedOver: 0, other: 0 },
    });
    // q4 by an agent, q5 abandoned in the queue, q11 called back in vain
    expect(row('town-no-answer')).toMatchObject({ offered: 3, answered: { byAgent: 1 }, abandoned: 1, otherEnds: { callbackUnanswered: 1 } });
    expect(row('town-busy')).toMatchObject({ offered: 2, answered: { byAgent: 1 }, otherEnds: { queueFull: 1 } });
    // never went to the county: q2 answered by the town hall, q3 hung up after 3 s
    expect(row('none')).toMatchObject({ offered: 2, answered: { total: 1, byAgent: 0, byTown: 1 }, shortAbandoned: 1 });
    expect(row('town-unreachable')?.offered).toBe(0);
  });

  it('counts transfers, callback notes and their compliance, and per agent', async () => {
    const { service } = setup();
    const r = await service.report(QUICKBORN_NOVEMBER);
    expect(r.totals.transfers).toEqual({ count: 4, connected: 2, noAnswer: 1, cancelled: 1 });
    expect(r.days.find((d) => d.date === '2026-11-03')?.transfers).toEqual({ count: 2, connected: 1, noAnswer: 1, cancelled: 0 });
    expect(r.callbackNotes).toEqual(EXPECTED_NOTES);
    expect(r.days.find((d) => d.date === '2026-11-02')?.callbackNotes).toMatchObject({ filed: 1, closed: 1, closedInTime: 1, due: 1 });
    expect(r.byAgent?.map((a) => [a.agentId, a.name, a.answered, a.onCallback, a.outcomes.pending, a.transfers.count])).toEqual([
      ['agent-1', 'Anna Petersen', 3, 0, 0, 3],
      ['agent-2', 'Jonas Hansen', 3, 1, 1, 1],
    ]);
    expect(r.byAgent?.[0]?.fcr).toMatchObject({ classified: 2, resolved: 1, strictResolved: 0 });
  });

  it('has the statistics’ own figures (GET /api/stats over the same month)', async () => {
    const { service, stats } = setup();
    const r = await service.report(QUICKBORN_NOVEMBER);
    const own = await stats.report({ fromDate: '2026-11-01', toDate: '2026-11-30', interval: 'total', municipality: 'quickborn' });
    const { transfers: _transfers, ...figures } = r.totals;
    expect(figures).toEqual(own.totals);
  });

  it('for every municipality: the towns, the county itself, and everything', async () => {
    const { service } = setup();
    const r = await service.report({ ...QUICKBORN_NOVEMBER, municipality: 'all' });
    expect(r).toMatchObject({ municipality: 'all', name: 'Kreis Pinneberg' });
    expect(r.totals.offered).toBe(17);
    expectAddsUp(r);
    expect(r.byMunicipality?.map((m) => [m.municipality, m.name, m.offered])).toEqual([
      ['boenningstedt', 'Gemeinde Bönningstedt', 0],
      ['hasloh', 'Gemeinde Hasloh', 1],
      ['quickborn', 'Stadt Quickborn', 15],
      [null, 'Kreis Pinneberg (keiner Gemeinde zugeordnet)', 1],
    ]);
    expect(r.callbackNotes.filed).toBe(4);
    expect(r.byAgent?.map((a) => [a.agentId, a.answered])).toEqual([
      ['agent-1', 4],
      ['agent-2', 3],
    ]);
  });

  it('leaves out the figures per agent unless asked (town staff)', async () => {
    const { service } = setup();
    expect(await service.report({ ...QUICKBORN_NOVEMBER, byAgent: false })).not.toHaveProperty('byAgent');
  });
});

describe('daily aggregates: reports once the streams no longer hold the month', () => {
  async function storedMonth() {
    const store = new MemoryReportStore();
    const live = setup({ store });
    for (const date of NOVEMBER_DAYS) expect(await live.service.aggregateDay(date)).toMatchObject({ date, written: true, complete: true });
    return { store, live: await live.service.report(QUICKBORN_NOVEMBER), liveAll: await live.service.report({ ...QUICKBORN_NOVEMBER, municipality: 'all' }) };
  }

  it('adds up the same from the stored days after the streams were trimmed', async () => {
    const { store, live, liveAll } = await storedMonth();
    // A restarted engine whose streams hold only December's calls: November is gone from them.
    const later = setup({ store, calls: records().filter((c) => c.times.arrivedAt >= at('2026-12-01', '00:00')), wholeSince: at('2026-12-01', '00:00') });
    const r = await later.service.report(QUICKBORN_NOVEMBER);
    expect(r).toMatchObject({ complete: true, sources: { live: 0, stored: 30 } });
    expect(r.days.every((d) => d.source === 'stored' && d.complete)).toBe(true);
    expect(r.totals).toEqual(live.totals);
    expect(r.totals).toMatchObject(EXPECTED_TOTALS);
    expect(r.overflowReasons).toEqual(live.overflowReasons);
    expect(r.byAgent).toEqual(live.byAgent);
    expect(r.topics).toEqual(live.topics);
    expect(r.topics).toEqual(EXPECTED_TOPICS);
    expect(r.days.map(({ source: _s, ...d }) => d)).toEqual(live.days.map(({ source: _s, ...d }) => d));
    expectAddsUp(r);
    const all = await later.service.report({ ...QUICKBORN_NOVEMBER, municipality: 'all' });
    expect(all.totals).toEqual(liveAll.totals);
    expect(all.byMunicipality).toEqual(liveAll.byMunicipality);
    expect(all.topics).toEqual(liveAll.topics);
  });

  it('says which topics are missing: days stored before topics were counted', async () => {
    const { store } = await storedMonth();
    // The same month as a version without topics stored it: no topic fields, format version 1.
    const versionOne = new MemoryReportStore();
    for (const date of NOVEMBER_DAYS) {
      const day = (await store.readDays([date], 'every')).get(date);
      if (!day) throw new Error(date);
      const asStored = (a: Aggregate) => decodeAggregate({ ...encodeAggregate({ ...a, topics: {} }, date, { writtenAt: NOW, complete: true }), 'm:version': '1' }).aggregate;
      await versionOne.writeDay(date, new Map([...day.scopes].map(([scope, a]) => [scope, asStored(a)])), { writtenAt: NOW, complete: true });
    }
    const later = setup({ store: versionOne, calls: [], wholeSince: at('2026-12-01', '00:00') });
    const r = await later.service.report(QUICKBORN_NOVEMBER);
    expect(r.complete).toBe(true);
    expect(r.topics).toMatchObject({ complete: false, byTopic: [], withoutTopic: { calls: 0 } });
  });

  it('combines stored days with live ones', async () => {
    const { store, live } = await storedMonth();
    // The streams lost everything before the 10th.
    const QUICKBORN_FROM_10TH = new Set(QUICKBORN_IDS.filter((id) => !['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q13'].includes(id)));
    const mixed = setup({ store, calls: records().filter((c) => QUICKBORN_FROM_10TH.has(c.id) || c.times.arrivedAt >= at('2026-12-01', '00:00')), wholeSince: at('2026-11-10', '00:00') });
    const r = await mixed.service.report(QUICKBORN_NOVEMBER);
    expect(r.sources).toEqual({ live: 21, stored: 9 });
    expect(r.days.find((d) => d.date === '2026-11-09')?.source).toBe('stored');
    expect(r.days.find((d) => d.date === '2026-11-10')?.source).toBe('live');
    expect(r.totals).toEqual(live.totals);
    expectAddsUp(r);
  });

  it('marks days neither the streams nor the store hold in full as incomplete', async () => {
    const s = setup({ calls: records().filter((c) => c.id !== 'q1'), wholeSince: at('2026-11-03', '00:00') });
    const r = await s.service.report(QUICKBORN_NOVEMBER);
    expect(r.complete).toBe(false);
    expect(r.days.filter((d) => !d.complete).map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02']);
    expect(r.totals.offered).toBe(14);
    expectAddsUp(r);
  });

  it('stores only what the streams hold whole, and today as it is so far', async () => {
    const s = setup({ now: at('2026-11-30', '17:00'), wholeSince: at('2026-11-02', '12:00') });
    expect(await s.service.aggregateDay('2026-12-01')).toEqual({ date: '2026-12-01', written: false, reason: 'future' });
    expect(await s.service.aggregateDay('2026-11-02')).toEqual({ date: '2026-11-02', written: false, reason: 'trimmed' });
    expect(await s.service.aggregateDay('2026-11-30')).toEqual({ date: '2026-11-30', written: true, complete: false, offered: 2 });
    expect(await s.store.storedDates()).toEqual(['2026-11-30']);
    const stored = await s.store.readDays(['2026-11-30'], ['quickborn', 'hasloh']);
    expect(stored.get('2026-11-30')).toMatchObject({ complete: false });
    expect(stored.get('2026-11-30')?.scopes.get('quickborn')?.calls.offered).toBe(2);
    expect(stored.get('2026-11-30')?.scopes.get('hasloh')?.calls.offered).toBe(0);
  });

  it('the daily job stores the last 8 days up to yesterday', async () => {
    const s = setup({ now: at('2026-12-02', '00:15') });
    const results = await s.service.aggregateRecent();
    expect(results.map((x) => x.date)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(results.every((x) => x.written && x.complete)).toBe(true);
    expect((await s.store.readDays(['2026-11-30'], [ALL])).get('2026-11-30')?.scopes.get(ALL)?.calls.offered).toBe(2);
  });

  it('purges stored days older than the retention and trims per-call data older than its own', async () => {
    const store = new MemoryReportStore();
    const s = setup({ store });
    for (const date of ['2025-10-01', '2025-11-04', '2025-11-05', '2026-11-02']) await s.service.aggregateDay(date);
    const result = await s.service.purge();
    // 400 days before 2026-12-10
    expect(result).toMatchObject({ aggregatesBefore: '2025-11-05', daysPurged: ['2025-10-01', '2025-11-04'], entriesTrimmed: 0 });
    expect(await store.storedDates()).toEqual(['2025-11-05', '2026-11-02']);
    expect(s.trimmedBefore).toEqual([NOW - 90 * DAY]);
    // 90 × 24 h before 12:00 winter time is 13:00 summer time.
    expect(result.callDataBefore).toBe('2026-09-11T13:00:00+02:00');
  });
});

describe('when Redis is away', () => {
  it('answers a report of days the statistics hold from memory, not up to date; stored days needed: REDIS_UNAVAILABLE; nothing is stored', async () => {
    const s = setup();
    const before = await s.service.report(QUICKBORN_NOVEMBER);
    s.setFailing(true);
    const r = await s.service.report(QUICKBORN_NOVEMBER);
    expect(r.upToDate).toBe(false);
    expect(r.totals).toEqual(before.totals);
    expect(r.callbackNotes.available).toBe(false);
    expect(r.knowledgeGaps.searchesWithoutHits.available).toBe(false);
    expect(r.topics.byTopic.map((t) => t.title)).toEqual([null, null, null]);
    s.setWholeSince(at('2026-11-10', '00:00'));
    s.setFailing(false);
    await s.service.report(QUICKBORN_NOVEMBER);
    s.setFailing(true);
    await expect(s.service.report(QUICKBORN_NOVEMBER)).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    await expect(s.service.aggregateDay('2026-11-20')).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    const fresh = setup();
    fresh.setFailing(true);
    await expect(fresh.service.report(QUICKBORN_NOVEMBER)).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
  });
});

describe('the stored form of a day', () => {
  it('gives back what was stored, zeros left out', async () => {
    const s = setup();
    await s.service.aggregateDay('2026-11-02');
    const day = (await s.store.readDays(['2026-11-02'], 'every')).get('2026-11-02');
    if (!day) throw new Error('2026-11-02 not stored');
    const { scopes, writtenAt, complete } = day;
    expect([...scopes.keys()].sort()).toEqual(['_all', '_county', 'boenningstedt', 'hasloh', 'quickborn']);
    expect({ writtenAt, complete }).toEqual({ writtenAt: NOW, complete: true });
    const quickborn = scopes.get('quickborn');
    if (!quickborn) throw new Error('no quickborn');
    const fields = encodeAggregate(quickborn, '2026-11-02', { writtenAt: NOW, complete: true });
    expect(fields).toMatchObject({ 'c:offered': '5', 'r:town-no-answer:offered': '2', 'r:town-no-answer:abandoned': '1', 'a:agent-2:transfersConnected': '1', 'm:complete': '1' });
    expect(fields).toMatchObject({ 't:personalausweis:calls': '1', 't:personalausweis:resolved': '1', 't:wohnsitz-anmelden:calls': '1', 't:_any:calls': '2', 't:_any:transferred': '1' });
    expect(fields).not.toHaveProperty('c:queueFull');
    expect(fields).not.toHaveProperty('t:_none:calls');
    expect(decodeAggregate(fields).aggregate).toEqual(quickborn);
  });
});
