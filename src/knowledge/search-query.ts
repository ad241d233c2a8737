import { knownParts, MIN_PART_LENGTH, splitCompound } from './compound-splitter.js';
import { germanStem, germanWords } from './german-text.js';

/**
 * What an agent typed, turned into the index terms to look up: each word folded and stemmed like
 * the articles were, compounds the index does not know split into parts it does, the word being
 * typed completed, misspelled words corrected. Completions and corrections come from the index's
 * own vocabulary, limited in number and weighed below the words as typed (as MiniSearch weighs its
 * prefix and fuzzy matches), so that a short prefix cannot expand into half the index.
 */

export interface QueryTerm {
  /** A stem, as the index holds terms. */
  readonly term: string;
  /** Which word of the query it came from (0-based): relevance counts the words matched, not the terms. */
  readonly word: number;
  /** 1 for a word as typed (or a part of it), less for a completion or a correction. */
  readonly weight: number;
  /** Looked up in titles and synonyms only: see COMMON_MIN_ARTICLES. */
  readonly titlesOnly: boolean;
}

/** What the planner needs to know of the index (term-vocabulary.ts). */
export interface QueryVocabulary {
  has(term: string): boolean;
  articlesWith(term: string): number;
  completions(prefix: string, limit: number): string[];
  corrections(term: string, maxEdits: number, limit: number): { term: string; edits: number }[];
}

/** Shortest word being typed that is completed: "re" would match half the index. */
export const MIN_PREFIX_LENGTH = 3;
/** Completions of the word being typed, the shortest first. */
export const MAX_COMPLETIONS = 20;
/** Corrections of a misspelled word, the closest first. */
export const MAX_CORRECTIONS = 8;
/** MiniSearch's default weights for its prefix and fuzzy matches. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** A remainder after known parts shorter than this is a misspelled or inflected ending, not a part. */
const MIN_REST_TERM = 4;
/**
 * A term held by more than COMMON_MIN_ARTICLES articles and COMMON_SHARE of all ("Antrag",
 * "Bürgerbüro" in a large base) hardly tells its articles apart (its BM25 weight is near nothing)
 * but costs a pass over all of them, too slow to answer each keystroke: it is looked up in titles
 * and synonyms only, where it still names what an article is about. A base of a few hundred
 * articles never reaches the bar, and every term is looked up everywhere.
 */
export const COMMON_MIN_ARTICLES = 1_000;
export const COMMON_SHARE = 0.1;

/**
 * Edits allowed by the length of the word as typed: none below 5 letters ("Pass" and "Bass" are
 * different things), one up to 7, two from 8 on: two swapped letters ("Baukatre") are two edits.
 * Only for terms the index does not know: a known word is taken as meant, which also keeps the typo
 * search off the common path.
 */
export function editsFor(typed: string): number {
  if (typed.length < 5) return 0;
  return typed.length < 8 ? 1 : 2;
}

/** ä/ö/ü as the stemmer leaves them (a/o/u), for completing a word not yet stemmable. */
const flattenUmlauts = (word: string): string => word.replace(/ä/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u');

export function planQuery(text: string, vocabulary: QueryVocabulary, articleCount: number): QueryTerm[] {
  const words = germanWords(text);
  // The last word is still being typed unless the agent typed a space or punctuation after it.
  const typing = /[\p{L}\p{N}]$/u.test(text);
  const commonAbove = Math.max(COMMON_MIN_ARTICLES, articleCount * COMMON_SHARE);
  const known = (term: string): boolean => vocabulary.has(term);
  // A part is known as a word (stemmed) or, cut out of a misspelled word, as an index term itself
  // ("kinderfördernug" → kinderforder, the stem of Kinderförderung).
  const partTerm = (part: string): string => {
    const stem = germanStem(part);
    return known(stem) || !known(flattenUmlauts(part)) ? stem : flattenUmlauts(part);
  };
  const isKnownPart = (part: string): boolean => known(partTerm(part));
  const planned = new Map<string, QueryTerm>();
  const add = (term: string, word: number, weight = 1): void => {
    const before = planned.get(term);
    if (before && before.weight >= weight) return;
    planned.set(term, { term, word: before?.word ?? word, weight, titlesOnly: vocabulary.articlesWith(term) > commonAbove });
  };
  /** Adds the known terms that start with `prefix`; how many. */
  const complete = (prefix: string, word: number): number => {
    const found = prefix.length < MIN_PREFIX_LENGTH ? [] : vocabulary.completions(prefix, MAX_COMPLETIONS);
    for (const c of found) add(c, word, (PREFIX_WEIGHT * c.length) / (c.length + 0.3 * (c.length - prefix.length)));
    return found.length;
  };
  /** Adds the known terms a few edits from `term`, as many as `typed` (the word before stemming) allows; how many. */
  const correct = (term: string, typed: string, word: number): number => {
    const found = known(term) ? [] : vocabulary.corrections(term, editsFor(typed), MAX_CORRECTIONS);
    for (const c of found) add(c.term, word, (FUZZY_WEIGHT * c.term.length) / (c.term.length + c.edits));
    return found.length;
  };

  words.forEach((word, i) => {
    const lastTyped = typing && i === words.length - 1;
    const stem = germanStem(word);
    add(stem, i);
    // A known word is taken as meant. An unknown one is rather the start of a known one (while it
    // is typed: "reisep" is Reisepass, not Reise and a p) or misspelled ("Bewohnergebhür" is the
    // Bewohnergebühr, not Bewohner and something) than a compound to split.
    if (lastTyped && complete(flattenUmlauts(word), i) > 0) return;
    if (known(stem) || correct(stem, word, i) > 0 || word.length < 2 * MIN_PART_LENGTH) return;
    const parts = splitCompound(word, isKnownPart);
    if (parts) {
      for (const part of parts) add(partTerm(part), i);
      return;
    }
    const { parts: knownOnes, rest } = knownParts(word, isKnownPart);
    for (const part of knownOnes) add(partTerm(part), i);
    if (knownOnes.length === 0 || rest.length < MIN_REST_TERM) return;
    const restStem = germanStem(rest);
    add(restStem, i);
    correct(restStem, rest, i);
    if (lastTyped) complete(flattenUmlauts(rest), i);
  });
  return [...planned.values()];
}
