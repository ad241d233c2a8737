import { EngineError } from '../../errors.js';
import type { CatalogueSource, ListRequest } from './catalogue-source.js';

/** The public PVOG search service (FITKO); no key needed. */
export const PVOG_BASE_URL = 'https://pvog.fitko.net/suchdienst/api';

export interface HttpCatalogueOptions {
  readonly baseUrl: string;
  /** Per request, retries included separately. */
  readonly timeoutMs: number;
  /** Sent as `pvog-sud-api-client-id` when set: FITKO hands out ids for regular use. */
  readonly clientId?: string;
  /** Further tries after a timeout, a refused connection, 429 or 5xx (default 2). */
  readonly retries?: number;
  /** Wait before the n-th retry: n × this (default 1000), or the server's Retry-After (at most 30 s). */
  readonly retryDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 30_000;

const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const reason = (err: unknown): string => {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err instanceof Error ? err.message : String(err)}${cause}`;
};

const isTimeout = (err: unknown): boolean => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');

/** The part of an error page worth printing: its text, squeezed, at most 200 characters. */
const excerpt = (body: string): string => body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);

/** The search service over HTTP: GET with a timeout, retries for passing trouble, JSON only. */
export const httpCatalogue = (options: HttpCatalogueOptions): CatalogueSource => {
  const base = options.baseUrl.replace(/\/+$/, '');
  const retries = options.retries ?? 2;
  const delayMs = options.retryDelayMs ?? 1000;
  const sleep = options.sleep ?? sleepFor;
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'de' };
  if (options.clientId !== undefined && options.clientId !== '') headers['pvog-sud-api-client-id'] = options.clientId;

  const attempt = async (url: string): Promise<{ retryAfterMs?: number; error: EngineError } | { body: unknown }> => {
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (err) {
      const message = isTimeout(err) ? `keine Antwort innerhalb von ${options.timeoutMs / 1000} s` : `nicht erreichbar (${reason(err)})`;
      return { error: new EngineError('CATALOGUE_UNAVAILABLE', `GET ${url}: ${message}`, { url }, { cause: err }) };
    }
    const text = await response.text().catch((err: unknown) => {
      throw new EngineError('CATALOGUE_UNAVAILABLE', `GET ${url}: Antwort abgebrochen (${reason(err)})`, { url }, { cause: err });
    });
    if (!response.ok) {
      const error = new EngineError('CATALOGUE_UNAVAILABLE', `GET ${url}: HTTP ${response.status} ${response.statusText} ${excerpt(text)}`.trim(), { url, status: response.status });
      if (!RETRY_STATUS.has(response.status)) throw error;
      const seconds = Number(response.headers.get('retry-after'));
      return Number.isFinite(seconds) && seconds > 0 ? { error, retryAfterMs: Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) } : { error };
    }
    try {
      return { body: JSON.parse(text) as unknown };
    } catch (err) {
      throw new EngineError('CATALOGUE_BAD_RESPONSE', `GET ${url}: keine JSON-Antwort (${response.headers.get('content-type') ?? 'ohne Content-Type'}): ${excerpt(text)}`, { url }, { cause: err });
    }
  };

  const getJson = async (path: string, query: Record<string, string>): Promise<unknown> => {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    for (let n = 1; ; n++) {
      const result = await attempt(url);
      if ('body' in result) return result.body;
      if (n > retries) throw result.error;
      await sleep(result.retryAfterMs ?? delayMs * n);
    }
  };

  return {
    origin: base,
    listPage: (r: ListRequest) =>
      r.leika.length > 0
        ? getJson('/v3/servicedescriptions/leikaid', { ars: r.ars, leikaIds: r.leika.join(','), page: String(r.page), size: String(r.size) })
        : getJson(`/v7/servicedescriptions/${encodeURIComponent(r.ars)}`, { page: String(r.page), size: String(r.size) }),
    description: (id: string, ars: string) => getJson(`/v6/servicedescriptions/${encodeURIComponent(id)}/detail`, { ars }),
  };
};
