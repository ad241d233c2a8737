/**
 * The desk reads the knowledge base's answers (src/web/client/desk/knowledge-wire.ts); this file
 * makes `npm run typecheck` fail when they drift apart from what the engine sends, as
 * page-data-types.test.ts does for the pages' views.
 */
import { describe, expect, it } from 'vitest';
import type { PartnerArticle } from '../../../src/knowledge/partner-knowledge.js';
import type { SearchHit } from '../../../src/knowledge/search.js';
import type { ArticleVersion } from '../../../src/knowledge/store.js';
import type { Suggestions } from '../../../src/knowledge/suggestions.js';
import type * as kb from '../../../src/web/client/desk/knowledge-wire.js';

const fits = {
  // GET /api/knowledge/articles/:id
  article: (found: ArticleVersion & { readonly stale: boolean }): kb.KbArticleAnswer => found,
  // GET /api/knowledge/articles/:id?center= (a partner center's article)
  partnerArticle: (found: PartnerArticle): kb.KbArticleAnswer => found,
  // GET /api/knowledge/search
  hit: (hit: SearchHit): kb.KbHit => hit,
  // GET /api/knowledge/suggestions
  suggestions: (suggestions: Suggestions): kb.KbSuggestions => suggestions,
};

describe('the knowledge data the desk reads', () => {
  it('is checked by the type checker (npm run typecheck)', () => {
    expect(Object.keys(fits)).toHaveLength(4);
  });
});
