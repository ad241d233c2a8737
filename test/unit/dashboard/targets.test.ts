import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_TARGETS, withOverrides } from '../../../src/config/service-targets.js';
import {
  LEVEL_TEXT,
  abandonLevel,
  asaLevel,
  atLeast,
  atMost,
  clock,
  count,
  fcrLevel,
  notesLevel,
  percent,
  seconds,
  serviceLevelLevel,
  waitLevel,
} from '../../../src/dashboard/targets.js';

const NBSP = '\u00a0';

describe('dashboard targets → levels (green / amber / red, and grey without data)', () => {
  it('service level: 75 % within 30 s is the target, 65 % and up is amber', () => {
    expect(serviceLevelLevel(0.75)).toBe('good');
    expect(serviceLevelLevel(0.9)).toBe('good');
    expect(serviceLevelLevel(0.7499)).toBe('warn');
    expect(serviceLevelLevel(0.65)).toBe('warn');
    expect(serviceLevelLevel(0.6499)).toBe('bad');
    expect(serviceLevelLevel(0)).toBe('bad');
    expect(serviceLevelLevel(null)).toBe('none');
  });

  it('ASA: at most 30 s green, at most 60 s amber', () => {
    expect(asaLevel(30_000)).toBe('good');
    expect(asaLevel(30_001)).toBe('warn');
    expect(asaLevel(60_000)).toBe('warn');
    expect(asaLevel(61_000)).toBe('bad');
    expect(asaLevel(null)).toBe('none');
  });

  it('abandonment: at most 5 % green, at most 10 % amber', () => {
    expect(abandonLevel(0)).toBe('good');
    expect(abandonLevel(0.05)).toBe('good');
    expect(abandonLevel(0.0501)).toBe('warn');
    expect(abandonLevel(0.1)).toBe('warn');
    expect(abandonLevel(0.2)).toBe('bad');
    expect(abandonLevel(null)).toBe('none');
  });

  it('FCR: 65 % is the target, 55 % and up is amber', () => {
    expect(fcrLevel(0.65)).toBe('good');
    expect(fcrLevel(0.6)).toBe('warn');
    expect(fcrLevel(0.55)).toBe('warn');
    expect(fcrLevel(0.5)).toBe('bad');
    expect(fcrLevel(null)).toBe('none');
  });

  it('callback notes: none overdue is the target, any overdue is red; without the notes module nothing is judged', () => {
    expect(notesLevel(0, true)).toBe('good');
    expect(notesLevel(1, true)).toBe('bad');
    expect(notesLevel(0, false)).toBe('none');
    expect(notesLevel(2, true, withOverrides(DEFAULT_SERVICE_TARGETS, { noteReply: { amberUpToOverdue: 3 } }))).toBe('warn');
    expect(notesLevel(4, true, withOverrides(DEFAULT_SERVICE_TARGETS, { noteReply: { amberUpToOverdue: 3 } }))).toBe('bad');
  });

  it('a wait: nobody waiting is green, up to 30 s green, up to 60 s amber, longer red', () => {
    expect(waitLevel(null)).toBe('good');
    expect(waitLevel(29_000)).toBe('good');
    expect(waitLevel(45_000)).toBe('warn');
    expect(waitLevel(61_000)).toBe('bad');
  });

  it('a wait under a configured 20 s promise: green to 20 s, then amber up to the ASA amber limit', () => {
    const t = withOverrides(DEFAULT_SERVICE_TARGETS, { serviceLevel: { withinMs: 20_000 }, asa: { amberUpToMs: 40_000 } });
    expect(waitLevel(20_000, t)).toBe('good');
    expect(waitLevel(25_000, t)).toBe('warn');
    expect(waitLevel(41_000, t)).toBe('bad');
  });

  it('the generic comparisons treat NaN and null as no data', () => {
    expect(atLeast(Number.NaN, 1, 0)).toBe('none');
    expect(atMost(null, 1, 2)).toBe('none');
    expect(atMost(1.5, 1, 2)).toBe('warn');
  });

  it('every level has a text with a sign, so colour is never the only signal', () => {
    expect(LEVEL_TEXT).toEqual({ good: '✓ im Ziel', warn: '▲ knapp verfehlt', bad: '✗ verfehlt', none: '– noch keine Werte' });
  });

  it('configured targets change the verdict for the same figure: 78 % meets 75 %, misses 80 % narrowly', () => {
    const t = withOverrides(DEFAULT_SERVICE_TARGETS, { serviceLevel: { share: 0.8 } });
    expect(t.fcr).toEqual(DEFAULT_SERVICE_TARGETS.fcr);
    expect(serviceLevelLevel(0.78)).toBe('good');
    expect(serviceLevelLevel(0.78, t)).toBe('warn');
  });
});

describe('dashboard formatting (German)', () => {
  it('percent: whole numbers, a no-break space before the sign, a dash for nothing', () => {
    expect(percent(0.8234)).toBe(`82${NBSP}%`);
    expect(percent(0.755)).toBe(`76${NBSP}%`);
    expect(percent(1)).toBe(`100${NBSP}%`);
    expect(percent(0)).toBe(`0${NBSP}%`);
    expect(percent(null)).toBe('–');
  });

  it('seconds: "42 s" below a minute, "2:05 min" above', () => {
    expect(seconds(0)).toBe(`0${NBSP}s`);
    expect(seconds(42_400)).toBe(`42${NBSP}s`);
    expect(seconds(59_600)).toBe(`1:00${NBSP}min`);
    expect(seconds(125_000)).toBe(`2:05${NBSP}min`);
    expect(seconds(null)).toBe('–');
  });

  it('clock: waits as mm:ss, with hours when it gets that long', () => {
    expect(clock(0)).toBe('00:00');
    expect(clock(83_999)).toBe('01:23');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(-5_000)).toBe('00:00');
  });

  it('counts with German digit grouping', () => {
    expect(count(1234)).toBe('1.234');
    expect(count(7)).toBe('7');
  });
});
