/**
 * The knowledge base as the desk reads it from the engine (src/knowledge/): a search's hits, an
 * article, the suggestions for a municipality. test/unit/web/page-data-types.test.ts checks at type
 * level that the server's answers fit.
 */

export interface KbSection {
  readonly office?: string;
  readonly address?: string;
  readonly hours?: string;
  readonly phone?: string;
  readonly fee?: string;
  readonly handledByCounty?: boolean;
  readonly department?: string;
  readonly text?: string;
}

export interface KbArticle {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly answer: string;
  readonly documents: readonly string[];
  readonly fees?: string;
  readonly processingTime?: string;
  readonly office?: string;
  readonly links: readonly { readonly title: string; readonly url: string }[];
  readonly checked: { readonly on: string; readonly by: string };
  readonly sections: Readonly<Record<string, KbSection>>;
  readonly municipality?: string;
}

/** `GET /api/knowledge/articles/:id`. */
export interface KbArticleAnswer {
  readonly article: KbArticle;
  readonly stale: boolean;
}

/** One hit of `GET /api/knowledge/search`. */
export interface KbHit {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly localSection?: string;
}

export interface KbSuggestion extends KbHit {
  /** In how many calls from the municipality it was a topic lately; 0: a general suggestion. */
  readonly asked: number;
}

/** `GET /api/knowledge/suggestions?municipality=`. */
export interface KbSuggestions {
  readonly municipality: string;
  readonly townFacts: {
    readonly id: string;
    readonly title: string;
    readonly section: KbSection | null;
    readonly stale: boolean;
  } | null;
  readonly articles: readonly KbSuggestion[];
}
