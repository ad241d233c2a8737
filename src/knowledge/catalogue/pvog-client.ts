import { EngineError } from '../../errors.js';
import type { CatalogueService } from './catalogue-service.js';
import type { CatalogueSource } from './catalogue-source.js';
import { onePerLeika, type SupersededDescription } from './one-per-leika.js';
import { parseListPage, pvogDescriptionSchema, shapeProblems } from './pvog-schema.js';
import { readDescription, type SkippedDescription } from './pvog-service.js';

export interface CatalogueQuery {
  /** Regional key (ARS), 12 digits. */
  readonly ars: string;
  /** Only these LeiKa keys; empty: every description the region has. */
  readonly leika: readonly string[];
  /** Descriptions per list page (the service wants at least 5). */
  readonly pageSize: number;
}

export type FetchProgress =
  | { readonly step: 'page'; readonly page: number; readonly pages: number | undefined }
  | { readonly step: 'description'; readonly done: number; readonly total: number };

export interface CatalogueFetch {
  /** One description per LeiKa key, in list order. */
  readonly services: readonly CatalogueService[];
  /** How many descriptions the list named. */
  readonly listed: number;
  readonly skipped: readonly SkippedDescription[];
  readonly superseded: readonly SupersededDescription[];
  /** Described services with none of the asked-for LeiKa keys (only with a LeiKa filter). */
  readonly notAsked: number;
}

/** A runaway `totalPages` must not keep an import going for hours. */
const MAX_PAGES = 1000;

const badShape = (what: string, problems: string): EngineError => new EngineError('CATALOGUE_BAD_RESPONSE', `${what} hat nicht die erwartete Form: ${problems}`);

/** The ids of every description in the region's list, page by page, each once. */
const listIds = async (source: CatalogueSource, query: CatalogueQuery, onProgress: (p: FetchProgress) => void): Promise<string[]> => {
  const ids = new Set<string>();
  let pages: number | undefined;
  for (let page = 0; page < (pages ?? 1); page++) {
    onProgress({ step: 'page', page: page + 1, pages });
    const parsed = parseListPage(await source.listPage({ ars: query.ars, leika: query.leika, page, size: query.pageSize }));
    if (!parsed.success) throw badShape(`Seite ${page + 1} der Leistungsliste`, shapeProblems(parsed.error));
    // A list that moves while it is read may name a description twice, on two pages.
    for (const entry of parsed.data.content) ids.add(entry.id);
    pages = Math.min(parsed.data.totalPages ?? 1, MAX_PAGES);
    if (parsed.data.content.length === 0) break;
  }
  return [...ids];
};

/**
 * Reads the service descriptions of one region from the catalogue: the list page by page, then
 * each description in full (the list holds only ids and names). Requests go one after another,
 * which keeps the load on the public service low. Rejects with the source's EngineError, or with
 * `CATALOGUE_BAD_RESPONSE` when an answer is not in the documented shape.
 */
export const fetchCatalogue = async (source: CatalogueSource, query: CatalogueQuery, onProgress: (p: FetchProgress) => void = () => {}): Promise<CatalogueFetch> => {
  const ids = await listIds(source, query, onProgress);
  const wanted = new Set(query.leika);
  const read: CatalogueService[] = [];
  const skipped: SkippedDescription[] = [];
  let notAsked = 0;
  for (const [index, id] of ids.entries()) {
    onProgress({ step: 'description', done: index + 1, total: ids.length });
    const parsed = pvogDescriptionSchema.safeParse(await source.description(id, query.ars));
    if (!parsed.success) throw badShape(`Die Leistungsbeschreibung ${id}`, shapeProblems(parsed.error));
    if (wanted.size > 0 && !(parsed.data.leikakeys ?? []).some((k) => wanted.has(k))) {
      notAsked++;
      continue;
    }
    const reading = readDescription(parsed.data, wanted);
    if (reading.ok) read.push(reading.service);
    else skipped.push({ id: reading.id, title: reading.title, reason: reading.reason });
  }
  const { services, superseded } = onePerLeika(read);
  return { services, listed: ids.length, skipped, superseded, notAsked };
};
