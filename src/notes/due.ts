import { addServiceTime, type ServiceCalendar } from '../calendar/service-calendar.js';
import type { Deployment } from '../config/deployment.js';

/** When a note filed at some instant is due, reminded and escalated. */
export interface NoteSchedule {
  /** 75 % of the service time after filing. */
  readonly remindAt: number;
  /** 100 %: the note is due, and escalated if still open. */
  readonly dueAt: number;
}

/** The reminder comes when this share of the service time has passed. */
export const REMIND_SHARE = 0.75;

export { HOUR_MS } from '../config/service-targets.js';

/**
 * The due and reminder instants of a note filed at `filedAt`: `dueServiceMs` of SERVICE time later
 * (only time the center is open counts: Mon–Fri 8–18 without holidays in the sample county), and
 * 75 % of that. With 24 service hours, a note filed Friday 17:00 is reminded Tuesday 15:00 and due
 * Wednesday 11:00. Both instants come from `addServiceTime`, so 75 % of the SERVICE time, not of the
 * wall-clock span (which would be off by the nights and the weekend in between).
 */
export const noteSchedule = (calendar: ServiceCalendar, filedAt: number, dueServiceMs: number): NoteSchedule => ({
  remindAt: addServiceTime(calendar, filedAt, Math.round(dueServiceMs * REMIND_SHARE)),
  dueAt: addServiceTime(calendar, filedAt, dueServiceMs),
});

/** The county service center's calendar (hours, holidays, closures) from the deployment: the one notes are due by. */
export const countyCalendar = (d: Deployment): ServiceCalendar => ({
  timezone: d.serviceCenter.timezone,
  weekly: d.serviceCenter.hours,
  holidays: d.serviceCenter.holidays,
  closures: d.serviceCenter.closures,
});
