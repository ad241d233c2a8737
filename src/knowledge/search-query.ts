import { knownParts, MIN_PART_LENGTH, splitCompound } from './compound-splitter.js';
import { germanStem, germanWords } from './german-text.js';

/**
 * What an agent typed, turned into index terms: each word folded and stemmed like the articles
 * were, compounds the index does not know split into parts it does, typo tolerance and prefix
 * search set per term. Pure: the index's vocabulary comes in as `isKnownTerm`.
 */

export interface QueryTerm {
  /** A stem, as the index holds terms. */
  readonly term: string;
  /** Which word of the query it came from (0-based): relevance counts the words matched, not the terms. */
  readonly word: number;
  /** The word is still being typed: match index terms that start with this one. */
  readonly prefix: boolean;
  /** Edits allowed (Levenshtein), 0 for none. */
  readonly fuzzy: number;
}

/** Shortest term a prefix search is run for: "re" would expand to half the index. */
export const MIN_PREFIX_LENGTH = 3;
/** A remainder after a known head shorter than this is a misspelled or inflected ending, not a part. */
const MIN_REST_TERM = 4;

/**
 * Edits allowed by length: none below 5 letters ("Pass" and "Bass" are different things), one up
 * to 8, two from 9 on ("Gewerbeanmeldnug"). Only for terms the index does not know: a known word is
 * taken as meant, which keeps the typo search off the common path.
 */
export function editsFor(term: string): number {
  if (term.length < 5) return 0;
  return term.length < 9 ? 1 : 2;
}

export function planQuery(text: string, isKnownTerm: (stem: string) => boolean): QueryTerm[] {
  const words = germanWords(text);
  // The last word is still being typed unless the agent typed a space or punctuation after it.
  const typing = /[\p{L}\p{N}]$/u.test(text);
  const isKnownPart = (part: string): boolean => isKnownTerm(germanStem(part)) || isKnownTerm(part);
  // A part is known as a word (stemmed) or, cut out of a misspelled word, as an index term itself.
  const partTerm = (part: string): string => {
    const stem = germanStem(part);
    return isKnownTerm(stem) || !isKnownTerm(part) ? stem : part;
  };
  const planned = new Map<string, QueryTerm>();
  const add = (term: string, word: number, prefix: boolean): void => {
    if (planned.has(term)) return;
    const known = isKnownTerm(term);
    planned.set(term, { term, word, prefix: prefix && term.length >= MIN_PREFIX_LENGTH, fuzzy: known ? 0 : editsFor(term) });
  };
  words.forEach((word, i) => {
    const lastTyped = typing && i === words.length - 1;
    const stem = germanStem(word);
    add(stem, i, lastTyped);
    if (isKnownTerm(stem) || word.length < 2 * MIN_PART_LENGTH) return;
    const parts = splitCompound(word, isKnownPart);
    if (parts) {
      for (const part of parts) add(partTerm(part), i, false);
      return;
    }
    const { parts: known, rest } = knownParts(word, isKnownPart);
    for (const part of known) add(partTerm(part), i, false);
    if (known.length > 0 && rest.length >= MIN_REST_TERM) add(germanStem(rest), i, lastTyped);
  });
  return [...planned.values()];
}
