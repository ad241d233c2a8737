import { describe, expect, it } from 'vitest';
import {
  MemoryReportStore,
  csvFileName,
  decodeAggregate,
  encodeAggregate,
  otherEndsTotal,
  reportCsv,
  reportHtml,
  type Aggregate,
  type Report,
  type ReportRequest,
} from '../../../src/reports/index.js';
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

/** The CSV's lines (without the BOM), split into fields the simple way (none of these fields is quoted). */
const table = (csv: string): string[][] =>
  csv
    .slice(1)
    .split('\r\n')
    .slice(0, -1)
    .map((l) => (l === '' ? [] : l.split(';')));

describe('the partner centers in the CSV', () => {
  it('section=partners: one row per partner center, then Gesamt', async () => {
    const r = await month().service.report(NOVEMBER);
    expect(table(reportCsv(r, 'partners'))).toEqual([
      [
        'Partner-Center',
        'Kennung',
        'Anrufe übernommen für das Partner-Center',
        'davon angenommen',
        'davon per Rückruf',
        'davon aufgelegt (ab 5 s)',
        'davon kurz aufgelegt (unter 5 s)',
        'Innerhalb der Zielzeit (30 s ab erstem Eingang)',
        'Zielzeit-Basis',
        'Innerhalb der Zielzeit %',
        'Gesprächszeit gesamt s',
        'Gesprächszeit Ø s',
        'Anrufe abgegeben an das Partner-Center',
        'Vollständig',
      ],
      ['Kreis Dithmarschen', 'kreis-dithmarschen', '0', '0', '0', '0', '0', '0', '0', '', '0,0', '', '0', 'ja'],
      ['Kreis Segeberg', 'kreis-segeberg', '3', '2', '0', '1', '0', '1', '3', '33,3', '360,0', '180,0', '2', 'ja'],
      ['kreis-steinburg', 'kreis-steinburg', '1', '1', '0', '0', '0', '1', '1', '100,0', '60,0', '60,0', '0', 'ja'],
      ['Gesamt', '', '4', '3', '0', '1', '0', '2', '4', '50,0', '420,0', '140,0', '2', 'ja'],
    ]);
    expect(csvFileName(r, 'partners')).toBe('bericht-all-2026-11-partner-center.csv');
  });

  it('is the last section of the whole file; the days and the reasons have the handed-over calls as an end of their own', async () => {
    const r = await month().service.report(NOVEMBER);
    const rows = table(reportCsv(r));
    const blank = rows.flatMap((x, i) => (x.length === 0 ? [i] : []));
    expect(blank).toHaveLength(4);
    expect(rows[(blank[3] ?? 0) + 1]?.[0]).toBe('Partner-Center');
    expect(rows.at(-1)?.[0]).toBe('Gesamt');
    const header = rows[0] ?? [];
    const total = rows[31] ?? [];
    expect(total[0]).toBe('Gesamt');
    expect(total[header.indexOf('An Partner-Center abgegeben')]).toBe('2');
    expect(total[header.indexOf('Andere Enden')]).toBe('2');
    expect(total[header.indexOf('Servicelevel-Basis')]).toBe('5');
    const reasonHeader = rows[(blank[0] ?? 0) + 1] ?? [];
    const direct = rows.find((x) => x[1] === 'direct-115') ?? [];
    expect(direct[reasonHeader.indexOf('An Partner-Center abgegeben')]).toBe('1');
    expect(rows.find((x) => x[1] === 'partner')?.slice(0, 3)).toEqual(['Von Partner-Center übernommen', 'partner', '4']);
  });

  it('says when some stored day did not count them', async () => {
    const r = await month().service.report(NOVEMBER);
    const rows = table(reportCsv({ ...r, partners: { ...r.partners, complete: false } }, 'partners'));
    expect(rows.slice(1).every((x) => x.at(-1) === 'nein')).toBe(true);
  });
});

describe('the partner centers on the printable page', () => {
  const page = (r: Report): string => reportHtml({ report: r, signedInAs: 'Teamleitung', choices: [] });

  it('a German table per partner center: taken for it, answered, within the target, talk; handed to it', async () => {
    const html = page(await month().service.report(NOVEMBER));
    expect(html).toContain('<h2>Zusammenarbeit mit Partner-Centern</h2>');
    for (const head of ['Anrufe übernommen für', 'davon angenommen', 'innerhalb der Zielzeit (30&nbsp;s)', 'Gesprächszeit gesamt', 'Gesprächszeit Ø', 'Anrufe abgegeben an']) expect(html).toContain(head);
    const section = html.slice(html.indexOf('<h2>Zusammenarbeit'), html.indexOf('</section>', html.indexOf('<h2>Zusammenarbeit')));
    const rowOf = (name: string): string => section.slice(section.indexOf(`>${name}<`), section.indexOf('</tr>', section.indexOf(`>${name}<`)));
    const cells = (row: string): string[] => [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
    expect(cells(rowOf('Kreis Segeberg'))).toEqual(['3', '2', '1', '33,3&nbsp;%', '1', '0:06:00', '180,0&nbsp;s', '2']);
    expect(cells(rowOf('Gesamt'))).toEqual(['4', '3', '2', '50,0&nbsp;%', '1', '0:07:00', '140,0&nbsp;s', '2']);
    expect(section).toContain('ab ihrem ersten Eingang beim Partner-Center');
    expect(section).not.toContain('class="warn"');
    // The balance has them as an end of their own; the words say they leave the service level.
    expect(html).toContain('An Partner-Center abgegeben');
    expect(html).toContain('und ohne an Partner-Center abgegebene Anrufe');
    expect(html).toContain('<dt>Partner-Center</dt>');
  });

  it('warns when stored days did not count them', async () => {
    const r = await month().service.report(NOVEMBER);
    expect(page({ ...r, partners: { ...r.partners, complete: false } })).toContain('bevor die Anrufe zwischen Partner-Centern gezählt wurden');
  });

  it('a center without partners and without such calls: nothing about them', async () => {
    const html = page(await setup().service.report({ ...NOVEMBER, municipality: 'quickborn' }));
    expect(html).not.toContain('Partner-Center');
  });
});
