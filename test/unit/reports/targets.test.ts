import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_TARGETS, withOverrides } from '../../../src/config/service-targets.js';
import { reportCsv, reportHtml, type Report } from '../../../src/reports/index.js';
import { setup } from './setup.js';

const NOVEMBER = { fromDate: '2026-11-01', toDate: '2026-11-30', month: '2026-11', byAgent: false } as const;
/** Quickborn's own targets: 80 % within 10 s, ASA 15 s, FCR 50 % (amber from 40 %). */
const QUICKBORN = withOverrides(DEFAULT_SERVICE_TARGETS, { serviceLevel: { share: 0.8, withinMs: 10_000 }, asa: { maxMs: 15_000 }, fcr: { minShare: 0.5, amberFrom: 0.4 } });
const withQuickborn = () =>
  setup({ targetsOf: (m) => (m === 'quickborn' ? QUICKBORN : DEFAULT_SERVICE_TARGETS), rules: { serviceLevelMsByMunicipality: { quickborn: 10_000 } } });

/** The colour state of the page's KPI tile with this label ('' when none). */
const stateOf = (html: string, label: string): string | undefined => {
  const m = new RegExp(`<div class="kpi[^"]*"(?: data-state="(\\w+)")?><div class="t">${label.replace(/[()]/g, '\\$&')}</div>`).exec(html);
  return m ? (m[1] ?? '') : undefined;
};

/** The `Gesamt` row of the CSV's days, by header. */
const totalRow = (r: Report): ((header: string) => string | undefined) => {
  const lines = reportCsv(r, 'days').replace('\uFEFF', '').split('\r\n');
  const header = lines[0]?.split(';') ?? [];
  const total = lines.find((l) => l.startsWith('Gesamt;'))?.split(';') ?? [];
  return (h) => total[header.indexOf(h)];
};

describe('reports by the configured targets', () => {
  it("today's targets: Quickborn's November (ASA 18.7 s, FCR 50 %) meets the ASA, misses FCR", async () => {
    const r = await setup().service.report({ ...NOVEMBER, municipality: 'quickborn' });
    expect(r.targets).toEqual(DEFAULT_SERVICE_TARGETS);
    const html = reportHtml({ report: r, signedInAs: 'Teamleitung', choices: [] });
    expect(stateOf(html, 'Ø Wartezeit bis Annahme (ASA)')).toBe('ok');
    expect(stateOf(html, 'Erstlösungsquote (FCR)')).toBe('bad');
    expect(stateOf(html, 'Servicelevel (30 s)')).toBe('bad');
    expect(html).toContain('Ziel 75&nbsp;%');
    const cell = totalRow(r);
    expect([cell('Servicelevel-Ziel %'), cell('ASA-Ziel s'), cell('ASA-Ziel erreicht'), cell('FCR-Ziel %'), cell('FCR-Ziel erreicht')]).toEqual(['75,0', '30,0', 'ja', '65,0', 'nein']);
  });

  it("the town's own targets change the same figures' verdicts on its page and in its CSV", async () => {
    const r = await withQuickborn().service.report({ ...NOVEMBER, municipality: 'quickborn' });
    expect(r.rules.serviceLevelSec).toBe(10);
    expect(r.totals.serviceLevel.answeredInTime).toBeLessThan(5);
    const html = reportHtml({ report: r, signedInAs: 'Teamleitung', choices: [] });
    expect(stateOf(html, 'Ø Wartezeit bis Annahme (ASA)')).toBe('warn');
    expect(stateOf(html, 'Erstlösungsquote (FCR)')).toBe('ok');
    expect(stateOf(html, 'Servicelevel (10 s)')).toBe('bad');
    expect(html).toContain('Ziel 80&nbsp;%');
    expect(html).toContain('Ziel höchstens 15&nbsp;s');
    const cell = totalRow(r);
    expect([cell('Servicelevel % (10 s)'), cell('Servicelevel-Ziel %'), cell('ASA-Ziel s'), cell('ASA-Ziel erreicht'), cell('FCR-Ziel erreicht')]).toEqual([
      expect.any(String),
      '80,0',
      '15,0',
      'nein',
      'ja',
    ]);
  });

  it("the county's report keeps the center's targets while Quickborn's calls count by its seconds", async () => {
    const r = await withQuickborn().service.report({ ...NOVEMBER, municipality: 'all' });
    expect(r.targets).toEqual(DEFAULT_SERVICE_TARGETS);
    expect(r.rules.serviceLevelSec).toBe(30);
    const quickborn = r.byMunicipality?.find((m) => m.municipality === 'quickborn');
    const hasloh = r.byMunicipality?.find((m) => m.municipality === 'hasloh');
    expect(quickborn?.serviceLevel.answeredInTime).toBeLessThan(5);
    expect(hasloh?.serviceLevel).toEqual({ rate: 1, answeredInTime: 1, base: 1 });
    expect(reportHtml({ report: r, signedInAs: 'Teamleitung', choices: [] })).toContain('Ziel 75&nbsp;%');
  });
});
