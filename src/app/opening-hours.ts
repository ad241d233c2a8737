import { isOpen, type ServiceCalendar } from '../calendar/service-calendar.js';
import type { Deployment } from '../config/index.js';

/** When the county center and each town office are open, from the deployment's hours, holidays and closures. */
export function openingHours(d: Deployment): { centerOpen: (at: number) => boolean; townOpen: (town: string, at: number) => boolean } {
  const center: ServiceCalendar = {
    timezone: d.serviceCenter.timezone,
    weekly: d.serviceCenter.hours,
    holidays: d.serviceCenter.holidays,
    closures: d.serviceCenter.closures,
  };
  // A town with hours of its own keeps the county's holidays and closure days.
  const towns = new Map(d.towns.map((t) => [t.id as string, t.hours === null ? null : { ...center, weekly: t.hours }]));
  return {
    centerOpen: (at) => isOpen(center, at),
    townOpen: (town, at) => {
      const cal = towns.get(town);
      return cal === undefined || cal === null ? true : isOpen(cal, at);
    },
  };
}
