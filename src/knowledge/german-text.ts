import { stemmer } from '@orama/stemmers/german';

/**
 * German text processing for the knowledge search: words, spelling folds and the Snowball German
 * stem. The index and the query go through the same functions, so what matters is that a word and
 * its variants land on the same term, not that the term is a real word.
 */

/** Letters and digits make words; everything else separates them ("Kfz-Zulassung" → kfz, zulassung). */
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/**
 * Words that say nothing about the concern, dropped from articles and queries alike
 * ("wie melde ich meinen Hund an" → melde, hund). Folded forms, see foldGerman().
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `aber alle als also am an auch auf aus bei beim bin bis bitte da damit dann das dass dem den denn der des die dies diese
  diesem diesen dieser doch dort du durch ein eine einem einen einer eines er es etwas euch für gibt hab habe haben hat hatte
  hier ich ihm ihn ihr ihre im in ist ja jetzt kann man mein meine meinem meinen meiner mich mir mit muss nach nicht noch nun
  nur ob oder ohne sich sie sind so soll sollte über um und uns unser unter vom von vor war was weil welche wenn wer werden wie
  will wir wird wo wurde zu zum zur`.split(/\s+/),
);

/** Vowels before which "ue", "ae", "oe" are a real pair, not a spelled-out umlaut: Steuer, Bauer, neue. */
const VOWEL_BEFORE = /[aeiouäöüy]/;
const SPELLED_UMLAUT: Readonly<Record<string, string>> = { ae: 'ä', oe: 'ö', ue: 'ü' };
const SPELLED_PAIR = /[aou]e/;
const SPELLED_PAIRS = /(ae|oe|ue)/g;

/**
 * Lower case, composed umlauts, ß → ss, and umlauts spelled out as ae/oe/ue (keyboards without
 * umlauts, "Paesse", "Gebuehr") back to ä/ö/ü, unless a vowel comes before (Steuer, Mauer, neue)
 * or a q (Quelle). The stemmer then maps ä/ö/ü to a/o/u, so Pässe, Paesse and Passe meet.
 * The rare word with a real "ae" (Michael) folds too, the same way on both sides.
 */
export function foldGerman(word: string): string {
  return foldSpelledUmlauts(lowerGerman(word));
}

/** The part of the fold that looks at no neighbouring letter: composed, lower case, ß → ss. */
function lowerGerman(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/ß/g, 'ss');
}

/** ae/oe/ue → ä/ö/ü in lower-cased text (see foldGerman); most words have no such pair. */
function foldSpelledUmlauts(lower: string): string {
  if (!SPELLED_PAIR.test(lower)) return lower;
  return lower.replace(SPELLED_PAIRS, (pair: string, _: string, at: number) => {
    const before = at > 0 ? lower.charAt(at - 1) : '';
    if (VOWEL_BEFORE.test(before) || (pair === 'ue' && before === 'q')) return pair;
    return SPELLED_UMLAUT[pair] ?? pair;
  });
}

/** The words of a text, folded, without stop words and single letters. */
export function germanWords(text: string): string[] {
  const out: string[] = [];
  // Folding the whole text at once is the same as word by word: a word's start follows no vowel.
  for (const word of foldGerman(text).split(NOT_WORD)) {
    if (word.length > 1 && !STOP_WORDS.has(word)) out.push(word);
  }
  return out;
}

/** Snowball German (Orama's port) of a folded word: Reisepässe → reisepass, Anmeldung → anmeld. */
export function germanStem(foldedWord: string): string {
  return stemmer(foldedWord);
}

/**
 * The stems of article texts, each word's remembered: an article base repeats a few thousand words
 * many times, so a word is folded, checked against the stop words and stemmed once, and after that
 * costs one lookup. Bounded, so that a long-running engine with many edits cannot grow it without limit.
 */
export class StemCache {
  /** A word as it stands in the lower-cased text → its stem, or '' when it is no search word. */
  private readonly stems = new Map<string, string>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Appends the stems of the text's words (germanWords, then germanStem) to `into`. */
  addStems(text: string, into: string[]): void {
    // Lower-casing the whole text and folding the spelled-out umlauts word by word is the same as
    // foldGerman(text): a word's first letter follows no letter, so no vowel and no q. The text is
    // composed before it is split, not word by word: a decomposed ü (u and a combining mark) would
    // otherwise split the word at the mark.
    if (!BEYOND_LATIN.test(text)) {
      this.addLatinStems(lowerLatin(text), into);
      return;
    }
    for (const word of lowerGerman(text).split(NOT_WORD)) this.addStem(word, into);
  }

  /**
   * The same words as split(NOT_WORD), found by looking each letter up in a table instead of
   * running the regular expression, for text without BEYOND_LATIN.
   */
  private addLatinStems(lower: string, into: string[]): void {
    let start = 0;
    for (let at = 0; at < lower.length; at += 1) {
      if (isWordChar(lower, at)) continue;
      if (at > start) this.addStem(lower.slice(start, at), into);
      start = at + 1;
    }
    if (lower.length > start) this.addStem(lower.slice(start), into);
  }

  private addStem(word: string, into: string[]): void {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      const folded = foldSpelledUmlauts(word);
      stem = folded.length > 1 && !STOP_WORDS.has(folded) ? germanStem(folded) : '';
      if (this.stems.size < this.maxEntries) this.stems.set(word, stem);
    }
    if (stem !== '') into.push(stem);
  }
}

/**
 * A character at or above U+0250. Text without one (Basic Latin to Latin Extended-B: nearly every
 * article) has no combining marks (from U+0300), so composing it (NFC) changes nothing, and a table
 * of these characters tells letters and digits from the rest as NOT_WORD does.
 */
const BEYOND_LATIN = /[^\p{ASCII}\u0080-\u024f]/u;
const WORD_CHAR = Uint8Array.from({ length: 0x250 }, (_, code) => (NOT_WORD.test(String.fromCharCode(code)) ? 0 : 1));

/** Whether the character at `at` belongs to a word (not NOT_WORD); lower-cased text below U+0250 has no surrogates. */
function isWordChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  // A few capitals of Latin Extended-B lower-case to letters above the table (Ɓ → ɓ), İ to i and a combining dot.
  return code < WORD_CHAR.length ? WORD_CHAR[code] === 1 : !NOT_WORD.test(text.charAt(at));
}

/** lowerGerman for text below U+0250, which composing leaves as it is. */
function lowerLatin(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss');
}
