/**
 * Public holidays of Schleswig-Holstein (Gesetz über Sonn- und Feiertage, § 2): the nine nationwide
 * holidays plus Reformationstag. Pure: no clock, no I/O.
 *
 * The rules are today's law, applied to every year 1900..2199. Only Reformationstag has history here
 * (a one-off nationwide holiday in 2017, a statutory one in Schleswig-Holstein since 2018); earlier
 * law (Buß- und Bettag until 1994, 17 June as the day of German unity until 1990, …) is not modelled.
 */

export interface Holiday {
  /** Civil date, `YYYY-MM-DD`. */
  readonly date: string;
  /** German name, e.g. "Ostermontag". */
  readonly name: string;
}

export const FIRST_HOLIDAY_YEAR = 1900;
export const LAST_HOLIDAY_YEAR = 2199;

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Easter Sunday as UTC midnight ms, by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
const easterSunday = (year: number): number => {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return Date.UTC(year, Math.floor(n / 31) - 1, (n % 31) + 1);
};

const computeHolidays = (year: number): readonly Holiday[] => {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): Holiday => ({ date: isoDate(Date.UTC(year, month - 1, day)), name });
  const movable = (daysAfterEaster: number, name: string): Holiday => ({ date: isoDate(easter + daysAfterEaster * DAY_MS), name });
  const list: Holiday[] = [
    fixed(1, 1, 'Neujahr'),
    movable(-2, 'Karfreitag'),
    movable(1, 'Ostermontag'),
    fixed(5, 1, 'Tag der Arbeit'),
    movable(39, 'Christi Himmelfahrt'),
    movable(50, 'Pfingstmontag'),
    fixed(10, 3, 'Tag der Deutschen Einheit'),
    ...(year >= 2017 ? [fixed(10, 31, 'Reformationstag')] : []),
    fixed(12, 25, '1. Weihnachtstag'),
    fixed(12, 26, '2. Weihnachtstag'),
  ];
  // Stable: when Christi Himmelfahrt falls on 1 May (2008, 2160), both entries stay, in law order.
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return Object.freeze(list.map((h) => Object.freeze(h)));
};

const byYear = new Map<number, { readonly list: readonly Holiday[]; readonly dates: ReadonlySet<string> }>();

const entryOf = (year: number) => {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new RangeError(`holidays are known for ${FIRST_HOLIDAY_YEAR}..${LAST_HOLIDAY_YEAR}, not ${year}`);
  }
  let entry = byYear.get(year);
  if (!entry) {
    const list = computeHolidays(year);
    entry = { list, dates: new Set(list.map((h) => h.date)) };
    byYear.set(year, entry);
  }
  return entry;
};

/**
 * The public holidays of Schleswig-Holstein in `year`, sorted by date (frozen, cached per year).
 * @throws RangeError if `year` is not an integer in 1900..2199.
 */
export const holidaysOf = (year: number): readonly Holiday[] => entryOf(year).list;

/**
 * Whether the civil date `YYYY-MM-DD` is a public holiday in Schleswig-Holstein.
 * @throws RangeError if `date` is not `YYYY-MM-DD` or its year is outside 1900..2199.
 */
export const isHoliday = (date: string): boolean => {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return entryOf(Number(match[1])).dates.has(date);
};
