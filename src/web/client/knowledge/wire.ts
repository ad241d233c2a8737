/**
 * The knowledge base as the editors' page reads it: the data embedded in the page (src/knowledge/
 * editor-page.ts `KnowledgeEditorData`) and the answers of the JSON API (src/knowledge/routes.ts).
 * test/unit/web/page-data-types.test.ts checks at type level that the server's types fit.
 */

export type ArticleKind = 'service' | 'topic' | 'town-facts';
export type ArticleStatus = 'draft' | 'published' | 'retired';

/** One row of the list: `GET /api/knowledge/articles?all=1`. */
export interface ArticleSummary {
  readonly id: string;
  readonly title: string;
  readonly kind: ArticleKind;
  readonly status: ArticleStatus;
  readonly municipality?: string;
  readonly sections: readonly string[];
  readonly version: number;
  readonly savedAt: number;
  readonly savedBy: string;
  readonly checkedOn: string;
  readonly stale: boolean;
}

export interface ArticleList {
  readonly articles: readonly ArticleSummary[];
}

/** `GET /api/knowledge/articles/:id` and `…/versions/:version`: a version with its file text. */
export interface ArticleText {
  readonly article: { readonly id: string; readonly title: string; readonly status: ArticleStatus; readonly checked: { readonly on: string } };
  readonly version: number;
  readonly savedAt: number;
  readonly savedBy: string;
  readonly changed: readonly string[];
  readonly yaml: string;
}

/** One entry of `GET /api/knowledge/articles/:id/versions` (newest first). */
export interface VersionEntry {
  readonly version: number;
  readonly savedAt: number;
  readonly savedBy: string;
  readonly changed: readonly string[];
}

export interface VersionList {
  readonly versions: readonly VersionEntry[];
}

/** What is wrong with a file: in a 422's `error.problems`. */
export interface FileProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly line?: number;
}

/** `POST /api/knowledge/articles/:id` → 200. */
export interface Saved {
  readonly version: number;
  readonly changed: readonly string[];
}

/** `POST /api/knowledge/import` → 200. */
export interface Imported {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: number;
}

/** One file of a set: `articles/<id>.yaml` or `towns/<id>.yaml` and its text (import and export). */
export interface KnowledgeFile {
  readonly name: string;
  readonly text: string;
}

export interface Exported {
  readonly files: readonly KnowledgeFile[];
}

/** `GET /api/knowledge/gaps?month=` */
export interface Gaps {
  readonly month: string;
  readonly misses: readonly { readonly municipality: string; readonly query: string; readonly count: number }[];
}

/** Embedded in the page as `#knowledge-data`. */
export interface KnowledgeEditorData {
  readonly articles: readonly ArticleSummary[];
  readonly role: 'editor' | 'operator' | 'town-staff';
  readonly town?: string;
  readonly municipalities: readonly { readonly id: string; readonly name: string }[];
  readonly names: Readonly<Record<string, string>>;
  readonly template: string;
  readonly month: string;
}
