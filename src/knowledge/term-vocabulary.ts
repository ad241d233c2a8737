import SearchableMap from 'minisearch/SearchableMap';

/**
 * The terms the index holds and in how many articles each: what query words are checked against
 * (a known word is not typo-searched, compounds split into known parts), completed (prefix while
 * typing) and corrected (typos). Counted, so that an edit can take terms out.
 *
 * The counts live in a plain Map (every word of every article looks one up); the radix tree for
 * completions and corrections is MiniSearch's own SearchableMap and changes only when a term
 * appears in or disappears from the whole base. A whole base is counted first and the tree built
 * once from all its terms (buildTree), which is cheaper than growing it article by article.
 */
export class TermVocabulary {
  private readonly counts = new Map<string, TermCount>();
  /** Undefined until built: then every term counted is in it. */
  private tree: SearchableMap<true> | undefined;
  /** Numbers the calls of add(), so that a term repeated in one article counts once. */
  private adds = 0;

  has(term: string): boolean {
    return this.counts.has(term);
  }

  /** How many articles hold the term. */
  articlesWith(term: string): number {
    return this.counts.get(term)?.articles ?? 0;
  }

  /** Counts one article's terms, given in lists (one a field); a term the article repeats counts once. */
  add(termLists: Iterable<readonly string[]>): void {
    // The call's number on each count tells a repeat from the term's first occurrence in this
    // article: cheaper than a Set of the article's terms, for each of thousands of articles.
    const call = ++this.adds;
    for (const terms of termLists) {
      for (const term of terms) {
        const count = this.counts.get(term);
        if (count === undefined) {
          this.counts.set(term, { articles: 1, lastAdd: call });
          this.tree?.set(term, true);
        } else if (count.lastAdd !== call) {
          count.articles += 1;
          count.lastAdd = call;
        }
      }
    }
  }

  /** Takes one article's terms out (as given to add); a term gone from every article leaves the vocabulary. */
  remove(termLists: Iterable<readonly string[]>): void {
    for (const term of new Set([...termLists].flat())) {
      const count = this.counts.get(term);
      if (count === undefined) continue;
      if (count.articles > 1) {
        count.articles -= 1;
      } else {
        this.counts.delete(term);
        this.tree?.delete(term);
      }
    }
  }

  /** Terms starting with `prefix` (not the prefix itself), the shortest first, at most `limit`. */
  completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const term of this.searchable().atPrefix(prefix).keys()) if (term !== prefix) found.push(term);
    return found.sort((a, b) => a.length - b.length || this.articlesWith(b) - this.articlesWith(a) || (a < b ? -1 : 1)).slice(0, limit);
  }

  /** Terms within `maxEdits` (Levenshtein) of `term`, not the term itself, the closest first, at most `limit`. */
  corrections(term: string, maxEdits: number, limit: number): { term: string; edits: number }[] {
    const found = [...this.searchable().fuzzyGet(term, maxEdits)].map(([t, [, edits]]) => ({ term: t, edits })).filter((c) => c.edits > 0);
    return found.sort((a, b) => a.edits - b.edits || this.articlesWith(b.term) - this.articlesWith(a.term) || (a.term < b.term ? -1 : 1)).slice(0, limit);
  }

  /** Builds the radix tree of the terms counted so far; it then follows every change. */
  buildTree(): SearchableMap<true> {
    const tree = new SearchableMap<true>();
    for (const term of this.counts.keys()) tree.set(term, true);
    this.tree = tree;
    return tree;
  }

  private searchable(): SearchableMap<true> {
    return this.tree ?? this.buildTree();
  }

  get size(): number {
    return this.counts.size;
  }
}

interface TermCount {
  /** In how many articles the term occurs. */
  articles: number;
  /** The add() call that counted it last. */
  lastAdd: number;
}
