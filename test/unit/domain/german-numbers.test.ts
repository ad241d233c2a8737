import { describe, expect, it } from 'vitest';
import { germanCount, germanNumber } from '../../../src/domain/german-numbers.js';

/** Hand-checked against how the numbers are spoken (and written out in words, Duden style). */
const TABLE: readonly (readonly [number, string])[] = [
  // units, with "eins" standing alone
  [0, 'null'], [1, 'eins'], [2, 'zwei'], [3, 'drei'], [4, 'vier'], [5, 'fünf'], [6, 'sechs'], [7, 'sieben'], [8, 'acht'], [9, 'neun'],
  // 10..19: elf and zwölf irregular, sechzehn and siebzehn drop letters
  [10, 'zehn'], [11, 'elf'], [12, 'zwölf'], [13, 'dreizehn'], [14, 'vierzehn'], [15, 'fünfzehn'],
  [16, 'sechzehn'], [17, 'siebzehn'], [18, 'achtzehn'], [19, 'neunzehn'],
  // round tens: dreißig with ß, sechzig and siebzig shortened
  [20, 'zwanzig'], [30, 'dreißig'], [40, 'vierzig'], [50, 'fünfzig'], [60, 'sechzig'], [70, 'siebzig'], [80, 'achtzig'], [90, 'neunzig'],
  // ones before tens, joined by "und"; 1 is "ein-" inside a compound
  [21, 'einundzwanzig'], [22, 'zweiundzwanzig'], [31, 'einunddreißig'], [36, 'sechsunddreißig'],
  [47, 'siebenundvierzig'], [56, 'sechsundfünfzig'], [67, 'siebenundsechzig'], [71, 'einundsiebzig'], [76, 'sechsundsiebzig'],
  [88, 'achtundachtzig'], [99, 'neunundneunzig'],
  // hundreds, with and without a remainder; "ein-" before "hundert", "eins" at the very end
  [100, 'einhundert'], [101, 'einhunderteins'], [102, 'einhundertzwei'], [110, 'einhundertzehn'], [111, 'einhundertelf'],
  [112, 'einhundertzwölf'], [116, 'einhundertsechzehn'], [117, 'einhundertsiebzehn'], [120, 'einhundertzwanzig'],
  [121, 'einhunderteinundzwanzig'], [200, 'zweihundert'], [201, 'zweihunderteins'], [222, 'zweihundertzweiundzwanzig'],
  [300, 'dreihundert'], [330, 'dreihundertdreißig'], [507, 'fünfhundertsieben'], [616, 'sechshundertsechzehn'],
  [717, 'siebenhundertsiebzehn'], [777, 'siebenhundertsiebenundsiebzig'], [801, 'achthunderteins'],
  [860, 'achthundertsechzig'], [999, 'neunhundertneunundneunzig'],
];

describe('germanNumber', () => {
  it('has a table of at least 40 hand-checked values', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)('%i is "%s"', (n, words) => {
    expect(germanNumber(n)).toBe(words);
  });

  const ALL = Array.from({ length: 1000 }, (_, n) => germanNumber(n));

  it('gives 1000 different words for 0..999', () => {
    expect(new Set(ALL).size).toBe(1000);
  });

  it('writes one lowercase word: letters, ß, ö (zwölf) and ü (fünf) only', () => {
    for (const w of ALL) expect(w).toMatch(/^[a-zßöü]+$/);
  });

  it('says "ein-" inside compounds, "eins" only at the end', () => {
    for (const w of ALL) {
      expect(w).not.toContain('einsund');
      expect(w).not.toContain('einshundert');
      expect(w).not.toMatch(/ein$/);
    }
  });

  it('builds every number from its hundreds and its remainder', () => {
    for (let n = 100; n <= 999; n++) {
      const rest = n % 100;
      const head = `${Math.floor(n / 100) === 1 ? 'ein' : germanNumber(Math.floor(n / 100))}hundert`;
      expect(germanNumber(n)).toBe(rest === 0 ? head : head + germanNumber(rest));
    }
  });

  it.each([-1, 1000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws a RangeError for %s', (n) => {
    expect(() => germanNumber(n)).toThrow(RangeError);
  });
});

describe('germanCount', () => {
  it.each([
    [0, 'null Minuten'],
    [1, 'eine Minute'],
    [2, 'zwei Minuten'],
    [16, 'sechzehn Minuten'],
    [21, 'einundzwanzig Minuten'],
    [60, 'sechzig Minuten'],
    [101, 'einhunderteins Minuten'],
  ])('%i → "%s"', (n, words) => {
    expect(germanCount(n, 'Minute', 'Minuten')).toBe(words);
  });

  it('says "ein" for one of a masculine or neuter noun', () => {
    expect(germanCount(1, 'Anruf', 'Anrufe', 'masculine')).toBe('ein Anruf');
    expect(germanCount(1, 'Telefon', 'Telefone', 'neuter')).toBe('ein Telefon');
    expect(germanCount(3, 'Anruf', 'Anrufe', 'masculine')).toBe('drei Anrufe');
  });

  it('throws a RangeError outside 0..999', () => {
    expect(() => germanCount(1000, 'Minute', 'Minuten')).toThrow(RangeError);
    expect(() => germanCount(-1, 'Minute', 'Minuten')).toThrow(RangeError);
  });
});
