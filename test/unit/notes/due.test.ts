import { describe, expect, it } from 'vitest';
import { instantOf, serviceTimeBetween, type ServiceCalendar } from '../../../src/calendar/service-calendar.js';
import { HOUR_MS } from '../../../src/notes/due.js';
import { noteSchedule, REMIND_SHARE } from '../../../src/notes/index.js';

const eight = { openMinuteOfDay: 8 * 60, closeMinuteOfDay: 18 * 60 };
/** The sample county: Mon–Fri 08:00–18:00, Schleswig-Holstein holidays. */
const county: ServiceCalendar = {
  timezone: 'Europe/Berlin',
  weekly: { mon: eight, tue: eight, wed: eight, thu: eight, fri: eight, sat: null, sun: null },
  holidays: 'schleswig-holstein',
  closures: [],
};
const berlin = (date: string, hh: number, mm = 0): number => instantOf('Europe/Berlin', date, hh * 60 + mm);
const DUE = 24 * HOUR_MS;

describe('a callback note is due 24 SERVICE hours after filing', () => {
  it('filed Friday 17:00: due Wednesday 11:00 (Fri 1 h + Mon 10 h + Tue 10 h + Wed 3 h)', () => {
    const filed = berlin('2026-01-09', 17); // a Friday
    const { dueAt } = noteSchedule(county, filed, DUE);
    expect(dueAt).toBe(berlin('2026-01-14', 11));
    expect(new Date(dueAt).getUTCDay()).toBe(3); // Wednesday
  });

  it('is reminded at 75 % of the SERVICE time: 18 service hours, Tuesday 15:00 (not 75 % of the wall-clock span)', () => {
    const filed = berlin('2026-01-09', 17);
    const { remindAt, dueAt } = noteSchedule(county, filed, DUE);
    expect(remindAt).toBe(berlin('2026-01-13', 15));
    expect(serviceTimeBetween(county, filed, remindAt)).toBe(REMIND_SHARE * DUE);
    expect(serviceTimeBetween(county, filed, dueAt)).toBe(DUE);
    // 75 % of the wall clock would be Monday night 23:30, with the center closed.
    expect(filed + 0.75 * (dueAt - filed)).not.toBe(remindAt);
  });

  it('skips Good Friday, the Easter weekend and Easter Monday', () => {
    // Thursday before Easter 2026 (Good Friday 3 April, Easter Monday 6 April), 12:00: Thu 6 h, then Tue 10 h, Wed 8 h.
    const filed = berlin('2026-04-02', 12);
    const { remindAt, dueAt } = noteSchedule(county, filed, DUE);
    expect(dueAt).toBe(berlin('2026-04-08', 16));
    expect(remindAt).toBe(berlin('2026-04-08', 10)); // 18 h: Thu 6 + Tue 10 + Wed 2
  });

  it('filed while the center is closed, the clock starts at the next opening', () => {
    const filed = berlin('2026-01-10', 10); // Saturday
    const { remindAt, dueAt } = noteSchedule(county, filed, DUE);
    expect(remindAt).toBe(berlin('2026-01-13', 16)); // Mon 10 h + Tue 8 h
    expect(dueAt).toBe(berlin('2026-01-14', 12)); // Mon 10 + Tue 10 + Wed 4
  });

  it('follows the configured service hours (e.g. 8)', () => {
    const filed = berlin('2026-01-12', 9); // Monday
    expect(noteSchedule(county, filed, 8 * HOUR_MS)).toEqual({ remindAt: berlin('2026-01-12', 15), dueAt: berlin('2026-01-12', 17) });
  });
});
