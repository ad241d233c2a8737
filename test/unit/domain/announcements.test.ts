import { describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENT_DEFAULTS,
  ANNOUNCEMENT_KEYS,
  announcementTextProblems,
  expandAnnouncements,
  germanOpeningHours,
  MAX_SPOKEN_POSITION,
  MAX_SPOKEN_WAIT_MINUTES,
  NEVER_OPEN,
  positionSound,
  SOUNDS,
  waitSound,
  type DayHours,
  type WeeklyHours,
} from '../../../src/domain/announcements.js';

const h = (open: string, close: string): DayHours => {
  const minute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return { openMinuteOfDay: minute(open), closeMinuteOfDay: minute(close) };
};
const CLOSED_WEEK: WeeklyHours = { mon: null, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };
const week = (days: Partial<Record<keyof WeeklyHours, DayHours>>): WeeklyHours => ({ ...CLOSED_WEEK, ...days });
const eightToSix = h('08:00', '18:00');
/** The sample county's hours (config/county.yaml). */
const COUNTY = week({ mon: eightToSix, tue: eightToSix, wed: eightToSix, thu: eightToSix, fri: eightToSix });

describe('expandAnnouncements', () => {
  const files = expandAnnouncements(ANNOUNCEMENT_DEFAULTS, COUNTY);
  const text = (name: string) => files.find((f) => f.name === name)?.text;

  it('lists 170 files: 11 fixed, 99 positions, 60 waits; names unique and file-safe', () => {
    expect(files).toHaveLength(11 + MAX_SPOKEN_POSITION + MAX_SPOKEN_WAIT_MINUTES);
    expect(files).toHaveLength(170);
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    for (const f of files) expect(f.name).toMatch(/^[a-z0-9-]+$/);
    expect(files.map((f) => f.name).filter((n) => !/^(position|wait)-\d+$/.test(n))).toEqual([
      'greeting', 'wait-short', 'closed', 'queue-full', 'callback-offer', 'callback-confirmed', 'callback-greeting', 'resumed', 'queue-full-no-callback', 'no-agent', 'engine-unavailable',
    ]);
  });

  it('has a file for every sound name the engine can play', () => {
    const names = new Set(files.map((f) => `overflow/${f.name}`));
    for (const sound of Object.values(SOUNDS)) expect(names).toContain(sound);
    for (let p = 1; p <= MAX_SPOKEN_POSITION; p++) expect(names).toContain(positionSound(p));
    for (let ms = 0; ms <= 61 * 60_000; ms += 7_500) {
      const sound = waitSound(ms);
      if (sound !== null) expect(names).toContain(sound);
    }
  });

  it('keeps the dialplan fallback\'s announcement under its old name and text', () => {
    expect(SOUNDS.engineUnavailable).toBe('overflow/engine-unavailable');
    expect(text('engine-unavailable')).toBe('Der Bürgerservice ist zurzeit leider nicht erreichbar. Bitte rufen Sie später noch einmal an.');
  });

  it('fills in positions, minutes and hours in words', () => {
    expect(text('greeting')).toBe(ANNOUNCEMENT_DEFAULTS.greeting);
    expect(text('position-1')).toBe('Sie sind an Position eins.');
    expect(text('position-17')).toBe('Sie sind an Position siebzehn.');
    expect(text('position-99')).toBe('Sie sind an Position neunundneunzig.');
    expect(text('wait-1')).toBe('Die voraussichtliche Wartezeit beträgt etwa eine Minute.');
    expect(text('wait-21')).toBe('Die voraussichtliche Wartezeit beträgt etwa einundzwanzig Minuten.');
    expect(text('wait-60')).toBe('Die voraussichtliche Wartezeit beträgt etwa sechzig Minuten.');
    expect(text('wait-short')).toBe('Sie werden voraussichtlich in weniger als einer Minute verbunden.');
    expect(text('closed')).toContain('Sie erreichen uns montags bis freitags von acht bis achtzehn Uhr.');
    expect(text('callback-confirmed')).toBe('Vielen Dank. Wir rufen Sie zurück, sobald Sie an der Reihe sind. Auf Wiederhören.');
  });

  it('leaves no placeholder or brace in any text, and no doubled or trailing space', () => {
    for (const f of files) {
      expect(f.text).not.toMatch(/[{}]/);
      expect(f.text).not.toMatch(/\s{2}|^\s|\s$/);
    }
  });

  it('uses custom texts, collapses line breaks, and may speak the hours anywhere', () => {
    const custom = expandAnnouncements(
      { ...ANNOUNCEMENT_DEFAULTS, position: 'Vor Ihnen warten\n  noch {position} Anrufe.', greeting: 'Willkommen. Wir sind {hours} für Sie da.' },
      week({ sat: h('09:00', '12:00') }),
    );
    expect(custom.find((f) => f.name === 'position-3')?.text).toBe('Vor Ihnen warten noch drei Anrufe.');
    expect(custom.find((f) => f.name === 'greeting')?.text).toBe('Willkommen. Wir sind samstags von neun bis zwölf Uhr für Sie da.');
  });

  it('refuses a text with an unknown or missing placeholder', () => {
    expect(() => expandAnnouncements({ ...ANNOUNCEMENT_DEFAULTS, position: 'Position {postion}.' }, COUNTY)).toThrow(/postion/);
    expect(() => expandAnnouncements({ ...ANNOUNCEMENT_DEFAULTS, estimatedWait: 'Bitte warten.' }, COUNTY)).toThrow(/\{minutes\}/);
  });
});

describe('announcementTextProblems', () => {
  it('accepts every shipped text', () => {
    for (const key of ANNOUNCEMENT_KEYS) expect(announcementTextProblems(key, ANNOUNCEMENT_DEFAULTS[key])).toEqual([]);
  });

  it('names the allowed placeholders of the text', () => {
    expect(announcementTextProblems('position', 'Sie sind an Position {postion}.')).toEqual([
      'unknown placeholder "{postion}": the position text may contain only {position} and {hours}',
      'must contain {position}, where the position is spoken',
    ]);
    expect(announcementTextProblems('greeting', 'Hallo {position}')).toEqual([
      'unknown placeholder "{position}": the greeting text may contain only {hours}',
    ]);
  });

  it('reports a lone brace', () => {
    expect(announcementTextProblems('closed', 'Wir sind {hours erreichbar.')[0]).toContain('not part of a placeholder');
  });
});

describe('germanOpeningHours', () => {
  it.each<[string, WeeklyHours, string]>([
    ['the sample county', COUNTY, 'montags bis freitags von acht bis achtzehn Uhr'],
    ['one day', week({ wed: h('14:00', '16:00') }), 'mittwochs von vierzehn bis sechzehn Uhr'],
    ['two consecutive days', week({ mon: eightToSix, tue: eightToSix }), 'montags und dienstags von acht bis achtzehn Uhr'],
    ['every day alike', week({ mon: eightToSix, tue: eightToSix, wed: eightToSix, thu: eightToSix, fri: eightToSix, sat: eightToSix, sun: eightToSix }), 'täglich von acht bis achtzehn Uhr'],
    ['around the clock', week(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, h('00:00', '24:00')]))), 'täglich rund um die Uhr'],
    ['a short Friday',
      week({ mon: eightToSix, tue: eightToSix, wed: eightToSix, thu: eightToSix, fri: h('08:00', '12:00') }),
      'montags bis donnerstags von acht bis achtzehn Uhr sowie freitags von acht bis zwölf Uhr'],
    ['equal days apart share one phrase',
      week({ mon: h('08:00', '12:00'), tue: eightToSix, wed: h('08:00', '12:00'), thu: eightToSix, fri: h('08:00', '12:00') }),
      'montags, mittwochs und freitags von acht bis zwölf Uhr sowie dienstags und donnerstags von acht bis achtzehn Uhr'],
    ['a run and a day apart',
      week({ mon: eightToSix, tue: eightToSix, wed: eightToSix, thu: h('08:00', '19:00'), fri: eightToSix }),
      'montags bis mittwochs und freitags von acht bis achtzehn Uhr sowie donnerstags von acht bis neunzehn Uhr'],
    ['three different phrases',
      week({ mon: eightToSix, tue: eightToSix, thu: h('07:30', '19:45'), sat: h('09:00', '12:00') }),
      'montags und dienstags von acht bis achtzehn Uhr, donnerstags von sieben Uhr dreißig bis neunzehn Uhr fünfundvierzig sowie samstags von neun bis zwölf Uhr'],
    ['minutes on one side only', week({ fri: h('08:00', '12:30') }), 'freitags von acht Uhr bis zwölf Uhr dreißig'],
    ['one o\'clock', week({ sun: h('01:00', '13:00') }), 'sonntags von eins bis dreizehn Uhr'],
    ['closing at one', week({ sat: h('00:00', '01:00') }), 'samstags von null bis ein Uhr'],
    ['open until midnight', week({ sat: h('10:00', '24:00') }), 'samstags von zehn Uhr bis Mitternacht'],
    ['closed every day', CLOSED_WEEK, NEVER_OPEN],
  ])('%s', (_what, hours, phrase) => {
    expect(germanOpeningHours(hours)).toBe(phrase);
  });

  it('says so when there are no opening hours', () => {
    expect(NEVER_OPEN).toBe('derzeit zu keiner Zeit');
  });

  it('rejects impossible hours', () => {
    expect(() => germanOpeningHours(week({ mon: h('18:00', '08:00') }))).toThrow(RangeError);
  });
});

describe('positionSound', () => {
  it.each<[number, string | null]>([
    [1, 'overflow/position-1'],
    [12, 'overflow/position-12'],
    [99, 'overflow/position-99'],
    [100, null],
    [0, null],
    [-3, null],
    [2.5, null],
    [Number.NaN, null],
  ])('position %s → %s', (position, sound) => {
    expect(positionSound(position)).toBe(sound);
  });
});

describe('waitSound rounds to the nearest minute, halves up', () => {
  const s = 1_000;
  const min = 60 * s;
  it.each<[string, number, string | null]>([
    ['0 s', 0, 'overflow/wait-short'],
    ['59.999 s', 59_999, 'overflow/wait-short'],
    ['exactly 1 min', min, 'overflow/wait-1'],
    ['1 min 29 s', min + 29 * s, 'overflow/wait-1'],
    ['1 min 30 s', min + 30 * s, 'overflow/wait-2'],
    ['2 min 29.999 s', 2 * min + 29_999, 'overflow/wait-2'],
    ['14 min 45 s', 14 * min + 45 * s, 'overflow/wait-15'],
    ['60 min', 60 * min, 'overflow/wait-60'],
    ['60 min 29.999 s', 60 * min + 29_999, 'overflow/wait-60'],
    ['60 min 30 s: too long to promise', 60 * min + 30 * s, null],
    ['3 hours', 180 * min, null],
    ['negative', -1, null],
    ['NaN', Number.NaN, null],
    ['infinite', Number.POSITIVE_INFINITY, null],
  ])('%s', (_what, ms, sound) => {
    expect(waitSound(ms)).toBe(sound);
  });
});
