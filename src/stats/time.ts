/**
 * Local days and hours of the service center's time zone (Europe/Berlin in the sample county), as
 * half-open epoch-ms intervals [start, end). Pure: no clock is read.
 */
import { instantOf, localParts } from '../calendar/service-calendar.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** An interval of time, [start, end) in epoch ms. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type IntervalKind = 'day' | 'hour' | 'total';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar date written `YYYY-MM-DD`. */
export const isDate = (s: string): boolean => {
  const m = DATE.exec(s);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === s;
};

/** The civil date `days` after `date` (negative: before). */
export const addDays = (date: string, days: number): string => {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
};

/** Whole days from `a` to `b` (civil dates; negative when b is before a). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/** The local date of instant `at`. */
export const localDate = (timezone: string, at: number): string => localParts(timezone, at).date;

/** The local day `date`, from its midnight to the next (23 or 25 hours on the days clocks change). */
export const daySpan = (timezone: string, date: string): Span => ({
  start: instantOf(timezone, date, 0),
  end: instantOf(timezone, addDays(date, 1), 0),
});

/** Local days `fromDate`..`toDate`, both included, as one span. */
export const datesSpan = (timezone: string, fromDate: string, toDate: string): Span => ({
  start: daySpan(timezone, fromDate).start,
  end: daySpan(timezone, toDate).end,
});

/** Every date from `fromDate` to `toDate`, both included. */
export const datesOf = (fromDate: string, toDate: string): string[] => {
  const out: string[] = [];
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) out.push(d);
  return out;
};

/**
 * The report's intervals over local days `fromDate`..`toDate` (both included): one per local day,
 * one per hour, or one for the whole range. Hours are steps of 60 minutes from local midnight, so
 * they are local clock hours in any zone whose offset is a whole number of hours (Europe/Berlin):
 * a day when clocks go forward has 23, a day when they go back 25 (02:00 twice).
 */
export const intervalsOf = (timezone: string, fromDate: string, toDate: string, kind: IntervalKind): Span[] => {
  if (kind === 'total') return [datesSpan(timezone, fromDate, toDate)];
  const days = datesOf(fromDate, toDate).map((d) => daySpan(timezone, d));
  if (kind === 'day') return days;
  const hours: Span[] = [];
  for (const day of days) for (let t = day.start; t < day.end; t += HOUR_MS) hours.push({ start: t, end: Math.min(t + HOUR_MS, day.end) });
  return hours;
};

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** `2025-01-06T08:00:00+01:00`: instant `at` as local time in `timezone`, with its offset. */
export const localIso = (timezone: string, at: number): string => {
  let f = offsetFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    offsetFormatters.set(timezone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  const zone = p.timeZoneName ?? 'GMT';
  const offset = zone === 'GMT' ? '+00:00' : zone.slice(3);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
};
