import type { Logger } from 'pino';
import { parse } from 'yaml';
import type { Principal } from '../auth/principal.js';
import type { Article } from './article.js';
import type { ArticleProblem } from './article-problem.js';
import { checkArticleSet, factsOf } from './article-set-rules.js';
import { articleFileName } from './article-files.js';
import { articleToYaml, readArticleYaml } from './article-yaml.js';
import { changedFields, staffMayChange } from './changes.js';
import { checkFileSet, type KnowledgeFile } from './file-set.js';
import { isoDateIn, type KnowledgeContext } from './knowledge-context.js';
import { KnowledgeSearch, type SearchHit } from './search.js';
import type { ArticleVersion, KnowledgeStore } from './store.js';

/** What lists and the editor page show of an article. */
export interface ArticleSummary {
  readonly id: string;
  readonly title: string;
  readonly kind: Article['kind'];
  readonly status: Article['status'];
  readonly municipality?: string;
  /** The municipalities (town ids, `kreis`) the article has a section for. */
  readonly sections: readonly string[];
  readonly version: number;
  readonly savedAt: number;
  readonly savedBy: string;
  readonly checkedOn: string;
  /** `checked.on` is older than the deployment's `knowledge.staleAfterDays`. */
  readonly stale: boolean;
}

export type SaveOutcome =
  | { readonly ok: true; readonly version: number; readonly changed: readonly string[] }
  | { readonly ok: false; readonly reason: 'invalid'; readonly problems: readonly ArticleProblem[] }
  | { readonly ok: false; readonly reason: 'forbidden'; readonly message: string }
  | { readonly ok: false; readonly reason: 'conflict'; readonly current: number }
  | { readonly ok: false; readonly reason: 'not-found' };

export type ImportOutcome =
  | { readonly ok: true; readonly created: readonly string[]; readonly updated: readonly string[]; readonly unchanged: number }
  | { readonly ok: false; readonly problems: readonly ArticleProblem[] };

export interface KnowledgeBaseDeps {
  readonly store: KnowledgeStore;
  /** The deployment's towns and departments (today is taken from `now`). */
  readonly context: KnowledgeContext;
  readonly staleAfterDays: number;
  readonly now: () => number;
  readonly log: Logger;
}

/** Searches shorter than this are not recorded as knowledge gaps (typing has barely begun). */
const MISS_MIN_CHARS = 3;
/** Longer searches are cut: a gap list is for topics, not for whatever was pasted. */
const MISS_MAX_CHARS = 60;
const DAY_MS = 86_400_000;

/**
 * The knowledge base as the engine serves it: articles and their versions in Redis (store.ts), the
 * search index in memory, refreshed whenever any engine saved (the store's revision moved).
 */
export class KnowledgeBase {
  private index: KnowledgeSearch | undefined;
  private indexRevision = -1;
  private refreshing: Promise<KnowledgeSearch> | undefined;

  constructor(private readonly d: KnowledgeBaseDeps) {}

  private get context(): KnowledgeContext {
    return { ...this.d.context, today: this.today() };
  }

  private today(): string {
    return isoDateIn('Europe/Berlin', this.d.now());
  }

  /**
   * Loads a file set into an empty knowledge base (the first start of a deployment); a knowledge
   * base that has articles already keeps them. Returns how many were loaded, or the problems.
   */
  async seed(files: readonly KnowledgeFile[]): Promise<ImportOutcome | { readonly ok: true; readonly skipped: true }> {
    if ((await this.d.store.revision()) > 0) return { ok: true, skipped: true };
    return this.importFiles(files, 'import');
  }

  /** The search, as the agent types. `final`: the agent finished typing; a search that found nothing is then kept as a knowledge gap. */
  async search(query: string, options: { municipality?: string; limit?: number; final?: boolean }): Promise<SearchHit[]> {
    const index = await this.freshIndex();
    const hits = index.search(query, { ...(options.municipality === undefined ? {} : { municipality: options.municipality }), ...(options.limit === undefined ? {} : { limit: options.limit }) });
    const asked = query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, MISS_MAX_CHARS);
    if (hits.length === 0 && options.final === true && asked.length >= MISS_MIN_CHARS) {
      await this.d.store.recordMiss(this.today().slice(0, 7), options.municipality ?? 'all', asked);
    }
    return hits;
  }

  async article(id: string): Promise<(ArticleVersion & { readonly stale: boolean }) | null> {
    const found = await this.d.store.get(id);
    return found === null ? null : { ...found, stale: this.isStale(found.article) };
  }

  async versions(id: string): Promise<ArticleVersion[]> {
    return this.d.store.versions(id);
  }

  /** Every article (drafts and retired ones only with `all`), by title. */
  async list(all: boolean): Promise<ArticleSummary[]> {
    const stored = await this.d.store.all();
    return stored
      .filter((v) => all || v.article.status === 'published')
      .map((v) => this.summaryOf(v))
      .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  }

  /** Of these ids, the ones no article has (retired and draft articles count as having one). */
  async unknownIds(ids: readonly string[]): Promise<string[]> {
    const found = await Promise.all(ids.map(async (id) => ((await this.d.store.get(id)) === null ? id : null)));
    return found.filter((id): id is string => id !== null);
  }

  /** The town facts of a municipality, if it has a published one. */
  async townFacts(town: string): Promise<ArticleVersion | null> {
    const stored = await this.d.store.all();
    return stored.find((v) => v.article.kind === 'town-facts' && v.article.municipality === town && v.article.status === 'published') ?? null;
  }

  /**
   * Saves an article from the text of its YAML file. `expected` is the version the editor started
   * from (0 for a new article): a save by someone else meanwhile is a conflict, nothing is lost.
   * Town staff may change only their own town's section and their town's facts.
   */
  async save(principal: Principal, id: string, yaml: string, expected: number): Promise<SaveOutcome> {
    const current = await this.d.store.get(id);
    if (current === null && expected > 0) return { ok: false, reason: 'not-found' };
    // Checked first (the store checks again, atomically): compared with a newer version, a stale
    // text would seem to undo the other save, and town staff would be refused instead of told.
    if (current !== null && expected !== current.version) return { ok: false, reason: 'conflict', current: current.version };
    const file = `${kindOfText(yaml) === 'town-facts' ? 'towns' : 'articles'}/${id}.yaml`;
    const { validation } = readArticleYaml(yaml, file, this.context);
    if (!validation.ok) return { ok: false, reason: 'invalid', problems: validation.problems };
    const article = validation.article;
    const others = (await this.d.store.all()).filter((v) => v.article.id !== id);
    const setProblems = checkArticleSet([...others.map((v) => factsOf(articleFileName(v.article), folderOf(v.article), v.article)), factsOf(file, folderOf(article), article)]);
    if (setProblems.length > 0) return { ok: false, reason: 'invalid', problems: setProblems.filter((p) => p.file === file) };
    const changed = changedFields(current?.article, article);
    if (principal.role === 'town-staff' && !staffMayChange(principal.town, current?.article, changed)) {
      return { ok: false, reason: 'forbidden', message: `Sie dürfen nur den Abschnitt „${principal.town}“ und den Ortsartikel Ihrer Gemeinde ändern` };
    }
    if (current !== null && changed.length === 0) return { ok: true, version: current.version, changed };
    const result = await this.d.store.save([{ article, expected, changed }], principal.id, this.d.now());
    if (!result.ok) return { ok: false, reason: 'conflict', current: result.conflicts[0]?.current ?? 0 };
    this.d.log.info({ article: id, version: result.versions[0], changed, by: principal.id }, 'knowledge article saved');
    return { ok: true, version: result.versions[0] ?? 0, changed };
  }

  /**
   * Imports a whole file set, all or nothing: a bad file lists every problem and changes nothing.
   * Articles in the set replace the stored ones (a new version where they differ); articles not in
   * the set stay as they are.
   */
  async importFiles(files: readonly KnowledgeFile[], by: string): Promise<ImportOutcome> {
    const checked = checkFileSet(files, this.context);
    if (!checked.ok) return checked;
    const stored = new Map((await this.d.store.all()).map((v) => [v.article.id, v]));
    const created: string[] = [];
    const updated: string[] = [];
    const saves = checked.articles.flatMap((article) => {
      const before = stored.get(article.id);
      const changed = changedFields(before?.article, article);
      if (before !== undefined && changed.length === 0) return [];
      (before === undefined ? created : updated).push(article.id);
      return [{ article, expected: before?.version ?? 0, changed }];
    });
    const result = await this.d.store.save(saves, by, this.d.now());
    if (!result.ok) {
      return { ok: false, problems: result.conflicts.map((c) => ({ file: `${c.id}`, path: '', message: 'wurde während des Imports geändert: bitte erneut importieren' })) };
    }
    if (saves.length > 0) this.d.log.info({ created: created.length, updated: updated.length, by }, 'knowledge files imported');
    return { ok: true, created, updated, unchanged: checked.articles.length - saves.length };
  }

  /** Every article as its file: what `importFiles` takes back. */
  async exportFiles(): Promise<KnowledgeFile[]> {
    return (await this.d.store.all()).map((v) => ({ name: articleFileName(v.article), text: articleToYaml(v.article) }));
  }

  /** The month's (YYYY-MM) searches that found nothing, most frequent first. */
  async gaps(month: string, limit: number): Promise<{ municipality: string; query: string; count: number }[]> {
    return this.d.store.misses(month, limit);
  }

  private isStale(article: Article): boolean {
    return this.d.now() - Date.parse(`${article.checked.on}T00:00:00Z`) > this.d.staleAfterDays * DAY_MS;
  }

  private summaryOf(v: ArticleVersion): ArticleSummary {
    const a = v.article;
    return {
      id: a.id,
      title: a.title,
      kind: a.kind,
      status: a.status,
      ...(a.municipality === undefined ? {} : { municipality: a.municipality }),
      sections: Object.keys(a.sections),
      version: v.version,
      savedAt: v.savedAt,
      savedBy: v.savedBy,
      checkedOn: a.checked.on,
      stale: this.isStale(a),
    };
  }

  /** The search index as of the store's latest revision; rebuilt (once, however many ask) when it moved. */
  private async freshIndex(): Promise<KnowledgeSearch> {
    const revision = await this.d.store.revision();
    if (this.index !== undefined && revision === this.indexRevision) return this.index;
    this.refreshing ??= this.d.store
      .all()
      .then((stored) => {
        this.index = new KnowledgeSearch(stored.map((v) => v.article));
        this.indexRevision = revision;
        return this.index;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }
}

const folderOf = (article: Article): 'articles' | 'towns' => (article.kind === 'town-facts' ? 'towns' : 'articles');

/** The `kind:` an article's text declares, read leniently (the full check comes after). */
const kindOfText = (yaml: string): unknown => {
  try {
    const raw: unknown = parse(yaml);
    return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).kind : undefined;
  } catch {
    return undefined;
  }
};
