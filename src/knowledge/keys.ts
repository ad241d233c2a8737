/**
 * Redis keys of the knowledge base, under the engine's prefix like every other key
 * (src/adapters/redis/keys.ts). Layout (prefix `ovr:` by default):
 *
 *   kb:article:{id}          string  the current version: JSON {version, savedAt, savedBy, changed, article}
 *   kb:versions:{id}         list    every version of the article, oldest first, the same JSON
 *   kb:ids                   set     ids of every article (retired ones included)
 *   kb:revision              string  counter, raised by every save: engines refresh their search index when it moved
 *   kb:misses:{YYYY-MM}      zset    searches that found nothing, member `{municipality}|{query}`, score = how often; expires after 400 days
 *   kb:asked:{municipality}:{YYYY-MM}
 *                            zset    topics of filed call outcomes, member = article id, score = in how many calls; expires after 400 days
 */
export class KnowledgeKeys {
  readonly ids: string;
  readonly revision: string;
  readonly articlePrefix: string;
  readonly versionsPrefix: string;

  constructor(readonly prefix = 'ovr:') {
    this.ids = `${prefix}kb:ids`;
    this.revision = `${prefix}kb:revision`;
    this.articlePrefix = `${prefix}kb:article:`;
    this.versionsPrefix = `${prefix}kb:versions:`;
  }

  article(id: string): string {
    return `${this.articlePrefix}${id}`;
  }

  versions(id: string): string {
    return `${this.versionsPrefix}${id}`;
  }

  /** `month` as YYYY-MM. */
  misses(month: string): string {
    return `${this.prefix}kb:misses:${month}`;
  }

  /** `municipality` a town id or `kreis`, `month` as YYYY-MM. */
  asked(municipality: string, month: string): string {
    return `${this.prefix}kb:asked:${municipality}:${month}`;
  }
}
