import type { Article, ArticleKind, LocalSection } from './article.js';
import type { StemCache } from './german-text.js';

/**
 * What of an article the search indexes, per field, as lists of stems: the text is folded, split
 * and stemmed here once (german-text.ts), and the index takes the lists as they are (search.ts). Boosts say how much a
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

/**
 * Kept with each document and handed back with its hits and to the document boost, so that
 * ranking a match needs no lookup of the article.
 */
export interface StoredArticle {
  /** The title as written (the indexed `title` is stems). */
  readonly heading: string;
  readonly kind: ArticleKind;
  /** `town-facts` only: the town the article describes. */
  readonly townFacts?: string;
  /** Keys of the sections that say something. */
  readonly localSections: readonly string[];
}
export const STORED_FIELDS: readonly (keyof StoredArticle)[] = ['heading', 'kind', 'townFacts', 'localSections'];

export type IndexedArticle = { readonly id: string } & { readonly [F in IndexedField]: string[] | null } & StoredArticle;

/**
 * The article's fields as the index takes them, and its terms (for the vocabulary): each field's
 * stems, a term as often as it occurs.
 */
export function indexedArticle(article: Article, stems: StemCache): { readonly fields: IndexedArticle; readonly terms: readonly (readonly string[])[] } {
  const byField: string[][] = [];
  const terms = (texts: readonly (string | undefined)[]): string[] | null => {
    const found: string[] = [];
    for (const text of texts) if (text) stems.addStems(text, found);
    if (found.length === 0) return null;
    byField.push(found);
    return found;
  };
  const sections = Object.values(article.sections);
  const fields: IndexedArticle = {
    id: article.id,
    heading: article.title,
    kind: article.kind,
    ...(article.kind === 'town-facts' && article.municipality !== undefined ? { townFacts: article.municipality } : {}),
    localSections: localSectionKeys(article),
    title: terms([article.title]),
    synonyms: terms(article.synonyms),
    answer: terms([article.answer]),
    documents: terms(article.documents),
    office: terms([article.office]),
    sections: terms(sections.flatMap((s) => [s.office, s.text])),
  };
  return { fields, terms: byField };
}

/** Keys of the sections that say something: "an empty section says nothing" (article.ts). */
function localSectionKeys(article: Article): string[] {
  const says = (s: LocalSection): boolean => Object.values(s).some((v) => v !== undefined && v !== '');
  return Object.entries(article.sections).filter(([, s]) => says(s)).map(([key]) => key);
}
