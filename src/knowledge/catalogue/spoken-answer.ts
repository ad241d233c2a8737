import { ANSWER_MAX_CHARS } from '../article-schema.js';

/**
 * A draft answer from a catalogue text. Catalogue texts are written to be read on a screen and
 * are far too long to say on the phone: the draft takes the first paragraph, cut at a sentence
 * boundary to fit the answer limit, behind a marker that tells the editor to rewrite it.
 */
export const REWRITE_MARKER = '[PVOG-Entwurf: für das Telefon kürzen und neu formulieren]';

/** Words that end with a full stop without ending the sentence. */
const ABBREVIATIONS = new Set(
  ['z', 'b', 'bzw', 'ggf', 'ca', 'etc', 'evtl', 'inkl', 'max', 'min', 'nr', 'abs', 'art', 'vgl', 'usw', 'u', 'a', 'd', 'h', 'o', 's', 'str', 'tel', 'dr', 'bspw', 'gem', 'ff', 'sog', 'zzgl', 'einschl'],
);

/** The text split after each sentence's final punctuation, keeping every character. */
export const sentencesOf = (text: string): string[] => {
  const sentences: string[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?…]+["“”»)]?(?=\s+\S)/g)) {
    const end = (m.index ?? 0) + m[0].length;
    const word = /([\p{L}\d]+)[.!?…]*["“”»)]?$/u.exec(text.slice(start, end))?.[1] ?? '';
    const next = /\S/.exec(text.slice(end))?.[0] ?? '';
    // "z. B.", "Nr. 5", "am 1. Januar", "§ 6 Abs. 2": a full stop inside a sentence.
    if (m[0] === '.' && (ABBREVIATIONS.has(word.toLowerCase()) || /^\d+$/.test(word) || /^\p{Ll}$/u.test(next) || /^\d/.test(next))) continue;
    sentences.push(text.slice(start, end));
    start = end;
  }
  sentences.push(text.slice(start));
  return sentences.map((s) => s.trim()).filter((s) => s !== '');
};

const length = (s: string): number => [...s].length;

/** As many whole sentences as fit in `maxChars`; a first sentence too long on its own is cut at a word and ends with "…". */
export const cutAtSentence = (text: string, maxChars: number): string => {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (length(clean) <= maxChars) return clean;
  let kept = '';
  for (const sentence of sentencesOf(clean)) {
    const next = kept === '' ? sentence : `${kept} ${sentence}`;
    if (length(next) > maxChars) break;
    kept = next;
  }
  if (kept !== '') return kept;
  const chars = [...clean].slice(0, maxChars - 1).join('');
  const atWord = chars.replace(/\s+\S*$/, '');
  return `${atWord === '' ? chars : atWord}…`;
};

/** The marked draft answer, at most ANSWER_MAX_CHARS long; the title when the catalogue gives no text. */
export const draftAnswer = (firstParagraph: string, title: string): string => {
  const text = firstParagraph.trim() === '' ? `${title}.` : firstParagraph;
  return `${REWRITE_MARKER} ${cutAtSentence(text, ANSWER_MAX_CHARS - length(REWRITE_MARKER) - 1)}`;
};
