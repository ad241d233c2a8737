import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CenterBoard } from '../app/center-board.js';
import type { Article } from './article.js';
import { askedMonths } from './asked-topics.js';
import { isoDateIn } from './knowledge-context.js';
import { KnowledgeSearch, type SearchHit } from './search.js';
import { KnowledgeStore, type ArticleVersion } from './store.js';
import { suggestArticles, townFactsOf, type Suggestions } from './suggestions.js';

/**
 * A partner center's knowledge base, read only, for the callers it hands to this center
 * (docs/partner-centers.md, "The home center's knowledge"). The partner's engine posts its
 * `REDIS_PREFIX` on the board; its articles are read from Redis under that prefix and searched with
 * the same search as our own (search.ts). Nothing is ever written there: no knowledge gaps, no
 * counted topics, no loaded files. Only published articles are shown, to everybody.
 */

/** What the view reads of the partner's store: reads only, so a write cannot even be typed. */
export type PartnerStore = Pick<KnowledgeStore, 'revision' | 'all' | 'asked'>;

export interface PartnerKnowledgeDeps {
  readonly redis: Redis;
  readonly board: Pick<CenterBoard, 'read'>;
  /** This center's partners (`serviceCenter.partners[].partner`): no other center's knowledge is read. */
  readonly partners: readonly string[];
  /** This center's `knowledge.staleAfterDays`: the partner's articles are flagged by our rule. */
  readonly staleAfterDays: number;
  /** This center's time zone: the months of the partner's topic counts. */
  readonly timezone: string;
  readonly now: () => number;
  readonly log: Logger;
  /** The partner's store under its prefix (tests: a stand-in). */
  readonly storeOf?: (prefix: string) => PartnerStore;
}

/** A partner's published article as the article route answers it. */
export type PartnerArticle = ArticleVersion & { readonly stale: boolean };

export type PartnerLookup =
  | { readonly ok: true; readonly view: PartnerKnowledgeView }
  /** `unknown`: not one of this center's partners; `unavailable`: its engine posts no prefix now. */
  | { readonly ok: false; readonly reason: 'unknown' | 'unavailable' };

const DAY_MS = 86_400_000;

/** The partners' knowledge, one view per partner, kept while its prefix stays the same. */
export class PartnerKnowledge {
  private readonly partners: ReadonlySet<string>;
  private readonly views = new Map<string, PartnerKnowledgeView>();

  constructor(private readonly d: PartnerKnowledgeDeps) {
    this.partners = new Set(d.partners);
  }

  isPartner(center: string): boolean {
    return this.partners.has(center);
  }

  /** The view of a partner's knowledge, when it is one of ours and its engine posts its prefix. */
  async of(center: string): Promise<PartnerLookup> {
    if (!this.isPartner(center)) return { ok: false, reason: 'unknown' };
    const prefix = (await this.d.board.read(center))?.prefix;
    if (prefix === undefined) return { ok: false, reason: 'unavailable' };
    let view = this.views.get(center);
    if (view?.prefix !== prefix) {
      const store = this.d.storeOf?.(prefix) ?? new KnowledgeStore(this.d.redis, prefix);
      view = new PartnerKnowledgeView(prefix, store, this.d);
      this.views.set(center, view);
      this.d.log.debug({ partner: center }, 'partner knowledge view made');
    }
    return { ok: true, view };
  }
}

interface Snapshot {
  readonly revision: number;
  readonly articles: ReadonlyMap<string, ArticleVersion>;
  readonly index: KnowledgeSearch;
}

/** One partner's published articles and their search index, rebuilt when the partner's store's revision moved. */
export class PartnerKnowledgeView {
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<Snapshot> | undefined;

  constructor(
    readonly prefix: string,
    private readonly store: PartnerStore,
    private readonly d: Pick<PartnerKnowledgeDeps, 'staleAfterDays' | 'timezone' | 'now'>,
  ) {}

  async search(query: string, options: { municipality?: string; limit?: number }): Promise<SearchHit[]> {
    return (await this.fresh()).index.search(query, options);
  }

  /** A published article; null for drafts, retired and unknown ones. */
  async article(id: string): Promise<PartnerArticle | null> {
    const found = (await this.fresh()).articles.get(id);
    return found === undefined ? null : { ...found, stale: this.isStale(found.article) };
  }

  /** The municipality's town facts and most asked articles there, as the partner's own desk has them. */
  async suggestions(municipality: string): Promise<Suggestions> {
    const [snapshot, asked] = await Promise.all([this.fresh(), this.store.asked(municipality, askedMonths(isoDateIn(this.d.timezone, this.d.now())))]);
    const articles = [...snapshot.articles.values()].map((v) => v.article);
    const facts = townFactsOf(articles, municipality);
    return {
      municipality,
      townFacts:
        facts === undefined
          ? null
          : { id: facts.id, title: facts.title, answer: facts.answer, section: facts.sections[municipality] ?? null, checkedOn: facts.checked.on, stale: this.isStale(facts) },
      articles: suggestArticles(articles, asked, municipality),
    };
  }

  private isStale(article: Article): boolean {
    return this.d.now() - Date.parse(`${article.checked.on}T00:00:00Z`) > this.d.staleAfterDays * DAY_MS;
  }

  /**
   * The articles as of the partner's latest revision: one GET per use, a reload and a new index
   * (once, however many ask) when an editor there saved. The partner's engine does the same for its own.
   */
  private async fresh(): Promise<Snapshot> {
    const revision = await this.store.revision();
    if (this.snapshot !== undefined && this.snapshot.revision === revision) return this.snapshot;
    this.refreshing ??= this.store
      .all()
      .then((stored) => {
        const published = stored.filter((v) => v.article.status === 'published');
        this.snapshot = { revision, articles: new Map(published.map((v) => [v.article.id, v])), index: new KnowledgeSearch(published.map((v) => v.article)) };
        return this.snapshot;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}
