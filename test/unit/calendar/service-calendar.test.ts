import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ServiceCenter, Weekday as DeploymentWeekday } from '../../../src/config/deployment.js';
import {
  addServiceTime,
  instantOf,
  isOpen,
  localParts,
  nextOpening,
  serviceTimeBetween,
  type OpeningHours,
  type ServiceCalendar,
  type Weekday,
} from '../../../src/calendar/service-calendar.js';

const HOUR = 3_600_000;
/** An instant written with its explicit UTC offset, e.g. t('2026-06-08T08:00+02:00'): independent of the module under test. */
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};

const hours = (open: string, close: string): OpeningHours => {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return { openMinuteOfDay: minutes(open), closeMinuteOfDay: minutes(close) };
};
const nine = hours('08:00', '18:00');
const NO_HOURS = { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } as const;

/** Mon–Fri 08:00–18:00 in Pinneberg, closed on Schleswig-Holstein's holidays and on Friday 12 June 2026 (staff outing). */
const office: ServiceCalendar = {
  timezone: 'Europe/Berlin',
  weekly: { ...NO_HOURS, mon: nine, tue: nine, wed: nine, thu: nine, fri: nine },
  holidays: 'schleswig-holstein',
  closures: ['2026-06-12'],
};
const allDay = hours('00:00', '24:00');
const roundTheClock: ServiceCalendar = {
  timezone: 'Europe/Berlin',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: 'none',
  closures: [],
};
const sundaysOnly = (h: OpeningHours): ServiceCalendar => ({ ...roundTheClock, weekly: { ...NO_HOURS, sun: h } });
const never: ServiceCalendar = { ...office, weekly: NO_HOURS };

describe('isOpen', () => {
  it('opens at 08:00 sharp and closes at 18:00 sharp on a weekday', () => {
    expect(isOpen(office, t('2026-06-08T07:59:59.999+02:00'))).toBe(false);
    expect(isOpen(office, t('2026-06-08T08:00+02:00'))).toBe(true);
    expect(isOpen(office, t('2026-06-08T17:59:59.999+02:00'))).toBe(true);
    expect(isOpen(office, t('2026-06-08T18:00+02:00'))).toBe(false);
  });

  it('uses local time in winter too (08:00 CET is 07:00 UTC)', () => {
    expect(isOpen(office, t('2026-01-12T07:00Z'))).toBe(true);
    expect(isOpen(office, t('2026-01-12T06:59Z'))).toBe(false);
  });

  it('is closed all Saturday and Sunday', () => {
    expect(isOpen(office, t('2026-06-13T10:00+02:00'))).toBe(false);
    expect(isOpen(office, t('2026-06-14T10:00+02:00'))).toBe(false);
  });

  it('is closed all day on a public holiday (Pfingstmontag), unless the calendar ignores holidays', () => {
    expect(isOpen(office, t('2026-05-25T10:00+02:00'))).toBe(false);
    expect(isOpen({ ...office, holidays: 'none' }, t('2026-05-25T10:00+02:00'))).toBe(true);
  });

  it('is closed all day on an extra closure date, and open again the next working day', () => {
    expect(isOpen(office, t('2026-06-12T10:00+02:00'))).toBe(false);
    expect(isOpen(office, t('2026-06-15T10:00+02:00'))).toBe(true);
  });

  it('is never open for a calendar without weekly hours', () => {
    expect(isOpen(never, t('2026-06-08T10:00+02:00'))).toBe(false);
  });

  it('runs through midnight for a round-the-clock calendar', () => {
    expect(isOpen(roundTheClock, t('2026-06-08T00:00+02:00'))).toBe(true);
    expect(isOpen(roundTheClock, t('2026-06-07T23:59:59.999+02:00'))).toBe(true);
  });
});

describe('daylight saving time in Europe/Berlin, 2026', () => {
  it('gives 23 hours of service on the spring-forward Sunday (29 March) and 25 on the fall-back Sunday (25 October)', () => {
    const week = (monday: string) => serviceTimeBetween(sundaysOnly(allDay), t(`${monday}T00:00Z`), t(`${monday}T00:00Z`) + 7 * 24 * HOUR);
    expect(week('2026-03-23')).toBe(23 * HOUR);
    expect(week('2026-10-19')).toBe(25 * HOUR);
    expect(week('2026-06-08')).toBe(24 * HOUR);
  });

  it('counts a 01:00–04:00 window as 2 hours on the spring Sunday and 4 hours on the autumn Sunday', () => {
    const cal = sundaysOnly(hours('01:00', '04:00'));
    expect(serviceTimeBetween(cal, t('2026-03-28T12:00Z'), t('2026-03-30T00:00Z'))).toBe(2 * HOUR);
    expect(serviceTimeBetween(cal, t('2026-10-24T12:00Z'), t('2026-10-26T00:00Z'))).toBe(4 * HOUR);
  });

  it('opens a window that starts inside the spring gap at 03:00 CEST, when the gap ends', () => {
    const cal = sundaysOnly(hours('02:30', '04:00'));
    expect(nextOpening(cal, t('2026-03-28T12:00Z'))).toBe(t('2026-03-29T03:00+02:00'));
    expect(serviceTimeBetween(cal, t('2026-03-28T12:00Z'), t('2026-03-30T00:00Z'))).toBe(1 * HOUR);
  });

  it('is open during both passes of 02:00–03:00 on the autumn Sunday for a 01:00–04:00 window', () => {
    const cal = sundaysOnly(hours('01:00', '04:00'));
    expect(isOpen(cal, t('2026-10-25T02:30+02:00'))).toBe(true);
    expect(isOpen(cal, t('2026-10-25T02:30+01:00'))).toBe(true);
    expect(isOpen(cal, t('2026-10-25T04:00+01:00'))).toBe(false);
  });

  it('keeps office hours at local 08:00–18:00 on the Monday after each change', () => {
    expect(isOpen(office, t('2026-03-30T06:00Z'))).toBe(true); // 08:00 CEST
    expect(isOpen(office, t('2026-03-30T05:59Z'))).toBe(false);
    expect(isOpen(office, t('2026-10-26T07:00Z'))).toBe(true); // 08:00 CET
    expect(isOpen(office, t('2026-10-26T06:59Z'))).toBe(false);
  });
});

describe('instantOf and localParts', () => {
  it('converts an ordinary local time in winter and in summer', () => {
    expect(instantOf('Europe/Berlin', '2026-01-12', 8 * 60)).toBe(t('2026-01-12T08:00+01:00'));
    expect(instantOf('Europe/Berlin', '2026-06-08', 8 * 60)).toBe(t('2026-06-08T08:00+02:00'));
    expect(instantOf('Europe/Berlin', '2026-06-08', 1440)).toBe(t('2026-06-09T00:00+02:00'));
  });

  it('maps a time in the spring gap (02:00–03:00 on 29 March 2026) to 03:00 CEST, just after the gap', () => {
    const endOfGap = t('2026-03-29T03:00+02:00');
    expect(instantOf('Europe/Berlin', '2026-03-29', 120)).toBe(endOfGap);
    expect(instantOf('Europe/Berlin', '2026-03-29', 150)).toBe(endOfGap);
    expect(instantOf('Europe/Berlin', '2026-03-29', 180)).toBe(endOfGap);
    expect(instantOf('Europe/Berlin', '2026-03-29', 119)).toBe(t('2026-03-29T01:59+01:00'));
  });

  it('maps a time that occurs twice (02:30 on 25 October 2026) to its first occurrence, in summer time', () => {
    expect(instantOf('Europe/Berlin', '2026-10-25', 150)).toBe(t('2026-10-25T02:30+02:00'));
    expect(instantOf('Europe/Berlin', '2026-10-25', 120)).toBe(t('2026-10-25T02:00+02:00'));
    expect(instantOf('Europe/Berlin', '2026-10-25', 180)).toBe(t('2026-10-25T03:00+01:00'));
  });

  it('maps a midnight that does not exist to the first instant of the day (São Paulo, 4 November 2018)', () => {
    expect(instantOf('America/Sao_Paulo', '2018-11-04', 0)).toBe(t('2018-11-04T01:00-02:00'));
  });

  it('reads both passes of 02:30 on 25 October 2026 as the same local time', () => {
    const summer = localParts('Europe/Berlin', t('2026-10-25T02:30+02:00'));
    const winter = localParts('Europe/Berlin', t('2026-10-25T02:30+01:00'));
    expect(summer).toEqual({ date: '2026-10-25', weekday: 'sun', minuteOfDay: 150 });
    expect(winter).toEqual(summer);
  });

  it('reads the local date, weekday and minute, also across the date line of a half-hour zone', () => {
    expect(localParts('Europe/Berlin', t('2026-03-29T01:00Z'))).toEqual({ date: '2026-03-29', weekday: 'sun', minuteOfDay: 180 });
    expect(localParts('Europe/Berlin', t('2025-12-31T23:30Z'))).toEqual({ date: '2026-01-01', weekday: 'thu', minuteOfDay: 30 });
    expect(localParts('Asia/Kolkata', t('2026-01-01T18:29Z'))).toEqual({ date: '2026-01-01', weekday: 'thu', minuteOfDay: 1439 });
    expect(localParts('Asia/Kolkata', t('2026-01-01T18:30Z'))).toEqual({ date: '2026-01-02', weekday: 'fri', minuteOfDay: 0 });
  });

  it('refuses invalid dates, minutes and time zones', () => {
    expect(() => instantOf('Europe/Berlin', '2026-02-30', 0)).toThrow(RangeError);
    expect(() => instantOf('Europe/Berlin', '2026-06-08', 1441)).toThrow(RangeError);
    expect(() => instantOf('Europe/Berlin', '2026-06-08', -1)).toThrow(RangeError);
    expect(() => localParts('Europe/Pinneberg', 0)).toThrow(RangeError);
  });
});

describe('addServiceTime', () => {
  it('makes a note filed Friday 17:00 with 24 service hours due Wednesday 11:00', () => {
    // Fri 1 h + Mon 10 h + Tue 10 h + Wed 3 h, in a week without holidays.
    expect(addServiceTime(office, t('2026-06-05T17:00+02:00'), 24 * HOUR)).toBe(t('2026-06-10T11:00+02:00'));
  });

  it('skips Karfreitag, the Easter weekend and Ostermontag', () => {
    // Thu 2 April 2026: 1 h; Fri 3 and Mon 6 April are holidays; Tue 7 April: 9 h.
    expect(addServiceTime(office, t('2026-04-02T17:00+02:00'), 10 * HOUR)).toBe(t('2026-04-07T17:00+02:00'));
  });

  it('skips an extra closure date', () => {
    expect(addServiceTime(office, t('2026-06-11T17:00+02:00'), 2 * HOUR)).toBe(t('2026-06-15T09:00+02:00'));
  });

  it('ends at closing time, not the next morning, when the time runs out exactly', () => {
    expect(addServiceTime(office, t('2026-06-08T08:00+02:00'), 10 * HOUR)).toBe(t('2026-06-08T18:00+02:00'));
  });

  it('starts counting at opening time when filed before opening or at the weekend', () => {
    expect(addServiceTime(office, t('2026-06-08T06:00+02:00'), 1 * HOUR)).toBe(t('2026-06-08T09:00+02:00'));
    expect(addServiceTime(office, t('2026-06-13T12:00+02:00'), 1 * HOUR)).toBe(t('2026-06-15T09:00+02:00'));
  });

  it('keeps local office hours across the DST weekends', () => {
    expect(addServiceTime(office, t('2026-03-27T16:00+01:00'), 4 * HOUR)).toBe(t('2026-03-30T10:00+02:00'));
    expect(addServiceTime(office, t('2026-10-23T17:00+02:00'), 2 * HOUR)).toBe(t('2026-10-26T09:00+01:00'));
  });

  it('counts real elapsed hours across a DST change: 24 h from Saturday noon ends Sunday 13:00 in spring, 11:00 in autumn', () => {
    expect(addServiceTime(roundTheClock, t('2026-03-28T12:00+01:00'), 24 * HOUR)).toBe(t('2026-03-29T13:00+02:00'));
    expect(addServiceTime(roundTheClock, t('2026-10-24T12:00+02:00'), 24 * HOUR)).toBe(t('2026-10-25T11:00+01:00'));
  });

  it('returns the start for a zero duration, even when closed', () => {
    expect(addServiceTime(office, t('2026-06-13T12:00+02:00'), 0)).toBe(t('2026-06-13T12:00+02:00'));
  });

  it('spans months: 2 000 service hours from New Year 2026', () => {
    // 200 working days of 10 h; every holiday and the closure on 12 June are skipped.
    const due = addServiceTime(office, t('2026-01-01T00:00+01:00'), 2000 * HOUR);
    expect(serviceTimeBetween(office, t('2026-01-01T00:00+01:00'), due)).toBe(2000 * HOUR);
    expect(localParts('Europe/Berlin', due).minuteOfDay).toBe(18 * 60);
  });

  it('refuses a calendar that is never open, and a negative duration', () => {
    expect(() => addServiceTime(never, t('2026-06-08T10:00+02:00'), HOUR)).toThrow(RangeError);
    expect(() => addServiceTime(office, t('2026-06-08T10:00+02:00'), -1)).toThrow(RangeError);
  });
});

describe('serviceTimeBetween', () => {
  it('counts 50 hours in an ordinary week and 40 in the week of Karfreitag', () => {
    expect(serviceTimeBetween(office, t('2026-06-01T00:00+02:00'), t('2026-06-08T00:00+02:00'))).toBe(50 * HOUR);
    expect(serviceTimeBetween(office, t('2026-03-30T00:00+02:00'), t('2026-04-06T00:00+02:00'))).toBe(40 * HOUR);
  });

  it('is 0 when the end is not after the start', () => {
    expect(serviceTimeBetween(office, t('2026-06-08T12:00+02:00'), t('2026-06-08T12:00+02:00'))).toBe(0);
    expect(serviceTimeBetween(office, t('2026-06-08T12:00+02:00'), t('2026-06-08T10:00+02:00'))).toBe(0);
  });

  const cases: readonly [ServiceCalendar, string, number][] = [
    [office, '2026-06-05T17:00+02:00', 24 * HOUR],
    [office, '2026-04-02T17:00+02:00', 10 * HOUR],
    [office, '2026-03-27T16:00+01:00', 4 * HOUR],
    [office, '2026-10-23T17:00+02:00', 2 * HOUR],
    [office, '2026-12-23T12:34:56.789+01:00', 37 * HOUR + 1234],
    [roundTheClock, '2026-10-24T12:00+02:00', 24 * HOUR],
    [sundaysOnly(hours('01:00', '04:00')), '2026-03-28T12:00Z', 5 * HOUR],
  ];
  for (const [cal, from, duration] of cases) {
    it(`measures back exactly the service time added (${duration / HOUR} h from ${from})`, () => {
      const due = addServiceTime(cal, t(from), duration);
      expect(serviceTimeBetween(cal, t(from), due)).toBe(duration);
      expect(addServiceTime(cal, t(from), serviceTimeBetween(cal, t(from), due))).toBe(due);
    });
  }
});

describe('nextOpening', () => {
  it('sends a Saturday-evening caller to Monday 08:00', () => {
    expect(nextOpening(office, t('2026-06-13T19:00+02:00'))).toBe(t('2026-06-15T08:00+02:00'));
  });

  it('is the instant itself while open', () => {
    expect(nextOpening(office, t('2026-06-08T12:00+02:00'))).toBe(t('2026-06-08T12:00+02:00'));
  });

  it('is Tuesday 08:00 after Easter when asked on Maundy Thursday evening', () => {
    expect(nextOpening(office, t('2026-04-02T18:00+02:00'))).toBe(t('2026-04-07T08:00+02:00'));
  });

  it('is null for a calendar with no hours at all', () => {
    expect(nextOpening(never, t('2026-06-08T12:00+02:00'))).toBeNull();
  });

  it('is null when every open day of the next 400 days is a closure, and adding service time then throws', () => {
    const mondays = Array.from({ length: 120 }, (_, i) => new Date(t('2026-06-08T00:00Z') + i * 7 * 24 * HOUR).toISOString().slice(0, 10));
    const closedForAges: ServiceCalendar = { ...office, weekly: { ...NO_HOURS, mon: nine }, closures: mondays };
    expect(nextOpening(closedForAges, t('2026-06-07T12:00+02:00'))).toBeNull();
    expect(() => addServiceTime(closedForAges, t('2026-06-07T12:00+02:00'), HOUR)).toThrow(RangeError);
  });
});

describe('types', () => {
  it('takes a deployment’s weekly hours as they are', () => {
    expectTypeOf<Weekday>().toEqualTypeOf<DeploymentWeekday>();
    const daily = { open: '08:00', close: '18:00', openMinuteOfDay: 480, closeMinuteOfDay: 1080 };
    const center: Pick<ServiceCenter, 'timezone' | 'hours'> = {
      timezone: 'Europe/Berlin',
      hours: { mon: daily, tue: daily, wed: daily, thu: daily, fri: daily, sat: null, sun: null },
    };
    const cal: ServiceCalendar = { timezone: center.timezone, weekly: center.hours, holidays: 'schleswig-holstein', closures: [] };
    expect(isOpen(cal, t('2026-06-08T08:00+02:00'))).toBe(true);
  });
});
