/**
 * German number words for the announcements, as a speaker says them: 21 is "einundzwanzig",
 * 101 is "einhunderteins". Written out here because espeak-ng's own reading of digits depends on
 * the surrounding text, and an announcement must say exactly what we mean.
 */

const UNITS = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'] as const;
/** 10..19: "sechzehn" and "siebzehn" drop the "s" and "en" of "sechs" and "sieben". */
const TEENS = ['zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'] as const;
/** Index = tens digit; 0 and 1 are handled by UNITS and TEENS. "dreißig" with ß, "sechzig", "siebzig" shortened. */
const TENS = ['', '', 'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'] as const;

const word = (table: readonly string[], index: number): string => {
  const w = table[index];
  if (w === undefined) throw new RangeError(`no German number word at index ${index}`);
  return w;
};

/** A digit as the first part of a compound: "ein" (einundzwanzig, einhundert), not "eins". */
const leading = (digit: number): string => (digit === 1 ? 'ein' : word(UNITS, digit));

const belowHundred = (n: number): string => {
  if (n < 10) return word(UNITS, n);
  if (n < 20) return word(TEENS, n - 10);
  const ones = n % 10;
  const tens = word(TENS, Math.floor(n / 10));
  return ones === 0 ? tens : `${leading(ones)}und${tens}`;
};

/**
 * The German word for a whole number 0..999, lowercase, in one word: 0 "null", 1 "eins",
 * 17 "siebzehn", 21 "einundzwanzig", 100 "einhundert", 101 "einhunderteins",
 * 222 "zweihundertzweiundzwanzig". Throws a RangeError for anything else.
 */
export const germanNumber = (n: number): string => {
  if (!Number.isInteger(n) || n < 0 || n > 999) {
    throw new RangeError(`germanNumber covers the whole numbers 0 to 999, got ${String(n)}`);
  }
  if (n < 100) return belowHundred(n);
  const rest = n % 100;
  const hundreds = `${leading(Math.floor(n / 100))}hundert`;
  return rest === 0 ? hundreds : `${hundreds}${belowHundred(rest)}`;
};

/** Grammatical gender of a counted noun: decides the article said for 1 ("eine Minute", "ein Anruf"). */
export type GermanGender = 'feminine' | 'masculine' | 'neuter';

/**
 * A counted noun: `germanCount(1, 'Minute', 'Minuten')` is "eine Minute", 2 gives
 * "zwei Minuten", 21 "einundzwanzig Minuten", 0 "null Minuten". For 1 the indefinite article
 * replaces "eins" ("eine" for feminine nouns, the default; "ein" for masculine and neuter ones,
 * nominative). Numbers ending in 1 above 20 keep their number word and the plural, as spoken.
 * Throws a RangeError outside 0..999.
 */
export const germanCount = (n: number, one: string, many: string, gender: GermanGender = 'feminine'): string => {
  const number = germanNumber(n);
  if (n === 1) return `${gender === 'feminine' ? 'eine' : 'ein'} ${one}`;
  return `${number} ${many}`;
};
