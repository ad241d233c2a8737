/**
 * German compounds against the words an index knows: "personalausweisantrag" → personalausweis +
 * antrag, "hundesteueranmeldung" → hundesteuer + anmeldung, "meldebescheinigungsgebühr" →
 * meldebescheinigung + gebühr (the -s- is a linking element, Fugenelement).
 *
 * Greedy: the longest known head first, then the rest split the same way; when the rest cannot be
 * split, the next shorter head is tried ("gewerbes|teuer" fails, "gewerbe|steuer" splits: many
 * second parts start with s, like the linking element). No dictionary of German: `isKnown` says
 * whether the index holds a part, so the parts found are exactly the ones a search can match. The
 * caller checks parts through their stems, which already drop most linking elements
 * (wohnungs → wohnung, kinder → kind); the list below catches the rest.
 */

/** Shortest part: "amt" in "Standesamt", "kfz" in "Kfzsteuer". Shorter parts split too eagerly. */
export const MIN_PART_LENGTH = 3;

/** Fugenelemente, longest first: Wohnung-s-amt, Bund-es-land, Straße-n-reinigung, Kind-er-geld, Hund-e-steuer. */
const LINKING_ELEMENTS = ['es', 'en', 'er', 'ns', 's', 'n', 'e'] as const;

/** Longer words are not split (and are not German compounds anyone types). */
const MAX_WORD_LENGTH = 48;

/** The word's parts if every part is known (linking elements dropped), else null. */
export function splitCompound(word: string, isKnown: (part: string) => boolean): string[] | null {
  if (word.length > MAX_WORD_LENGTH) return null;
  // Parts from each position, remembered: backtracking reaches the same position by several heads.
  const memo = new Map<number, string[] | null>();
  const from = (start: number): string[] | null => {
    const cached = memo.get(start);
    if (cached !== undefined) return cached;
    let found: string[] | null = null;
    if (isKnown(word.slice(start))) found = [word.slice(start)];
    for (let end = word.length - MIN_PART_LENGTH; found === null && end >= start + MIN_PART_LENGTH; end--) {
      const head = word.slice(start, end);
      if (!isKnown(head)) continue;
      for (const rest of restStarts(word, end)) {
        const tail = from(rest);
        if (tail) {
          found = [head, ...tail];
          break;
        }
      }
    }
    memo.set(start, found);
    return found;
  };
  const parts = from(0);
  return parts && parts.length > 1 ? parts : null;
}

/** Where the next part may start after a head ending at `end`: right there, or after a linking element. */
function restStarts(word: string, end: number): number[] {
  const starts = [end];
  for (const link of LINKING_ELEMENTS) {
    if (word.startsWith(link, end) && word.length - end - link.length >= MIN_PART_LENGTH) starts.push(end + link.length);
  }
  return starts;
}

/**
 * Known parts peeled off from the left, for a word that does not split completely: one still being
 * typed ("personalausweisantr" → personalausweis, rest antr), misspelled after its stem
 * ("gewerbeanmeldnug" → gewerbeanmeld, rest nug), or with a part the index does not hold
 * ("personalausweisverlustmeldung" → personalausweis, verlust, meld, rest ung).
 */
export function knownParts(word: string, isKnown: (part: string) => boolean): { parts: string[]; rest: string } {
  const parts: string[] = [];
  let rest = word.length > MAX_WORD_LENGTH ? '' : word;
  for (let head = knownHead(rest, isKnown); head; head = knownHead(rest, isKnown)) {
    parts.push(head.head);
    rest = head.rest;
    if (isKnown(rest)) {
      parts.push(rest);
      rest = '';
    }
  }
  return { parts, rest };
}

/** The longest known head of MIN_PART_LENGTH or more, shorter than the word, and what follows it. */
function knownHead(word: string, isKnown: (part: string) => boolean): { head: string; rest: string } | null {
  for (let end = word.length - 1; end >= MIN_PART_LENGTH; end--) {
    const head = word.slice(0, end);
    if (isKnown(head)) return { head, rest: word.slice(end) };
  }
  return null;
}
