import { isOpen, type ServiceCalendar } from '../calendar/service-calendar.js';
import { WEEKDAYS, type Deployment, type Town } from '../config/index.js';

const ALL_DAY = { openMinuteOfDay: 0, closeMinuteOfDay: 1440 } as const;
const AROUND_THE_CLOCK = Object.fromEntries(WEEKDAYS.map((d) => [d, ALL_DAY])) as ServiceCalendar['weekly'];

/**
 * A town office's calendar; null: its phones are rung at any time.
 *
 * - With `hours`: closed outside them, on the center's holidays and closure days, and on the
 *   town's own `holidays` and `closures` on top (the union of both).
 * - Without `hours`: rung around the clock as before, but not on the town's own `holidays` and
 *   `closures` (the center's days do not apply to a town that keeps no hours).
 */
export function townCalendar(center: ServiceCalendar, town: Pick<Town, 'hours' | 'holidays' | 'closures'>): ServiceCalendar | null {
  if (town.hours === null) {
    if (town.holidays === 'none' && town.closures.length === 0) return null;
    return { timezone: center.timezone, weekly: AROUND_THE_CLOCK, holidays: town.holidays, closures: town.closures };
  }
  return {
    timezone: center.timezone,
    weekly: town.hours,
    holidays: town.holidays === 'none' ? center.holidays : town.holidays,
    closures: [...new Set([...center.closures, ...town.closures])],
  };
}

/** When the county center and each town office are open, from the deployment's hours, holidays and closures. */
export function openingHours(d: Deployment): { centerOpen: (at: number) => boolean; townOpen: (town: string, at: number) => boolean } {
  const center: ServiceCalendar = {
    timezone: d.serviceCenter.timezone,
    weekly: d.serviceCenter.hours,
    holidays: d.serviceCenter.holidays,
    closures: d.serviceCenter.closures,
  };
  const towns = new Map(d.towns.map((t) => [t.id as string, townCalendar(center, t)]));
  return {
    centerOpen: (at) => isOpen(center, at),
    townOpen: (town, at) => {
      const cal = towns.get(town);
      return cal === undefined || cal === null ? true : isOpen(cal, at);
    },
  };
}
