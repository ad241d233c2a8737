/**
 * A service center's calendar: weekly opening hours in local wall-clock time, public holidays and
 * extra closure dates, in an IANA time zone. Pure: every function takes the instant as epoch ms and
 * reads no clock. Time-zone rules come from Intl (full ICU).
 *
 * Wall-clock times that do not exist (spring-forward gap) mean the instant just after the gap;
 * times that occur twice (fall-back) mean their first occurrence. So in Europe/Berlin, 00:00–24:00 on
 * the last Sunday of March is 23 h of service time, and on the last Sunday of October 25 h.
 */
import { isHoliday } from './holidays.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** One day's opening hours (structurally compatible with `DailyHours` of the deployment). */
export interface OpeningHours {
  /** Minutes after local midnight, 0..1439. */
  readonly openMinuteOfDay: number;
  /** Minutes after local midnight, 1..1440; greater than `openMinuteOfDay`. */
  readonly closeMinuteOfDay: number;
}

export interface ServiceCalendar {
  /** IANA time zone, e.g. "Europe/Berlin". */
  readonly timezone: string;
  /** `null`: closed all day. */
  readonly weekly: Readonly<Record<Weekday, OpeningHours | null>>;
  /** Whose public holidays close the service all day. */
  readonly holidays: 'schleswig-holstein' | 'none';
  /** Extra closed dates, `YYYY-MM-DD` in the calendar's zone. */
  readonly closures: readonly string[];
}

export interface LocalParts {
  /** Civil date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes after local midnight, 0..1439. */
  readonly minuteOfDay: number;
}

/** How far `nextOpening` looks, and how many closed days in a row `addServiceTime` tolerates. */
const SEARCH_DAYS = 400;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Indexed by `Date#getUTCDay()`. */
const WEEKDAY_OF_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---- civil dates (UTC midnight ms stands for a date) ----

const dayStart = (date: string): number => {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
  return ms;
};
const dateOf = (dayMs: number): string => new Date(dayMs).toISOString().slice(0, 10);
const weekdayOf = (dayMs: number): Weekday => WEEKDAY_OF_UTC_DAY[new Date(dayMs).getUTCDay()] as Weekday;

// ---- time zones ----

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timezone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
};

const checkInstant = (at: number, what = 'instant'): void => {
  if (!Number.isFinite(at)) throw new RangeError(`${what} must be a finite epoch ms, got ${at}`);
};

/** The wall clock at `at`, read as if it were UTC: whole seconds. */
const wallClockMs = (timezone: string, at: number): number => {
  const p: Record<string, number> = {};
  for (const part of formatterOf(timezone).formatToParts(at)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year ?? NaN, (p.month ?? NaN) - 1, p.day ?? NaN, (p.hour ?? NaN) % 24, p.minute ?? NaN, p.second ?? NaN);
};

/** Offset of local time from UTC at `at` (whole seconds, as ms). */
const offsetAt = (timezone: string, at: number): number => wallClockMs(timezone, at) - Math.floor(at / 1000) * 1000;

/**
 * The local civil date, weekday and minute of day of instant `at` in `timezone`.
 * @throws RangeError for an unknown time zone or a non-finite instant.
 */
export const localParts = (timezone: string, at: number): LocalParts => {
  checkInstant(at);
  const wall = wallClockMs(timezone, at);
  const day = Math.floor(wall / DAY_MS) * DAY_MS;
  return { date: dateOf(day), weekday: weekdayOf(day), minuteOfDay: Math.floor((wall - day) / MINUTE_MS) };
};

/**
 * Epoch ms of local wall-clock time `minuteOfDay` (0..1440; 1440 is the next midnight) on `date` in
 * `timezone`. A time in a spring-forward gap gives the instant just after the gap (the transition);
 * a time that occurs twice at fall-back gives its first occurrence.
 * @throws RangeError for an invalid date, minute or time zone.
 */
export const instantOf = (timezone: string, date: string, minuteOfDay: number): number => {
  if (!(minuteOfDay >= 0 && minuteOfDay <= 1440)) throw new RangeError(`minuteOfDay must be in 0..1440, got ${minuteOfDay}`);
  const wall = dayStart(date) + minuteOfDay * MINUTE_MS;
  // The offsets in force a day either side bracket any transition near `wall`.
  const candidates = [...new Set([wall - offsetAt(timezone, wall - DAY_MS), wall - offsetAt(timezone, wall + DAY_MS)])].sort((a, b) => a - b);
  for (const t of candidates) if (wallClockMs(timezone, t) === wall) return t;
  // In a gap: the transition lies between the two candidates; find it to the second.
  let lo = candidates[0] ?? wall;
  let hi = candidates[candidates.length - 1] ?? wall;
  const before = offsetAt(timezone, lo);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(timezone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
};

// ---- opening intervals ----

interface Interval {
  readonly start: number;
  readonly end: number;
}

const closureSets = new WeakMap<readonly string[], ReadonlySet<string>>();
const closuresOf = (cal: ServiceCalendar): ReadonlySet<string> => {
  let set = closureSets.get(cal.closures);
  if (!set) {
    set = new Set(cal.closures);
    closureSets.set(cal.closures, set);
  }
  return set;
};

const hasWeeklyHours = (cal: ServiceCalendar): boolean => Object.values(cal.weekly).some((h) => h !== null);

/** The open interval of the civil day starting at `dayMs` (UTC midnight), or null if closed or empty. */
const intervalOn = (cal: ServiceCalendar, dayMs: number): Interval | null => {
  const hours = cal.weekly[weekdayOf(dayMs)];
  if (!hours) return null;
  const date = dateOf(dayMs);
  if (cal.holidays === 'schleswig-holstein' && isHoliday(date)) return null;
  if (closuresOf(cal).has(date)) return null;
  const { openMinuteOfDay: open, closeMinuteOfDay: close } = hours;
  if (!(open >= 0 && close <= 1440 && open < close)) throw new RangeError(`invalid opening hours on ${date}: ${open}..${close}`);
  const start = instantOf(cal.timezone, date, open);
  const end = instantOf(cal.timezone, date, close);
  return end > start ? { start, end } : null; // empty if the whole window lies in a DST gap
};

/** UTC-midnight ms of the local day before the one containing `at`: no interval of an earlier day reaches `at`. */
const firstDayToScan = (cal: ServiceCalendar, at: number): number => dayStart(localParts(cal.timezone, at).date) - DAY_MS;

// ---- public operations ----

/**
 * Whether the service is open at instant `at` (opening time inclusive, closing time exclusive).
 * Closed all day on public holidays (if `holidays` says so) and on `closures`.
 */
export const isOpen = (cal: ServiceCalendar, at: number): boolean => {
  checkInstant(at);
  if (!hasWeeklyHours(cal)) return false;
  const first = firstDayToScan(cal, at);
  for (let day = first; day <= first + 2 * DAY_MS; day += DAY_MS) {
    const iv = intervalOn(cal, day);
    if (iv && iv.start <= at && at < iv.end) return true;
  }
  return false;
};

/**
 * Start of the next open period at or after `at` (`at` itself when open), or null if the calendar
 * has no weekly hours at all or stays closed for the next 400 days.
 */
export const nextOpening = (cal: ServiceCalendar, at: number): number | null => {
  checkInstant(at);
  if (!hasWeeklyHours(cal)) return null;
  const first = firstDayToScan(cal, at);
  for (let i = 0; i <= SEARCH_DAYS + 1; i++) {
    const iv = intervalOn(cal, first + i * DAY_MS);
    if (iv && iv.end > at) return Math.max(iv.start, at);
  }
  return null;
};

/**
 * The earliest instant at which `durationMs` of open time has passed since `from`, counting only
 * open time. With Mon–Fri 08:00–18:00, 24 h from Friday 17:00 is Wednesday 11:00
 * (Fri 1 h + Mon 10 h + Tue 10 h + Wed 3 h). A zero duration gives `from`.
 * @throws RangeError if the calendar has no weekly hours, stays closed for more than 400 days in a
 * row, or `durationMs` is negative or not finite.
 */
export const addServiceTime = (cal: ServiceCalendar, from: number, durationMs: number): number => {
  checkInstant(from, 'from');
  if (!(durationMs >= 0 && Number.isFinite(durationMs))) throw new RangeError(`durationMs must be finite and >= 0, got ${durationMs}`);
  if (!hasWeeklyHours(cal)) throw new RangeError('the service calendar is never open');
  if (durationMs === 0) return from;
  let remaining = durationMs;
  let closedDays = 0;
  for (let day = firstDayToScan(cal, from); closedDays <= SEARCH_DAYS; day += DAY_MS) {
    const iv = intervalOn(cal, day);
    if (!iv || iv.end <= from) {
      closedDays++;
      continue;
    }
    closedDays = 0;
    const start = Math.max(iv.start, from);
    if (remaining <= iv.end - start) return start + remaining;
    remaining -= iv.end - start;
  }
  throw new RangeError(`the service calendar stays closed for more than ${SEARCH_DAYS} days`);
};

/** Open time, in ms, between instants `from` and `to` (0 if `to <= from`). */
export const serviceTimeBetween = (cal: ServiceCalendar, from: number, to: number): number => {
  checkInstant(from, 'from');
  checkInstant(to, 'to');
  if (to <= from || !hasWeeklyHours(cal)) return 0;
  const last = dayStart(localParts(cal.timezone, to).date) + DAY_MS;
  let total = 0;
  for (let day = firstDayToScan(cal, from); day <= last; day += DAY_MS) {
    const iv = intervalOn(cal, day);
    if (iv) total += Math.max(0, Math.min(iv.end, to) - Math.max(iv.start, from));
  }
  return total;
};
