import { describe, expect, it } from 'vitest';
import { holidaysOf, isHoliday } from '../../../src/calendar/holidays.js';

const NAMES = [
  'Neujahr',
  'Karfreitag',
  'Ostermontag',
  'Tag der Arbeit',
  'Christi Himmelfahrt',
  'Pfingstmontag',
  'Tag der Deutschen Einheit',
  'Reformationstag',
  '1. Weihnachtstag',
  '2. Weihnachtstag',
] as const;

/*
 * Public holidays of Schleswig-Holstein, in the order of NAMES. Verified against:
 * - 2025, 2026: https://www.feiertage-deutschland.de/bundesland/schleswig-holstein (full list, and:
 *   Reformationstag statutory in SH since 2018, a one-off holiday in 2017);
 *   same dates in https://www.augsburger-allgemeine.de/panorama/feiertage/feiertage-in-schleswig-holstein-2025-und-2026-alle-termine-wann-ist-der-naechste-feiertag-in-schleswig-holstein-1-10-25-105455943
 * - 2027: https://die-feiertage-in-deutschland.de/feiertage-in-schleswig-holstein?jahr=2027
 *   (Karfreitag 26.03., Ostersonntag 28.03., Ostermontag 29.03., Christi Himmelfahrt 06.05., Pfingstsonntag 16.05.)
 * - Easter Sundays 2025–2030 (20.04.2025, 05.04.2026, 28.03.2027, 16.04.2028, 01.04.2029, 21.04.2030):
 *   https://alle-tage-feiertage.de/?p=2419 ; 2029 also https://christusnews.de/site/?p=9559 (epd).
 *   Karfreitag = Easter − 2, Ostermontag = + 1, Christi Himmelfahrt = + 39, Pfingstmontag = + 50 days;
 *   2028's Himmelfahrt 25.05. and Pfingstsonntag 04.06. also in https://timesles.com/de/calendar/years/2028/sint-maarten-188
 */
const TABLE: Record<number, readonly string[]> = {
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-10-03', '2025-10-31', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-10-31', '2026-12-25', '2026-12-26'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-10-03', '2027-10-31', '2027-12-25', '2027-12-26'],
  2028: ['2028-01-01', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-25', '2028-06-05', '2028-10-03', '2028-10-31', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-03-30', '2029-04-02', '2029-05-01', '2029-05-10', '2029-05-21', '2029-10-03', '2029-10-31', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-04-19', '2030-04-22', '2030-05-01', '2030-05-30', '2030-06-10', '2030-10-03', '2030-10-31', '2030-12-25', '2030-12-26'],
};

const DAY_MS = 86_400_000;
const easterOf = (year: number): string => {
  const goodFriday = holidaysOf(year).find((h) => h.name === 'Karfreitag');
  if (!goodFriday) throw new Error(`no Karfreitag in ${year}`);
  return new Date(Date.parse(goodFriday.date) + 2 * DAY_MS).toISOString().slice(0, 10);
};

describe('holidaysOf', () => {
  for (const [year, dates] of Object.entries(TABLE)) {
    it(`lists the ten public holidays of Schleswig-Holstein in ${year}, by date, with their German names`, () => {
      expect(holidaysOf(Number(year))).toEqual(dates.map((date, i) => ({ date, name: NAMES[i] })));
    });
  }

  it('has Reformationstag in 2017 (the 500th anniversary) and from 2018 on, not before', () => {
    const reformation = (year: number) => holidaysOf(year).some((h) => h.name === 'Reformationstag');
    expect([2015, 2016, 2017, 2018, 2019].map(reformation)).toEqual([false, false, true, true, true]);
    expect(holidaysOf(2016)).toHaveLength(9);
  });

  it('keeps both holidays when Christi Himmelfahrt falls on 1 May (2008)', () => {
    expect(holidaysOf(2008).filter((h) => h.date === '2008-05-01').map((h) => h.name)).toEqual(['Tag der Arbeit', 'Christi Himmelfahrt']);
  });

  /*
   * Easter limits: 25 April occurred in 1943 and recurs in 2038 and 2190
   * (https://www.bistum-essen.de/pressemenue/lexikon/o-lexikon/ostergrenze); 23 March in 1913, 2008, 2160
   * (http://heimatverein.he-webpack.de/?p=2137; Pfingstsonntag 11 May in those years per
   * https://bistum-augsburg.de/Hauptabteilungen/Hauptabteilung-VI/Glaube-und-Lehre/Glaubenslehre/Glaubensfragen/Ostertermin);
   * 22 March only in 1818 and 2285, outside 1900..2199.
   */
  it('puts Easter on a Sunday between 23 March and 25 April in every year 1900..2199, at the known extremes', () => {
    const latest: number[] = [];
    const earliest: number[] = [];
    for (let year = 1900; year <= 2199; year++) {
      const easter = easterOf(year);
      expect(new Date(easter).getUTCDay(), `${year}: ${easter}`).toBe(0);
      expect(easter >= `${year}-03-23` && easter <= `${year}-04-25`, `${year}: ${easter}`).toBe(true);
      if (easter === `${year}-04-25`) latest.push(year);
      if (easter === `${year}-03-23`) earliest.push(year);
    }
    expect(latest).toEqual([1943, 2038, 2190]);
    expect(earliest).toEqual([1913, 2008, 2160]);
  });

  it('returns the same frozen list on every call for a year', () => {
    const list = holidaysOf(2026);
    expect(holidaysOf(2026)).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
  });

  it('refuses years outside 1900..2199', () => {
    expect(() => holidaysOf(1899)).toThrow(RangeError);
    expect(() => holidaysOf(2200)).toThrow(RangeError);
    expect(() => holidaysOf(2026.5)).toThrow(RangeError);
  });
});

describe('isHoliday', () => {
  it('is true on every date of the table', () => {
    for (const date of Object.values(TABLE).flat()) expect(isHoliday(date), date).toBe(true);
  });

  it('is false on days that are holidays elsewhere in Germany or only in church, not by law in Schleswig-Holstein', () => {
    // Heilige Drei Könige, Karsamstag, Ostersonntag, Pfingstsonntag, Fronleichnam, Allerheiligen, Buß- und Bettag, Heiligabend, Silvester.
    for (const date of ['2026-01-06', '2026-04-04', '2026-04-05', '2026-05-24', '2026-06-04', '2026-11-01', '2026-11-18', '2026-12-24', '2026-12-31']) {
      expect(isHoliday(date), date).toBe(false);
    }
  });

  it('refuses malformed dates and years it does not know', () => {
    expect(() => isHoliday('2026-4-3')).toThrow(RangeError);
    expect(() => isHoliday('03.04.2026')).toThrow(RangeError);
    expect(() => isHoliday('2200-01-01')).toThrow(RangeError);
  });
});
