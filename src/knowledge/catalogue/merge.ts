import type { Article } from '../article.js';
import { slugOf, uniqueArticleId } from './article-id.js';
import type { CatalogueService } from './catalogue-service.js';
import { draftArticleOf, sourceOf } from './draft-article.js';
import { shortLineDiff } from './line-diff.js';

/** An article whose catalogue text changed since the last import: the editor decides what follows. */
export interface UpstreamChange {
  readonly id: string;
  readonly leika: string;
  readonly title: string;
  /** The catalogue text the article was last compared with; empty when it had none. */
  readonly before: string;
  readonly after: string;
  /** The changed lines, "- " removed, "+ " added (line-diff.ts). */
  readonly diff: readonly string[];
}

export interface CreatedDraft {
  readonly id: string;
  readonly leika: string;
  readonly title: string;
  /**
   * An article without a LeiKa key that has the id this draft's title gives: probably the same
   * service, written by hand. The editor may put the key there and drop the draft instead.
   */
  readonly resembles?: string;
}

export interface CatalogueReport {
  /** New drafts, one per LeiKa key no article had. */
  readonly created: readonly CreatedDraft[];
  /** Articles whose source block was refreshed; the catalogue text is the same. */
  readonly updatedSource: readonly string[];
  readonly changedUpstream: readonly UpstreamChange[];
  /** Articles the import has no description for (local topics, town facts, services without LeiKa key). */
  readonly untouched: readonly string[];
}

export interface CatalogueMerge {
  /** The new and changed articles only. */
  readonly articles: readonly Article[];
  readonly report: CatalogueReport;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The article that owns each LeiKa key; a retired one only when no other has it (the rules allow both). */
const byLeika = (existing: readonly Article[]): Map<string, Article> => {
  const owners = new Map<string, Article>();
  for (const article of existing) {
    if (article.leika === undefined) continue;
    const current = owners.get(article.leika);
    if (current === undefined || (current.status === 'retired' && article.status !== 'retired')) owners.set(article.leika, article);
  }
  return owners;
};

/**
 * Merges catalogue descriptions (one per LeiKa key, see one-per-leika.ts) into the knowledge base.
 * A LeiKa key no article has becomes a new draft. An article that has the key keeps everything an
 * editor wrote — title, answer, sections, status, every other field — and only its `source` is
 * refreshed; when the catalogue text differs from the one it was last compared with, the report
 * shows the change. `now` is epoch ms; `timeZone` dates the drafts' `checked.on`.
 */
export const mergeCatalogue = (existing: readonly Article[], imported: readonly CatalogueService[], now: number, timeZone = 'Europe/Berlin'): CatalogueMerge => {
  const owners = byLeika(existing);
  const byId = new Map(existing.map((a) => [a.id, a]));
  const taken = new Set(byId.keys());
  const articles: Article[] = [];
  const created: CreatedDraft[] = [];
  const updatedSource: string[] = [];
  const changedUpstream: UpstreamChange[] = [];
  const matched = new Set<string>();

  for (const service of imported) {
    const owner = owners.get(service.leika);
    if (owner === undefined) {
      if (created.some((c) => c.leika === service.leika)) continue; // a second description for the key: the first one stands
      const id = uniqueArticleId(service.title, `leistung-${service.leika}`, taken);
      taken.add(id);
      articles.push(draftArticleOf(service, id, now, timeZone));
      const namesake = byId.get(slugOf(service.title));
      const resembles = namesake !== undefined && namesake.leika === undefined ? namesake.id : undefined;
      created.push({ id, leika: service.leika, title: service.title, ...(resembles === undefined ? {} : { resembles }) });
      continue;
    }
    if (matched.has(owner.id)) continue;
    matched.add(owner.id);
    const refreshed: Article = { ...owner, source: sourceOf(service, now) };
    if (!same(refreshed, owner)) articles.push(refreshed);
    const before = owner.source?.text ?? '';
    if (before === service.text) updatedSource.push(owner.id);
    else changedUpstream.push({ id: owner.id, leika: service.leika, title: owner.title, before, after: service.text, diff: shortLineDiff(before, service.text) });
  }

  const untouched = existing.filter((a) => !matched.has(a.id)).map((a) => a.id);
  return { articles, report: { created, updatedSource, changedUpstream, untouched } };
};
