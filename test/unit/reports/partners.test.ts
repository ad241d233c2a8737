import { describe, expect, it } from 'vitest';
import { MemoryReportStore, decodeAggregate, encodeAggregate, otherEndsTotal, type Aggregate, type Report, type ReportRequest } from '../../../src/reports/index.js';
import { at } from '../stats/records.js';
import { EXPECTED_PARTNERS, PARTNERS, partnerCalls, taken } from './partner-month.js';
import { NOW } from './quickborn-month.js';
import { setup } from './setup.js';

const MON = '2026-11-02';
const TUE = '2026-11-03';
const NOVEMBER: ReportRequest = { fromDate: '2026-11-01', toDate: '2026-11-30', municipality: 'all', month: '2026-11', byAgent: true };
const DAYS = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);

const month = (o: Parameters<typeof setup>[0] = {}) => setup({ calls: partnerCalls(), partners: PARTNERS, ...o });

function expectAddsUp(r: Report): void {
  const t = r.totals;
  expect(t.offered).toBe(t.answered.total + t.abandoned + t.shortAbandoned + otherEndsTotal(t.otherEnds));
  expect(r.checks).toEqual({ endsAddUp: true, reasonsAddUp: true });
  expect(r.partners.total.handedOver).toBe(t.otherEnds.handedOver);
  expect(r.partners.total.taken.calls).toBe(t.overflowReasons['partner'] ?? 0);
}

describe('a report of the calls between partner centers', () => {
  it('per partner: taken for it (answered, within the target from the first arrival, abandoned, talk) and handed to it', async () => {
    const r = await month().service.report(NOVEMBER);
    expect(r.partners).toEqual(EXPECTED_PARTNERS);
    expectAddsUp(r);
  });

  it('the handed-over calls are out of the service level base; the taken ones are in it, as this center’s answers', async () => {
    const t = (await month().service.report(NOVEMBER)).totals;
    expect(t.offered).toBe(7);
    expect(t.otherEnds.handedOver).toBe(2);
    // k1 20 s, k4 25 s, k7 10 s in time; k5 late; k6 abandoned; k2 and k3 handed over: not in the base.
    expect(t.serviceLevel).toEqual({ rate: 0.6, answeredInTime: 3, base: 5 });
    expect(t.abandonRate).toBe(0.2);
  });

  it('a town’s report: its callers handed over, every configured partner listed', async () => {
    const r = await month().service.report({ ...NOVEMBER, municipality: 'quickborn', byAgent: false });
    expect(r.partners.byPartner.map((p) => [p.center, p.handedOver, p.taken.calls])).toEqual([
      ['kreis-dithmarschen', 0, 0],
      ['kreis-segeberg', 1, 0],
    ]);
    expectAddsUp(r);
  });

  it('a center without partners and without such calls: an empty table', async () => {
    const r = await setup({ calls: partnerCalls().slice(0, 1) }).service.report(NOVEMBER);
    expect(r.partners).toEqual({ byPartner: [], total: { handedOver: 0, taken: taken(0, 0, 0, 0, 0) }, complete: true });
  });
});

describe('the partner figures in the daily aggregates', () => {
  async function storedMonth() {
    const store = new MemoryReportStore();
    const live = month({ store });
    for (const date of DAYS) expect(await live.service.aggregateDay(date)).toMatchObject({ written: true, complete: true });
    return { store, live: await live.service.report(NOVEMBER) };
  }
  const later = (store: MemoryReportStore) => month({ store, calls: [], wholeSince: at('2026-12-01', '00:00') });

  it('come back the same from the stored days once the streams no longer hold the month', async () => {
    const { store, live } = await storedMonth();
    const r = await later(store).service.report(NOVEMBER);
    expect(r.sources).toEqual({ live: 0, stored: 30 });
    expect(r.partners).toEqual(EXPECTED_PARTNERS);
    expect(r.partners).toEqual(live.partners);
    expect(r.totals).toEqual(live.totals);
    expectAddsUp(r);
    const quickborn = await later(store).service.report({ ...NOVEMBER, municipality: 'quickborn' });
    expect(quickborn.partners.byPartner.find((p) => p.center === 'kreis-segeberg')?.handedOver).toBe(1);
  });

  it('are stored per partner center, zeros left out', async () => {
    const { store } = await storedMonth();
    const tuesday = (await store.readDays([TUE], 'every')).get(TUE)?.scopes.get('_all');
    if (!tuesday) throw new Error('Tuesday not stored');
    const fields = encodeAggregate(tuesday, TUE, { writtenAt: NOW, complete: true });
    expect(fields).toMatchObject({ 'm:version': '3', 'p:kreis-segeberg:taken': '3', 'p:kreis-segeberg:answeredInTime': '1', 'p:kreis-segeberg:talkSumMs': '360000', 'p:kreis-steinburg:taken': '1' });
    expect(fields).not.toHaveProperty('p:kreis-segeberg:handedOver');
    expect(decodeAggregate(fields).aggregate).toEqual(tuesday);
    const monday = (await store.readDays([MON], ['quickborn'])).get(MON)?.scopes.get('quickborn');
    expect(monday && encodeAggregate(monday, MON, { writtenAt: NOW, complete: true })).toMatchObject({ 'c:handedOver': '1', 'r:direct-115:handedOver': '1', 'p:kreis-segeberg:handedOver': '1' });
  });

  it('days stored before they were counted: the handed-over calls read as such (out of the base), the partner table marked incomplete', async () => {
    const { store, live } = await storedMonth();
    // The month as version 2 stored it: no partner fields, and the handed-over calls under `otherEnd`.
    const versionTwo = new MemoryReportStore();
    const asStored = (a: Aggregate, date: string): Aggregate => {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(encodeAggregate({ ...a, partners: {} }, date, { writtenAt: NOW, complete: true }))) fields[k.replace(/:handedOver$/, ':otherEnd')] = v;
      return decodeAggregate({ ...fields, 'm:version': '2' }).aggregate;
    };
    for (const date of DAYS) {
      const day = (await store.readDays([date], 'every')).get(date);
      if (!day) throw new Error(date);
      await versionTwo.writeDay(date, new Map([...day.scopes].map(([scope, a]) => [scope, asStored(a, date)])), { writtenAt: NOW, complete: true });
    }
    const r = await later(versionTwo).service.report(NOVEMBER);
    expect(r.complete).toBe(true);
    expect(r.totals).toEqual(live.totals);
    expect(r.partners.complete).toBe(false);
    expect(r.partners.byPartner.map((p) => [p.center, p.handedOver, p.taken.calls])).toEqual([
      ['kreis-dithmarschen', 0, 0],
      ['kreis-segeberg', 0, 0],
    ]);
  });

  it('a day stored by version 2 without such calls is complete', () => {
    const fields = { 'm:version': '2', 'c:offered': '1', 'c:answeredByAgent': '1', 'r:direct-115:offered': '1', 'r:direct-115:answeredByAgent': '1' };
    expect(decodeAggregate(fields).aggregate.calls).toMatchObject({ partnersUncounted: 0, handedOver: 0, otherEnd: 0 });
  });
});
