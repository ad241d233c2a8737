import MiniSearch from 'minisearch';
import type { Article, ArticleKind } from './article.js';
import { StemCache } from './german-text.js';
import { FIELD_BOOSTS, INDEXED_FIELDS, indexedArticle, STORED_FIELDS, type IndexedArticle, type IndexedField, type StoredArticle } from './indexed-article.js';
import { planQuery } from './search-query.js';
import { TermVocabulary } from './term-vocabulary.js';

/**
 * The knowledge base's search, answering as the agent types (docs/knowledge-base.md, "Search").
 * MiniSearch is the index (BM25+ with field and document boosts, a radix tree of the terms); the
 * German is ours: words are folded and stemmed before they reach it (german-text.ts), and a query
 * becomes a list of weighed terms (search-query.ts): compounds split against the vocabulary, the word
 * being typed completed, misspellings corrected. Only published articles are searched.
 */

export interface SearchHit {
  readonly id: string;
  readonly title: string;
  readonly kind: ArticleKind;
  /** Relevance, only comparable within one search. */
  readonly score: number;
  /** The asked municipality's key when the article has a section for it: the one to show first. */
  readonly localSection?: string;
}

export interface KnowledgeSearchOptions {
  /** The call's municipality (town id, or `kreis`): its articles first, other towns' facts last. */
  readonly municipality?: string;
  /** At most this many hits (default 10). */
  readonly limit?: number;
}

export interface KnowledgeSearchStats {
  readonly articles: number;
  /** Distinct terms (stems) in the index. */
  readonly terms: number;
}

export const DEFAULT_LIMIT = 10;
/** An article with a section for the call's municipality, or its own town facts, against one without. */
export const LOCAL_BOOST = 1.5;
/** Another town's facts: rarely what a caller from here asks about. */
export const OTHER_TOWN_FACTS_BOOST = 0.3;
/** Where a very common term is looked up (search-query.ts, COMMON_SHARE). */
const TITLE_FIELDS = ['title', 'synonyms'];

export class KnowledgeSearch {
  private readonly index = new MiniSearch<IndexedArticle>({
    fields: INDEXED_FIELDS,
    storeFields: [...STORED_FIELDS],
    // The fields arrive as lists of stems (indexed-article.ts). MiniSearch wants text to split, so
    // rather than join the stems only for it to split them again, tokenize hands over the list of the
    // article being added (add() tokenizes its fields one after another, synchronously: see admit).
    stringifyField: () => '',
    tokenize: (_text, field) => this.adding?.[field as IndexedField] ?? [],
    processTerm: (term) => term,
    // A planned query is stems joined by spaces.
    searchOptions: { boost: FIELD_BOOSTS, tokenize: (text) => text.split(' ') },
  });
  /** The article being added to the index, whose stems tokenize hands over; undefined otherwise. */
  private adding: IndexedArticle | undefined;
  /** The published articles in the index, by id: an edit takes the old version's terms out. */
  private readonly articles = new Map<string, Article>();
  private readonly vocabulary = new TermVocabulary();
  private readonly stems = new StemCache();

  constructor(articles: Iterable<Article>) {
    for (const article of articles) this.admit(article);
    // Once for the whole base rather than term by term, and before the first keystroke's query.
    this.vocabulary.buildTree();
  }

  /** Adds, updates or (no longer published) takes out one article, without rebuilding the index. */
  replace(article: Article): void {
    this.remove(article.id);
    this.admit(article);
  }

  /** Takes an article out of the search; false if it was not in it. */
  remove(id: string): boolean {
    const article = this.articles.get(id);
    if (!article) return false;
    this.vocabulary.remove(indexedArticle(article, this.stems).terms);
    // Discarded documents are dropped from the term index lazily, by MiniSearch's auto-vacuum.
    this.index.discard(id);
    this.articles.delete(id);
    return true;
  }

  search(query: string, options: KnowledgeSearchOptions = {}): SearchHit[] {
    const plan = planQuery(query, this.vocabulary, this.articles.size);
    if (plan.length === 0) return [];
    const { municipality, limit = DEFAULT_LIMIT } = options;
    const results = this.index.search(
      { combineWith: 'OR', queries: plan.map((t) => ({ queries: [t.term], boostTerm: () => t.weight, ...(t.titlesOnly ? { fields: TITLE_FIELDS } : {}) })) },
      { prefix: false, fuzzy: false, ...(municipality === undefined ? {} : { boostDocument: localBoost(municipality) }) },
    );
    const wordOf = new Map(plan.map((t) => [t.term, t.word]));
    return results
      .map((r) => ({ r, score: byWordsMatched(r.score, r.queryTerms, wordOf) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ r, score }) => {
        const stored = r as unknown as StoredArticle;
        const local = municipality !== undefined && stored.localSections.includes(municipality);
        return { id: r.id as string, title: stored.heading, kind: stored.kind, score, ...(local ? { localSection: municipality } : {}) };
      });
  }

  stats(): KnowledgeSearchStats {
    return { articles: this.articles.size, terms: this.vocabulary.size };
  }

  private admit(article: Article): void {
    if (article.status !== 'published') return;
    const { fields, terms } = indexedArticle(article, this.stems);
    this.adding = fields;
    try {
      this.index.add(fields);
    } finally {
      this.adding = undefined;
    }
    this.vocabulary.add(terms);
    this.articles.set(article.id, article);
  }
}

/** MiniSearch's document boost for the call's municipality, from the fields stored with each document. */
function localBoost(municipality: string): (id: unknown, term: string, stored?: Record<string, unknown>) => number {
  return (_id, _term, stored) => {
    const article = stored as StoredArticle | undefined;
    if (!article) return 1;
    if (article.kind === 'town-facts') return article.townFacts === municipality ? LOCAL_BOOST : OTHER_TOWN_FACTS_BOOST;
    return article.localSections.includes(municipality) ? LOCAL_BOOST : 1;
  };
}

/**
 * MiniSearch multiplies a score by the number of query terms a document matched. One word can
 * plan several terms (a compound and its parts), so count the caller's words instead: "Ausweis
 * verloren" ranks an article matching both words above one matching a word and its parts.
 */
function byWordsMatched(score: number, matchedTerms: readonly string[], wordOf: ReadonlyMap<string, number>): number {
  if (matchedTerms.length === 0) return score;
  const words = new Set(matchedTerms.map((term) => wordOf.get(term)));
  return (score / matchedTerms.length) * words.size;
}
