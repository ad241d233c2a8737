import { EngineError, isEngineError } from '../../errors.js';
import type { Article } from '../article.js';
import { articleFileName, loadKnowledgeDirectory, writeKnowledgeDirectory } from '../article-files.js';
import type { ArticleProblem } from '../article-problem.js';
import { articleToYaml } from '../article-yaml.js';
import { checkFileSet } from '../file-set.js';
import type { KnowledgeContext } from '../knowledge-context.js';
import type { CatalogueSource } from './catalogue-source.js';
import { mergeCatalogue, type CatalogueReport } from './merge.js';
import { fetchCatalogue, type CatalogueFetch, type CatalogueQuery, type FetchProgress } from './pvog-client.js';

export interface CatalogueImportRequest extends CatalogueQuery {
  /** The knowledge directory (articles/, towns/). */
  readonly dir: string;
  /** The deployment's towns and departments, to check the files against. */
  readonly context: KnowledgeContext;
  readonly source: CatalogueSource;
  /** Merge and report, write nothing. */
  readonly dryRun: boolean;
  /** The import's time (epoch ms): `source.fetchedAt`, and the drafts' `checked.on` in `timeZone`. */
  readonly now: number;
  readonly timeZone: string;
  readonly onProgress?: (p: FetchProgress) => void;
}

export type CatalogueImportOutcome =
  /** The knowledge directory (or the result of the merge) has problems: nothing was fetched or written. */
  | { readonly ok: false; readonly stage: 'files'; readonly problems: readonly ArticleProblem[] }
  /** The catalogue failed: nothing was written. */
  | { readonly ok: false; readonly stage: 'catalogue'; readonly error: EngineError }
  | {
      readonly ok: true;
      readonly fetched: CatalogueFetch;
      readonly report: CatalogueReport;
      /** The files the import writes (or, in a dry run, would write), relative to the directory. */
      readonly files: readonly string[];
      readonly written: boolean;
    };

/** The merged directory as files, checked as a whole as loading would: the import never writes what the engine would refuse. */
const checkResult = (existing: readonly Article[], changed: readonly Article[], context: KnowledgeContext) => {
  const byId = new Map(existing.map((a) => [a.id, a]));
  for (const article of changed) byId.set(article.id, article);
  return checkFileSet([...byId.values()].map((a) => ({ name: articleFileName(a), text: articleToYaml(a) })), context);
};

/**
 * One catalogue import: reads the knowledge directory (all or nothing), fetches the region's
 * descriptions, merges them (merge.ts: new LeiKa keys become drafts, existing articles get a fresh
 * `source` and nothing else) and writes the new and changed files. Problems in the files and
 * catalogue failures are returned as data; nothing is written then.
 */
export const importCatalogue = async (request: CatalogueImportRequest): Promise<CatalogueImportOutcome> => {
  const loaded = await loadKnowledgeDirectory(request.dir, request.context);
  if (!loaded.ok) return { ok: false, stage: 'files', problems: loaded.problems };

  let fetched: CatalogueFetch;
  try {
    fetched = await fetchCatalogue(request.source, request, request.onProgress);
  } catch (err) {
    if (isEngineError(err, 'CATALOGUE_UNAVAILABLE') || isEngineError(err, 'CATALOGUE_BAD_RESPONSE')) return { ok: false, stage: 'catalogue', error: err };
    throw err;
  }

  const merged = mergeCatalogue(loaded.articles, fetched.services, request.now, request.timeZone);
  const checked = checkResult(loaded.articles, merged.articles, request.context);
  if (!checked.ok) return { ok: false, stage: 'files', problems: checked.problems };

  const files = merged.articles.map(articleFileName);
  if (request.dryRun) return { ok: true, fetched, report: merged.report, files, written: false };
  const written = await writeKnowledgeDirectory(request.dir, merged.articles);
  return { ok: true, fetched, report: merged.report, files: written, written: true };
};
