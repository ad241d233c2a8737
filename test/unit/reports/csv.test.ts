import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvFileName, csvText, decimal, percent, reportCsv, seconds, type Report } from '../../../src/reports/index.js';
import { MONTH } from './quickborn-month.js';
import { setup } from './setup.js';

const november = async (): Promise<Report> => setup().service.report({ fromDate: '2026-11-01', toDate: '2026-11-30', municipality: 'quickborn', month: MONTH, byAgent: false });

/** The CSV's lines (without the BOM), split into fields the simple way (none of these fields is quoted). */
const table = (csv: string): string[][] =>
  csv
    .slice(1)
    .split('\r\n')
    .slice(0, -1)
    .map((l) => (l === '' ? [] : l.split(';')));

describe('the report as CSV for German Excel', () => {
  it('is UTF-8 with a BOM, `;` between fields, CRLF line ends, one row per day and a total row, then the overflow reasons', async () => {
    const csv = reportCsv(await november());
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = table(csv);
    const days = rows.slice(0, 32);
    const header = days[0] ?? [];
    expect(header.slice(0, 6)).toEqual(['Datum', 'Wochentag', 'Angeboten', 'davon über 115', 'davon über Rathausnummer', 'Angenommen']);
    expect(days.every((r) => r.length === header.length)).toBe(true);
    expect(days[1]?.slice(0, 3)).toEqual(['01.11.2026', 'So', '0']);
    expect(days[2]?.slice(0, 3)).toEqual(['02.11.2026', 'Mo', '5']);
    expect(days[31]?.[0]).toBe('Gesamt');
    expect(rows[32]).toEqual([]);
    const reasons = rows.slice(33, 44);
    expect(reasons[0]?.slice(0, 3)).toEqual(['Überlaufgrund', 'Schlüssel', 'Angeboten']);
    expect(reasons.map((r) => r[1])).toEqual(['Schlüssel', 'direct-115', 'town-no-answer', 'town-busy', 'town-unreachable', 'town-unregistered', 'town-closed', 'switchboard', 'town-ring-limit', 'none', '']);
    expect(reasons[1]?.slice(0, 3)).toEqual(['115 direkt gewählt', 'direct-115', '6']);
    expect(reasons[10]?.[0]).toBe('Gesamt');
    expect(reasons.every((r) => r.length === reasons[0]?.length)).toBe(true);
    expect(rows[44]).toEqual([]);
    expect(rows[45]?.[0]).toBe('Anliegen');
  });

  it('lists the topics, most calls first, then the calls with and without a topic, with FCR per concern', async () => {
    const rows = table(reportCsv(await november(), 'topics'));
    expect(rows).toEqual([
      ['Anliegen', 'Artikel', 'Anrufe', 'Fallabschließend', 'Weitergeleitet', 'Rückrufnotiz', 'FCR %', 'FCR streng % (7 Tage)', 'Erneut angerufen'],
      ['Personalausweis beantragen', 'personalausweis', '2', '2', '0', '0', '100,0', '50,0', '1'],
      ['Baugenehmigung beantragen', 'baugenehmigung', '1', '0', '1', '0', '0,0', '0,0', '0'],
      ['Wohnsitz anmelden oder ummelden (Umzug)', 'wohnsitz-anmelden', '1', '1', '0', '0', '100,0', '0,0', '1'],
      ['Mit Thema (jeder Anruf einmal)', '', '3', '2', '1', '0', '66,7', '33,3', '1'],
      ['Ohne Thema (Wissenslücke)', '', '1', '0', '0', '1', '0,0', '0,0', '0'],
    ]);
    expect(csvFileName(await november(), 'topics')).toBe('bericht-quickborn-2026-11-anliegen.csv');
  });

  it('writes rates as percentages and durations as seconds with a decimal comma, and the total row adds up', async () => {
    const csv = reportCsv(await november());
    const rows = table(csv);
    const header = rows[0] ?? [];
    const total = rows[31] ?? [];
    const cell = (name: string): string | undefined => total[header.indexOf(name)];
    expect(cell('Angeboten')).toBe('15');
    expect(cell('Angenommen')).toBe('7');
    expect(cell('Aufgelegt (ab 5 s)')).toBe('2');
    expect(cell('Kurz aufgelegt (unter 5 s)')).toBe('1');
    expect(cell('Andere Enden')).toBe('5');
    expect(cell('Servicelevel % (30 s)')).toBe('38,5');
    expect(cell('Abbruchquote %')).toBe('15,4');
    expect(cell('ASA s')).toBe('18,7');
    expect(cell('AHT s')).toBe('157,0');
    expect(cell('FCR %')).toBe('50,0');
    expect(cell('FCR streng % (7 Tage)')).toBe('25,0');
    expect(cell('Weiterleitungen')).toBe('4');
    expect(cell('Weiterleitungen verbunden')).toBe('2');
    expect(cell('Weiterleitungen nicht angenommen')).toBe('1');
    expect(cell('Rückruf-Einhaltung %')).toBe('33,3');
    expect(cell('Vollständig')).toBe('ja');
    // A day without calls: nothing to divide by, so the rates are empty, not 0.
    const sunday = rows[1] ?? [];
    expect(sunday[header.indexOf('Servicelevel % (30 s)')]).toBe('');
    expect(sunday[header.indexOf('Quelle')]).toBe('live');
    // The days add up to the total row.
    const sum = rows.slice(1, 31).reduce((n, r) => n + Number(r[header.indexOf('Angeboten')]), 0);
    expect(sum).toBe(15);
    // No number with a decimal point anywhere: only commas.
    expect(rows.flat().filter((c) => /^-?\d+\.\d+$/.test(c))).toEqual([]);
    expect(rows.flat().filter((c) => /^\d+,\d$/.test(c)).length).toBeGreaterThan(10);
    const reasonHeader = rows[33] ?? [];
    const reasonTotal = rows[43] ?? [];
    expect(reasonTotal[reasonHeader.indexOf('Anteil am Angebot %')]).toBe('100,0');
    expect(rows[34]?.[reasonHeader.indexOf('Anteil am Angebot %')]).toBe('40,0');
  });

  it('gives one section alone when asked', async () => {
    const r = await november();
    const days = table(reportCsv(r, 'days'));
    expect(days).toHaveLength(32);
    const reasons = table(reportCsv(r, 'reasons'));
    expect(reasons).toHaveLength(11);
    expect(reasons[0]?.[0]).toBe('Überlaufgrund');
    expect(csvFileName(r)).toBe('bericht-quickborn-2026-11.csv');
    expect(csvFileName(r, 'reasons')).toBe('bericht-quickborn-2026-11-ueberlaufgruende.csv');
    expect(csvFileName({ ...r, month: null, from: '2026-11-01', to: '2026-11-15' }, 'days')).toBe('bericht-quickborn-2026-11-01-bis-2026-11-15-tage.csv');
  });

  it('escapes text fields: separators, quotes, line breaks, blanks around, and formulas', () => {
    expect(csvText('Stadt Quickborn')).toBe('Stadt Quickborn');
    expect(csvText('Bönningstedt; Hasloh')).toBe('"Bönningstedt; Hasloh"');
    expect(csvText('Amt "Mitte"')).toBe('"Amt ""Mitte"""');
    expect(csvText('zwei\nZeilen')).toBe('"zwei\nZeilen"');
    expect(csvText('a\r\nb')).toBe('"a\r\nb"');
    expect(csvText(' eingerückt')).toBe('" eingerückt"');
    expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvText('+49 4106')).toBe("'+49 4106");
    expect(csvText('-1')).toBe("'-1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('formats numbers the German way', () => {
    expect(decimal(1234.56, 1)).toBe('1234,6');
    expect(decimal(-0.01, 1)).toBe('0,0');
    expect(percent(0.3846)).toBe('38,5');
    expect(percent(null)).toBe('');
    expect(percent(1, 0)).toBe('100');
    expect(seconds(18_667)).toBe('18,7');
    expect(seconds(null)).toBe('');
  });
});
