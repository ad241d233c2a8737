import MiniSearch from 'minisearch';
import type { Article, ArticleKind } from './article.js';
import { StemCache } from './german-text.js';
import {
  distinctTerms, FIELD_BOOSTS, INDEXED_FIELDS, indexedArticle, localSectionKeys, TermVocabulary, type IndexedArticle,
} from './indexed-article.js';
import { planQuery, type QueryTerm } from './search-query.js';

/**
 * The knowledge base's search, answering as the agent types (docs/knowledge-base.md, "Search").
 * MiniSearch is the index (BM25+, prefix and fuzzy matching, boosts); the German is ours: words are
 * folded and stemmed before they reach it (german-text.ts), compounds split against its vocabulary
 * and typo tolerance chosen per term (search-query.ts). Only published articles are searched.
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

interface Entry {
  readonly article: Article;
  readonly localSections: ReadonlySet<string>;
}

export class KnowledgeSearch {
  private readonly index = new MiniSearch<IndexedArticle>({
    fields: INDEXED_FIELDS,
    storeFields: [],
    // The fields arrive as stems joined by spaces (indexed-article.ts), and so do the planned queries.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    searchOptions: { boost: FIELD_BOOSTS },
  });
  private readonly entries = new Map<string, Entry>();
  private readonly vocabulary = new TermVocabulary();
  private readonly stems = new StemCache();

  constructor(articles: Iterable<Article>) {
    for (const article of articles) this.admit(article);
  }

  /** Adds, updates or (no longer published) takes out one article, without rebuilding the index. */
  replace(article: Article): void {
    this.remove(article.id);
    this.admit(article);
  }

  /** Takes an article out of the search; false if it was not in it. */
  remove(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.vocabulary.remove(distinctTerms(indexedArticle(entry.article, this.stems)));
    // Discarded documents are dropped from the term index lazily, by MiniSearch's auto-vacuum.
    this.index.discard(id);
    this.entries.delete(id);
    return true;
  }

  search(query: string, options: KnowledgeSearchOptions = {}): SearchHit[] {
    const plan = planQuery(query, (term) => this.vocabulary.has(term));
    if (plan.length === 0) return [];
    const { municipality, limit = DEFAULT_LIMIT } = options;
    const results = this.index.search(plan.map((t) => t.term).join(' '), {
      prefix: (_term, i) => plan[i]?.prefix ?? false,
      fuzzy: (_term, i) => plan[i]?.fuzzy ?? 0,
      ...(municipality === undefined ? {} : { boostDocument: (id: string) => this.localBoost(id, municipality) }),
    });
    return results
      .map((r) => ({ id: r.id as string, score: byWordsMatched(r.score, r.queryTerms, plan) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .flatMap(({ id, score }) => {
        const entry = this.entries.get(id);
        if (!entry) return [];
        const { title, kind } = entry.article;
        const local = municipality !== undefined && entry.localSections.has(municipality);
        return [{ id, title, kind, score, ...(local ? { localSection: municipality } : {}) }];
      });
  }

  stats(): KnowledgeSearchStats {
    return { articles: this.entries.size, terms: this.vocabulary.size };
  }

  private admit(article: Article): void {
    if (article.status !== 'published') return;
    const indexed = indexedArticle(article, this.stems);
    this.index.add(indexed);
    this.vocabulary.add(distinctTerms(indexed));
    this.entries.set(article.id, { article, localSections: localSectionKeys(article) });
  }

  private localBoost(id: string, municipality: string): number {
    const entry = this.entries.get(id);
    if (!entry) return 1;
    if (entry.article.kind === 'town-facts') return entry.article.municipality === municipality ? LOCAL_BOOST : OTHER_TOWN_FACTS_BOOST;
    return entry.localSections.has(municipality) ? LOCAL_BOOST : 1;
  }
}

/**
 * MiniSearch multiplies a score by the number of query terms a document matched. One word can
 * plan several terms (a compound and its parts), so count the caller's words instead: "Ausweis
 * verloren" ranks an article matching both words above one matching a word and its parts.
 */
function byWordsMatched(score: number, matchedTerms: readonly string[], plan: readonly QueryTerm[]): number {
  if (matchedTerms.length === 0) return score;
  const words = new Set(matchedTerms.map((term) => plan.find((t) => t.term === term)?.word));
  return (score / matchedTerms.length) * words.size;
}
