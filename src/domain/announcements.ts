import { germanCount, germanNumber } from './german-numbers.js';

/**
 * The announcement catalogue: which German announcements exist, their shipped texts, and the
 * single source of the sound names. The engine plays these names (ARI media `sound:<name>`), the
 * provisioning (scripts/render-announcements.ts) renders exactly the files `expandAnnouncements`
 * lists into Asterisk's sounds directory, `<sounds>/overflow/<name>.wav`.
 *
 * Texts may contain placeholders, filled in at rendering time, so every spoken variant is a file
 * of its own: `{position}` (one file per queue position), `{minutes}` (one per whole minute of
 * estimated wait) and `{hours}` (the service center's weekly opening hours, in words).
 */

export const ANNOUNCEMENT_KEYS = [
  'greeting',
  'position',
  'estimatedWait',
  'estimatedWaitShort',
  'closed',
  'queueFull',
  'callbackOffer',
  'callbackConfirmed',
  'callbackGreeting',
  'resumed',
  'queueFullNoCallback',
  'noAgent',
  'engineUnavailable',
  'videoWaiting',
] as const;
export type AnnouncementKey = (typeof ANNOUNCEMENT_KEYS)[number];

/** One text per announcement, as in the deployment file's `announcements:` section. */
export type AnnouncementTexts = { readonly [K in AnnouncementKey]: string };

/** The shipped texts; the deployment file may replace each one. */
export const ANNOUNCEMENT_DEFAULTS: AnnouncementTexts = Object.freeze({
  greeting: 'Ihr Anruf wird an das Service-Center des Kreises Pinneberg weitergeleitet. Bitte bleiben Sie am Apparat.',
  position: 'Sie sind an Position {position}.',
  estimatedWait: 'Die voraussichtliche Wartezeit beträgt etwa {minutes}.',
  estimatedWaitShort: 'Sie werden voraussichtlich in weniger als einer Minute verbunden.',
  closed:
    'Das Service-Center des Kreises Pinneberg ist zurzeit nicht besetzt. Sie erreichen uns {hours}. ' +
    'Bitte rufen Sie zu diesen Zeiten noch einmal an. Vielen Dank für Ihren Anruf und auf Wiederhören.',
  queueFull:
    'Leider sind zurzeit alle Leitungen belegt. Wenn Sie zurückgerufen werden möchten, drücken Sie bitte die Eins. ' +
    'Ihr Platz in der Warteschlange bleibt dabei erhalten. Oder rufen Sie bitte später noch einmal an.',
  callbackOffer:
    'Sie möchten nicht länger warten? Dann drücken Sie bitte die Eins. ' +
    'Wir rufen Sie zurück, sobald Sie an der Reihe sind, und Ihr Platz in der Warteschlange bleibt erhalten.',
  callbackConfirmed: 'Vielen Dank. Wir rufen Sie zurück, sobald Sie an der Reihe sind. Auf Wiederhören.',
  callbackGreeting: 'Guten Tag, hier ist das Service-Center des Kreises Pinneberg. Sie hatten um Rückruf gebeten. Bitte bleiben Sie am Apparat, Sie werden jetzt verbunden.',
  resumed: 'Willkommen zurück. Sie haben Ihren Platz in der Warteschlange behalten. Bitte bleiben Sie am Apparat.',
  queueFullNoCallback: 'Leider sind zurzeit alle Leitungen belegt. Bitte rufen Sie später noch einmal an. Vielen Dank und auf Wiederhören.',
  noAgent: 'Für Ihr Anliegen ist zurzeit leider niemand erreichbar. Bitte versuchen Sie es später noch einmal. Auf Wiederhören.',
  engineUnavailable: 'Der Bürgerservice ist zurzeit leider nicht erreichbar. Bitte rufen Sie später noch einmal an.',
  /** Shown only, never spoken: the picture a video caller (sign language) sees while waiting (src/domain/video-clips.ts). */
  videoWaiting: 'Bitte warten Sie – Sie werden gleich verbunden.',
});

export type Placeholder = 'position' | 'minutes' | 'hours';

/**
 * The placeholders each text may use. `{hours}` is the same for every call, so any text may
 * speak it; `{position}` and `{minutes}` belong to the one text rendered once per value, and
 * that text must contain its placeholder (otherwise its 99 or 60 files would all say the same).
 */
export const ANNOUNCEMENT_PLACEHOLDERS: Readonly<
  Record<AnnouncementKey, { readonly allowed: readonly Placeholder[]; readonly required: readonly Placeholder[] }>
> = Object.freeze({
  greeting: { allowed: ['hours'], required: [] },
  position: { allowed: ['position', 'hours'], required: ['position'] },
  estimatedWait: { allowed: ['minutes', 'hours'], required: ['minutes'] },
  estimatedWaitShort: { allowed: ['hours'], required: [] },
  closed: { allowed: ['hours'], required: [] },
  queueFull: { allowed: ['hours'], required: [] },
  callbackOffer: { allowed: ['hours'], required: [] },
  callbackConfirmed: { allowed: ['hours'], required: [] },
  callbackGreeting: { allowed: ['hours'], required: [] },
  resumed: { allowed: ['hours'], required: [] },
  queueFullNoCallback: { allowed: ['hours'], required: [] },
  noAgent: { allowed: ['hours'], required: [] },
  engineUnavailable: { allowed: ['hours'], required: [] },
  videoWaiting: { allowed: ['hours'], required: [] },
});

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * What is wrong with `text` as the text of `key`, one sentence each, for someone editing the
 * deployment file: an unknown placeholder (e.g. a misspelt "{postion}"), a missing required one,
 * a lone brace. Empty when the text is fine.
 */
export const announcementTextProblems = (key: AnnouncementKey, text: string): string[] => {
  const { allowed, required } = ANNOUNCEMENT_PLACEHOLDERS[key];
  const allowedList = allowed.length === 0 ? 'no placeholders' : `only ${allowed.map((p) => `{${p}}`).join(' and ')}`;
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [, name = ''] of text.matchAll(PLACEHOLDER)) {
    if ((allowed as readonly string[]).includes(name)) {
      used.add(name);
    } else {
      problems.push(`unknown placeholder "{${name}}": the ${key} text may contain ${allowedList}`);
    }
  }
  for (const name of required) {
    if (!used.has(name)) problems.push(`must contain {${name}}, where the ${name} is spoken`);
  }
  if (/[{}]/.test(text.replace(PLACEHOLDER, ''))) {
    problems.push(`has a "{" or "}" that is not part of a placeholder: write placeholders as {name}, e.g. ${allowed.length > 0 ? `{${allowed[0] ?? ''}}` : '{hours}'}`);
  }
  return problems;
};

// ---- sound names -------------------------------------------------------------------------------

/** Directory of the announcements inside Asterisk's sounds directory, and the prefix of their names. */
export const SOUND_DIRECTORY = 'overflow';
/** Queue positions spoken by a file of their own: 1..99. Beyond that, no position is announced. */
export const MAX_SPOKEN_POSITION = 99;
/** Estimated waits spoken by a file of their own: 1..60 minutes. A longer wait is not promised. */
export const MAX_SPOKEN_WAIT_MINUTES = 60;

/** Sound names (Asterisk `sound:` ids, without that prefix) of the announcements without a number. */
export const SOUNDS = Object.freeze({
  greeting: 'overflow/greeting',
  estimatedWaitShort: 'overflow/wait-short',
  closed: 'overflow/closed',
  queueFull: 'overflow/queue-full',
  callbackOffer: 'overflow/callback-offer',
  callbackConfirmed: 'overflow/callback-confirmed',
  /** To the citizen who answers a callback, before the agent is connected. */
  callbackGreeting: 'overflow/callback-greeting',
  /** Instead of the greeting, to a caller who called again in time and keeps their place. */
  resumed: 'overflow/resumed',
  queueFullNoCallback: 'overflow/queue-full-no-callback',
  noAgent: 'overflow/no-agent',
  /** Also played by the dialplan itself (extensions.conf) when the engine is down: keep the name. */
  engineUnavailable: 'overflow/engine-unavailable',
} as const);

type FixedKey = keyof typeof SOUNDS;
const fileName = (sound: string): string => sound.slice(SOUND_DIRECTORY.length + 1);

/** `overflow/position-<n>` for a queue position 1..MAX_SPOKEN_POSITION; null for anything else. */
export const positionSound = (position: number): string | null =>
  Number.isInteger(position) && position >= 1 && position <= MAX_SPOKEN_POSITION ? `${SOUND_DIRECTORY}/position-${position}` : null;

const MINUTE_MS = 60_000;

/**
 * The announcement of an estimated wait of `estimateMs`:
 * - under one minute: `overflow/wait-short` ("in weniger als einer Minute");
 * - otherwise the estimate rounded to the NEAREST whole minute, halves up (89 s → 1, 90 s → 2,
 *   149 s → 2), which is at least 1: `overflow/wait-<m>` ("etwa <m> Minuten");
 * - more than MAX_SPOKEN_WAIT_MINUTES after rounding (from 60 min 30 s on), or no usable
 *   estimate (negative, NaN, infinite): null, announce nothing rather than promise too much.
 */
export const waitSound = (estimateMs: number): string | null => {
  if (!Number.isFinite(estimateMs) || estimateMs < 0) return null;
  if (estimateMs < MINUTE_MS) return SOUNDS.estimatedWaitShort;
  const minutes = Math.max(1, Math.round(estimateMs / MINUTE_MS));
  return minutes <= MAX_SPOKEN_WAIT_MINUTES ? `${SOUND_DIRECTORY}/wait-${minutes}` : null;
};

// ---- opening hours in words --------------------------------------------------------------------

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof WEEK)[number];
const ON_DAY: Record<Day, string> = {
  mon: 'montags', tue: 'dienstags', wed: 'mittwochs', thu: 'donnerstags', fri: 'freitags', sat: 'samstags', sun: 'sonntags',
};

/** Opening hours of one day in minutes after local midnight, close > open, close at most 1440. */
export interface DayHours {
  readonly openMinuteOfDay: number;
  readonly closeMinuteOfDay: number;
}
/** Structurally the deployment's `serviceCenter.hours`: every weekday, null when closed. */
export type WeeklyHours = Readonly<Record<Day, DayHours | null>>;

/** Said when no day has opening hours: "Sie erreichen uns derzeit zu keiner Zeit." */
export const NEVER_OPEN = 'derzeit zu keiner Zeit';

/** "acht Uhr", "acht Uhr dreißig", "ein Uhr fünf". */
const clock = (minuteOfDay: number): string => {
  const hour = Math.floor(minuteOfDay / 60);
  const minute = minuteOfDay % 60;
  return `${hour === 1 ? 'ein' : germanNumber(hour)} Uhr${minute === 0 ? '' : ` ${germanNumber(minute)}`}`;
};

/** "von acht bis achtzehn Uhr", "von acht Uhr dreißig bis zwölf Uhr", "von zehn Uhr bis Mitternacht", "rund um die Uhr". */
const span = ({ openMinuteOfDay: open, closeMinuteOfDay: close }: DayHours): string => {
  if (open === 0 && close === 1440) return 'rund um die Uhr';
  if (close === 1440) return `von ${clock(open)} bis Mitternacht`;
  if (open % 60 === 0 && close % 60 === 0) return `von ${germanNumber(open / 60)} bis ${clock(close)}`;
  return `von ${clock(open)} bis ${clock(close)}`;
};

/** "a", "a und b", "a, b und c". */
const list = (items: readonly string[], last = 'und'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] ?? ''}`;

const checkDay = (day: Day, h: DayHours): void => {
  const { openMinuteOfDay: open, closeMinuteOfDay: close } = h;
  if (!Number.isInteger(open) || !Number.isInteger(close) || open < 0 || close > 1440 || open >= close) {
    throw new RangeError(`hours of ${day} must be whole minutes with 0 <= open < close <= 1440, got ${open}..${close}`);
  }
};

/**
 * The weekly opening hours as spoken after "Sie erreichen uns …": consecutive days with the same
 * hours are grouped ("montags bis freitags von acht bis achtzehn Uhr"), days with the same hours
 * share one phrase ("montags, mittwochs und freitags von acht bis zwölf Uhr sowie dienstags und
 * donnerstags von acht bis achtzehn Uhr"), every day alike is "täglich …", minutes other than :00
 * are spoken ("acht Uhr dreißig"), 24:00 is "Mitternacht", 00:00–24:00 "rund um die Uhr". A week
 * without opening hours gives NEVER_OPEN. The week runs Monday to Sunday.
 */
export const germanOpeningHours = (week: WeeklyHours): string => {
  const runs: { first: number; last: number; hours: DayHours }[] = [];
  WEEK.forEach((day, index) => {
    const hours = week[day];
    if (hours === null) return;
    checkDay(day, hours);
    const previous = runs[runs.length - 1];
    if (previous && previous.last === index - 1 && sameHours(previous.hours, hours)) previous.last = index;
    else runs.push({ first: index, last: index, hours });
  });
  if (runs.length === 0) return NEVER_OPEN;
  const [only] = runs;
  if (runs.length === 1 && only && only.first === 0 && only.last === WEEK.length - 1) return `täglich ${span(only.hours)}`;

  // Runs with the same hours share one clause, in the order of their first day.
  const clauses: { hours: DayHours; days: string[] }[] = [];
  for (const run of runs) {
    let clause = clauses.find((c) => sameHours(c.hours, run.hours));
    if (!clause) clauses.push((clause = { hours: run.hours, days: [] }));
    const first = ON_DAY[WEEK[run.first] ?? 'mon'];
    const last = ON_DAY[WEEK[run.last] ?? 'mon'];
    if (run.last - run.first >= 2) clause.days.push(`${first} bis ${last}`);
    else if (run.last > run.first) clause.days.push(first, last);
    else clause.days.push(first);
  }
  return list(clauses.map((c) => `${list(c.days)} ${span(c.hours)}`), 'sowie');
};

const sameHours = (a: DayHours, b: DayHours): boolean =>
  a.openMinuteOfDay === b.openMinuteOfDay && a.closeMinuteOfDay === b.closeMinuteOfDay;

// ---- expansion ---------------------------------------------------------------------------------

/** One file to render: `name` is the file name without `overflow/` and without extension. */
export interface RenderedAnnouncement {
  readonly name: string;
  readonly text: string;
}

export const fill = (key: AnnouncementKey, text: string, values: Partial<Record<Placeholder, string>>): string => {
  const problems = announcementTextProblems(key, text);
  if (problems.length > 0) throw new RangeError(`announcement text ${key}: ${problems.join('; ')}`);
  return text
    .replace(PLACEHOLDER, (_match, name: string) => values[name as Placeholder] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
};

/**
 * Every announcement file with its final text, placeholders filled in and whitespace collapsed:
 * greeting, position-1..99, wait-1..60, wait-short, closed, queue-full, callback-offer,
 * callback-confirmed, callback-greeting, resumed, queue-full-no-callback, no-agent, engine-unavailable (170 files).
 * `videoWaiting` is not spoken: it is a picture only (expandVideoClips in video-clips.ts). Throws a
 * RangeError for a text with an unknown or missing placeholder (the deployment schema rejects those before).
 */
export const expandAnnouncements = (texts: AnnouncementTexts, weeklyHours: WeeklyHours): RenderedAnnouncement[] => {
  const hours = germanOpeningHours(weeklyHours);
  const fixed = (key: FixedKey): RenderedAnnouncement => ({ name: fileName(SOUNDS[key]), text: fill(key, texts[key], { hours }) });
  const out: RenderedAnnouncement[] = [fixed('greeting')];
  for (let n = 1; n <= MAX_SPOKEN_POSITION; n++) {
    out.push({ name: fileName(positionSound(n) ?? ''), text: fill('position', texts.position, { hours, position: germanNumber(n) }) });
  }
  for (let m = 1; m <= MAX_SPOKEN_WAIT_MINUTES; m++) {
    out.push({
      name: fileName(waitSound(m * MINUTE_MS) ?? ''),
      text: fill('estimatedWait', texts.estimatedWait, { hours, minutes: germanCount(m, 'Minute', 'Minuten') }),
    });
  }
  out.push(fixed('estimatedWaitShort'), fixed('closed'), fixed('queueFull'), fixed('callbackOffer'), fixed('callbackConfirmed'), fixed('callbackGreeting'), fixed('resumed'), fixed('queueFullNoCallback'), fixed('noAgent'), fixed('engineUnavailable'));
  return out;
};
