import type { Article, LocalSection } from './article.js';
import { germanWords, type StemCache } from './german-text.js';

/**
 * What of an article the search indexes, per field, as stems joined by spaces: the text is folded
 * and stemmed here once (german-text.ts), and the index only splits it again. Boosts say how much a
 * match in the field counts against one in the answer: callers name a concern by its title or by
 * one of its synonyms ("Perso"), while the documents list repeats words of every article.
 */
export const FIELD_BOOSTS = {
  title: 3,
  synonyms: 3,
  answer: 1,
  documents: 0.5,
  office: 0.7,
  /** Every local section's office and text. */
  sections: 0.7,
} as const;

export type IndexedField = keyof typeof FIELD_BOOSTS;
export const INDEXED_FIELDS = Object.keys(FIELD_BOOSTS) as IndexedField[];

export type IndexedArticle = { readonly id: string } & { readonly [F in IndexedField]: string | null };

export function indexedArticle(article: Article, stems: StemCache): IndexedArticle {
  const terms = (texts: readonly (string | undefined)[]): string | null => {
    const stemmed = texts.flatMap((text) => (text ? germanWords(text).map((word) => stems.stem(word)) : []));
    return stemmed.length > 0 ? stemmed.join(' ') : null;
  };
  const sections = Object.values(article.sections);
  return {
    id: article.id,
    title: terms([article.title]),
    synonyms: terms(article.synonyms),
    answer: terms([article.answer]),
    documents: terms(article.documents),
    office: terms([article.office]),
    sections: terms(sections.flatMap((s) => [s.office, s.text])),
  };
}

/** The distinct terms of an indexed article, over all fields. */
export function distinctTerms(indexed: IndexedArticle): Set<string> {
  const all = new Set<string>();
  for (const field of INDEXED_FIELDS) for (const term of indexed[field]?.split(' ') ?? []) all.add(term);
  return all;
}

/** Keys of the sections that say something: "an empty section says nothing" (article.ts). */
export function localSectionKeys(article: Article): ReadonlySet<string> {
  const says = (s: LocalSection): boolean => Object.values(s).some((v) => v !== undefined && v !== '');
  return new Set(Object.entries(article.sections).filter(([, s]) => says(s)).map(([key]) => key));
}

/**
 * How many articles hold each term: the vocabulary query words are checked against (known words are
 * not typo-searched, compounds split into known parts). Counted, so that an edit can take terms out.
 */
export class TermVocabulary {
  private readonly articlesWith = new Map<string, number>();

  has(term: string): boolean {
    return this.articlesWith.has(term);
  }

  add(terms: Iterable<string>): void {
    for (const term of terms) this.articlesWith.set(term, (this.articlesWith.get(term) ?? 0) + 1);
  }

  remove(terms: Iterable<string>): void {
    for (const term of terms) {
      const n = this.articlesWith.get(term) ?? 0;
      if (n <= 1) this.articlesWith.delete(term);
      else this.articlesWith.set(term, n - 1);
    }
  }

  get size(): number {
    return this.articlesWith.size;
  }
}
