import SearchableMap from 'minisearch/SearchableMap';

/**
 * The terms the index holds and in how many articles each: what query words are checked against
 * (a known word is not typo-searched, compounds split into known parts), completed (prefix while
 * typing) and corrected (typos). Counted, so that an edit can take terms out.
 *
 * The counts live in a plain Map (every word of every article updates one); the radix tree for
 * completions and corrections is MiniSearch's own SearchableMap and changes only when a term
 * appears in or disappears from the whole base.
 */
export class TermVocabulary {
  private readonly counts = new Map<string, number>();
  private readonly tree = new SearchableMap<true>();

  has(term: string): boolean {
    return this.counts.has(term);
  }

  /** How many articles hold the term. */
  articlesWith(term: string): number {
    return this.counts.get(term) ?? 0;
  }

  add(terms: Iterable<string>): void {
    for (const term of terms) {
      const n = this.counts.get(term) ?? 0;
      this.counts.set(term, n + 1);
      if (n === 0) this.tree.set(term, true);
    }
  }

  remove(terms: Iterable<string>): void {
    for (const term of terms) {
      const n = this.counts.get(term) ?? 0;
      if (n > 1) {
        this.counts.set(term, n - 1);
      } else if (n === 1) {
        this.counts.delete(term);
        this.tree.delete(term);
      }
    }
  }

  /** Terms starting with `prefix` (not the prefix itself), the shortest first, at most `limit`. */
  completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const term of this.tree.atPrefix(prefix).keys()) if (term !== prefix) found.push(term);
    return found.sort((a, b) => a.length - b.length || this.articlesWith(b) - this.articlesWith(a) || (a < b ? -1 : 1)).slice(0, limit);
  }

  /** Terms within `maxEdits` (Levenshtein) of `term`, not the term itself, the closest first, at most `limit`. */
  corrections(term: string, maxEdits: number, limit: number): { term: string; edits: number }[] {
    const found = [...this.tree.fuzzyGet(term, maxEdits)].map(([t, [, edits]]) => ({ term: t, edits })).filter((c) => c.edits > 0);
    return found.sort((a, b) => a.edits - b.edits || this.articlesWith(b.term) - this.articlesWith(a.term) || (a.term < b.term ? -1 : 1)).slice(0, limit);
  }

  get size(): number {
    return this.counts.size;
  }
}
