import { describe, expect, it } from 'vitest';
import type { Disposition } from '../../../src/app/dispositions.js';
import type { Call } from '../../../src/domain/call.js';
import { StatsReadModel, type NotesSummary, type Span } from '../../../src/stats/index.js';
import { DAY, MIN, SEC, TZ, at, endOf, final, record } from './records.js';

/** An in-memory stream with the `read(sinceId, count)` of the Redis ones: ids `1-0`, `2-0`, … */
class FakeStream<T> {
  readonly entries: { id: string; value: T }[] = [];
  failing = false;
  reads = 0;
  append(value: T): void {
    this.entries.push({ id: `${this.entries.length + 1}-0`, value });
  }
  page(sinceId?: string, count = 1_000): { id: string; value: T }[] {
    this.reads++;
    if (this.failing) throw new Error('redis down');
    const from = sinceId ? Number(sinceId.split('-')[0]) : 0;
    return this.entries.slice(from, from + count);
  }
}

function model(opts: { notesSummary?: NotesSummary; now?: () => number; keepDays?: number; pageSize?: number } = {}) {
  const records = new FakeStream<Call>();
  const dispositions = new FakeStream<Disposition>();
  const stats = new StatsReadModel({
    records: { read: (since, count) => Promise.resolve(records.page(since, count).map((e) => ({ id: e.id, call: e.value }))) },
    dispositions: { read: (since, count) => Promise.resolve(dispositions.page(since, count).map((e) => ({ id: e.id, disposition: e.value }))) },
    timezone: TZ,
    rules: { wrapUpCapMs: 30_000 },
    now: opts.now ?? (() => at('2025-01-06', '18:00')),
    ...opts,
  });
  return { stats, records, dispositions };
}

const MONDAY = '2025-01-06';
const today = { fromDate: MONDAY, toDate: MONDAY, interval: 'total' as const };
const answered = (id: string, minute: number, hash?: string) =>
  record(id, { outcome: 'answered-by-agent', arrivedAt: at(MONDAY, '09:00') + minute * MIN, answeredAfter: 10 * SEC, endedAfter: 2 * MIN, agent: 'agent-1', ...(hash ? { hash } : {}) });

describe('the statistics read model', () => {
  it('catches up on start, then takes in only what is new, on every query', async () => {
    const m = model({ pageSize: 2 });
    for (const n of [1, 2, 3]) m.records.append(answered(`c${n}`, n));
    await m.stats.start();
    expect(m.stats.size()).toMatchObject({ calls: 3, days: 1 });
    expect(m.stats.position()).toEqual({ records: '3-0', dispositions: null });
    m.records.append(answered('c4', 4));
    expect((await m.stats.report(today)).totals.offered).toBe(4);
  });

  it('joins a disposition that came before its record, and counts a record once', async () => {
    const m = model();
    const c1 = answered('c1', 0);
    const d = final(c1, 'resolved', endOf(c1), endOf(c1) + 10 * SEC);
    m.dispositions.append(d.disposition);
    await m.stats.start();
    expect((await m.stats.report(today)).totals.outcomes.resolved).toBe(0);
    m.records.append(c1);
    m.records.append(c1); // published twice by mistake: counted once
    const f = (await m.stats.report(today)).totals;
    expect(f.offered).toBe(1);
    expect(f.outcomes).toMatchObject({ resolved: 1, pending: 0 });
  });

  it('a later call of the same caller, on another day, turns the resolved call into a repeat', async () => {
    const m = model({ now: () => at('2025-01-20', '12:00') });
    const c1 = answered('c1', 0, 'caller-a');
    m.records.append(c1);
    m.dispositions.append(final(c1, 'resolved', endOf(c1), endOf(c1)).disposition);
    expect((await m.stats.report(today)).totals.fcr).toMatchObject({ resolved: 1, strictResolved: 1 });
    m.records.append(record('c2', { outcome: 'abandoned', arrivedAt: endOf(c1) + 3 * DAY, endedAfter: MIN, hash: 'caller-a' }));
    expect((await m.stats.report(today)).totals.fcr).toMatchObject({ resolved: 1, strictResolved: 0, repeatContacts: 1 });
  });

  it('a caller who hung up while waiting and kept their place by calling again counts once, by the second call', async () => {
    const m = model();
    const gaveUp = record('c1', { outcome: 'abandoned', arrivedAt: at(MONDAY, '09:00'), endedAfter: 2 * MIN, hash: 'caller-a' });
    m.records.append(gaveUp);
    expect((await m.stats.report(today)).totals).toMatchObject({ offered: 1, abandoned: 1 });
    const again = answered('c2', 3, 'caller-a');
    m.records.append({ ...again, resumedFrom: { call: gaveUp.id, arrivedAt: gaveUp.times.arrivedAt } });
    const f = (await m.stats.report(today)).totals;
    expect(f).toMatchObject({ offered: 1, abandoned: 0 });
    expect(f.serviceLevel).toMatchObject({ answeredInTime: 1, base: 1 });
  });

  it('figures of any [start, end), across midnight, e.g. the last 60 minutes', async () => {
    const m = model();
    const nearMidnight = (id: string, hhmm: string, date = MONDAY) => record(id, { outcome: 'abandoned', arrivedAt: at(date, hhmm), endedAfter: MIN });
    for (const c of [nearMidnight('a', '23:00'), nearMidnight('b', '23:30'), nearMidnight('c', '00:10', '2025-01-07'), nearMidnight('d', '00:30', '2025-01-07')]) m.records.append(c);
    const f = await m.stats.figures({ start: at(MONDAY, '23:30'), end: at('2025-01-07', '00:30') });
    expect(f.offered).toBe(2); // b and c: start included, end not
    expect((await m.stats.figures({ start: at(MONDAY, '23:30'), end: at('2025-01-07', '00:30') }, 'hasloh')).offered).toBe(0);
  });

  it('answers from what it holds when the streams cannot be read', async () => {
    const m = model();
    m.records.append(answered('c1', 0));
    await m.stats.start();
    m.records.failing = true;
    const r = await m.stats.report(today);
    expect(r.upToDate).toBe(false);
    expect(r.totals.offered).toBe(1);
  });

  it('concurrent queries share one read of the streams', async () => {
    const m = model();
    await m.stats.start();
    const before = m.records.reads;
    await Promise.all([m.stats.report(today), m.stats.report(today), m.stats.report(today)]);
    expect(m.records.reads - before).toBe(1);
  });

  it('callback notes: zeros when not wired; the summary with compliance when it is', async () => {
    expect((await model().stats.report(today)).callbackNotes).toEqual({ filed: 0, open: 0, overdue: 0, closed: 0, closedInTime: 0, due: 0, compliance: null, available: false });
    const asked: { range: Span; municipality: string | undefined }[] = [];
    const m = model({
      notesSummary: (range, municipality) => {
        asked.push({ range, municipality });
        return Promise.resolve({ filed: 10, open: 4, overdue: 1, closed: 6, closedInTime: 5, due: 7 });
      },
    });
    const notes = (await m.stats.report({ ...today, municipality: 'quickborn' })).callbackNotes;
    expect(notes).toEqual({ filed: 10, open: 4, overdue: 1, closed: 6, closedInTime: 5, due: 7, compliance: 0.7143, available: true }); // 5 ÷ (6 + 1)
    expect(asked).toEqual([{ range: { start: at(MONDAY, '00:00'), end: at('2025-01-07', '00:00') }, municipality: 'quickborn' }]);
  });

  it('drops days older than keepDays', async () => {
    let now = at(MONDAY, '18:00');
    const m = model({ keepDays: 2, now: () => now });
    const c1 = answered('c1', 0);
    m.records.append(c1);
    m.dispositions.append(final(c1, 'resolved', endOf(c1), endOf(c1)).disposition);
    await m.stats.start();
    expect(m.stats.size()).toEqual({ calls: 1, outcomes: 1, days: 1 });
    now = at('2025-01-09', '08:00');
    await m.stats.refresh();
    expect(m.stats.size()).toEqual({ calls: 0, outcomes: 0, days: 0 });
  });
});
