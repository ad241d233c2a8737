/** One page of the service list for a region, optionally only the descriptions of some LeiKa keys. */
export interface ListRequest {
  /** Regional key (ARS), 12 digits. */
  readonly ars: string;
  /** Only descriptions with one of these keys; empty: all the region has. */
  readonly leika: readonly string[];
  /** From 0. */
  readonly page: number;
  readonly size: number;
}

/**
 * Where the catalogue's answers come from: the live search service (http-catalogue.ts) or a
 * recording of it (recorded-catalogue.ts). Both hand back the answer's JSON body unchecked; the
 * client (pvog-client.ts) checks its shape. Failures are EngineErrors `CATALOGUE_UNAVAILABLE` or
 * `CATALOGUE_BAD_RESPONSE`.
 */
export interface CatalogueSource {
  /** Where the answers come from, for the operator: a URL or a file. */
  readonly origin: string;
  listPage(request: ListRequest): Promise<unknown>;
  description(id: string, ars: string): Promise<unknown>;
}
