/**
 * The HTTP client against a real local HTTP server (node:http) that serves the recorded answers
 * the way the search service does: list pages by `page`, descriptions by id. No stub of fetch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isEngineError } from '../../../../src/errors.js';
import { httpCatalogue, type HttpCatalogueOptions } from '../../../../src/knowledge/catalogue/http-catalogue.js';
import { fetchCatalogue, type FetchProgress } from '../../../../src/knowledge/catalogue/pvog-client.js';
import { fixture, ID, KREIS_PINNEBERG_ARS, LEIKA } from './fixture.js';

const recording = fixture();
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

let server: Server;
let base: string;
let requests: { url: URL; headers: IncomingMessage['headers'] }[] = [];
/** Tried before the fixture's answers: lets a test make the service fail. */
let override: Handler | undefined;

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const serveFixture = (res: ServerResponse, url: URL): void => {
  const list = /^\/suchdienst\/api\/v7\/servicedescriptions\/(\d{12})$/.exec(url.pathname);
  const byLeika = url.pathname === '/suchdienst/api/v3/servicedescriptions/leikaid';
  const detail = /^\/suchdienst\/api\/v6\/servicedescriptions\/([^/]+)\/detail$/.exec(url.pathname);
  if ((list !== null && list[1] === recording.ars) || byLeika) {
    const page = recording.pages[Number(url.searchParams.get('page') ?? '0')] as { serviceDescriptions: unknown } | undefined;
    if (page === undefined) return json(res, 404, { message: 'page not found' });
    // The LeiKa search answers the Spring page itself, the region list wraps it.
    return json(res, 200, byLeika ? page.serviceDescriptions : page);
  }
  const id = detail?.[1] === undefined ? undefined : decodeURIComponent(detail[1]);
  if (id !== undefined && Object.hasOwn(recording.descriptions, id) && url.searchParams.get('ars') === recording.ars) return json(res, 200, recording.descriptions[id]);
  json(res, 404, { message: 'not found' });
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ url, headers: req.headers });
    if (override?.(req, res, url) === true) return;
    serveFixture(res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/suchdienst/api`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
  override = undefined;
});

const client = (options: Partial<HttpCatalogueOptions> = {}) => httpCatalogue({ baseUrl: `${base}/`, timeoutMs: 2000, retryDelayMs: 1, ...options });
const query = { ars: KREIS_PINNEBERG_ARS, leika: [] as string[], pageSize: 5 };

const rejection = async (promise: Promise<unknown>) => {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  if (!isEngineError(err)) throw new Error(`expected an EngineError, got ${String(err)}`);
  return err;
};

describe('httpCatalogue against a local HTTP server', () => {
  it('reads every list page and every description, with the documented paths and parameters', async () => {
    const progress: FetchProgress[] = [];
    const fetched = await fetchCatalogue(client({ clientId: 'test-client' }), query, (p) => progress.push(p));
    expect(fetched.listed).toBe(7);
    expect(fetched.services.map((s) => s.leika).sort()).toEqual(Object.values(LEIKA).sort());
    const paths = requests.map((r) => `${r.url.pathname}?${r.url.searchParams.toString()}`);
    expect(paths.slice(0, 2)).toEqual(['/suchdienst/api/v7/servicedescriptions/010560000000?page=0&size=5', '/suchdienst/api/v7/servicedescriptions/010560000000?page=1&size=5']);
    expect(paths).toContain(`/suchdienst/api/v6/servicedescriptions/${ID.gewerbe}/detail?ars=010560000000`);
    expect(requests).toHaveLength(2 + 7);
    expect(requests[0]?.headers).toMatchObject({ accept: 'application/json', 'accept-language': 'de', 'pvog-sud-api-client-id': 'test-client' });
    expect(progress.slice(0, 2)).toEqual([{ step: 'page', page: 1, pages: undefined }, { step: 'page', page: 2, pages: 2 }]);
    expect(progress.at(-1)).toEqual({ step: 'description', done: 7, total: 7 });
  });

  it('with a LeiKa filter: the LeiKa search, and only the descriptions with an asked-for key', async () => {
    const fetched = await fetchCatalogue(client(), { ...query, leika: [LEIKA.gewerbe, LEIKA.wohngeld] });
    expect(requests[0]?.url.pathname).toBe('/suchdienst/api/v3/servicedescriptions/leikaid');
    expect(requests[0]?.url.searchParams.get('leikaIds')).toBe(`${LEIKA.gewerbe},${LEIKA.wohngeld}`);
    expect(requests[0]?.headers['pvog-sud-api-client-id']).toBeUndefined();
    expect(fetched.services.map((s) => s.id)).toEqual([ID.gewerbe, ID.wohngeld]);
    expect(fetched.notAsked).toBe(5);
  });

  it('retries a 503 and goes on; gives up after the retries with CATALOGUE_UNAVAILABLE and the status', async () => {
    let failures = 1;
    override = (_req, res) => (failures-- > 0 ? (json(res, 503, { message: 'busy' }), true) : false);
    expect((await fetchCatalogue(client(), query)).services).toHaveLength(5);
    expect(requests.filter((r) => r.url.pathname.includes('/v7/'))).toHaveLength(1 + 2);

    requests = [];
    override = (_req, res) => (json(res, 503, { message: 'busy' }), true);
    const err = await rejection(fetchCatalogue(client({ retries: 2 }), query));
    expect(err.code).toBe('CATALOGUE_UNAVAILABLE');
    expect(err.message).toMatch(/HTTP 503/);
    expect(requests.filter((r) => r.url.pathname.includes('/v7/'))).toHaveLength(1 + 2);
  });

  it('a 404 is not retried: CATALOGUE_UNAVAILABLE naming the URL', async () => {
    override = (_req, res, url) => (url.pathname.endsWith(`${ID.wohngeld}/detail`) ? (json(res, 404, { message: 'gibt es nicht' }), true) : false);
    const err = await rejection(fetchCatalogue(client(), query));
    expect(err).toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', details: { status: 404 } });
    expect(err.message).toContain(`/v6/servicedescriptions/${ID.wohngeld}/detail?ars=010560000000: HTTP 404`);
    expect(requests.filter((r) => r.url.pathname.endsWith(`${ID.wohngeld}/detail`))).toHaveLength(1);
  });

  it('an answer that is not JSON, or not in the documented shape, is CATALOGUE_BAD_RESPONSE', async () => {
    override = (_req, res) => (res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Wartungsarbeiten</html>'), true);
    expect(await rejection(fetchCatalogue(client(), query))).toMatchObject({ code: 'CATALOGUE_BAD_RESPONSE', message: expect.stringMatching(/keine JSON-Antwort \(text\/html\): Wartungsarbeiten/) as unknown });

    override = (_req, res, url) => (url.pathname.includes('/v6/') ? (json(res, 200, { id: 'x', details: [{ code: 6 }] }), true) : false);
    expect(await rejection(fetchCatalogue(client(), query))).toMatchObject({ code: 'CATALOGUE_BAD_RESPONSE', message: expect.stringContaining('details[0].code') as unknown });
  });

  it('a server that does not answer in time, or no server at all: CATALOGUE_UNAVAILABLE', async () => {
    override = () => true; // never answers
    const slow = await rejection(fetchCatalogue(client({ timeoutMs: 200, retries: 0 }), query));
    expect(slow).toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', message: expect.stringContaining('keine Antwort innerhalb von 0.2 s') as unknown });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await rejection(fetchCatalogue(httpCatalogue({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000, retries: 0 }), query));
    expect(refused).toMatchObject({ code: 'CATALOGUE_UNAVAILABLE', message: expect.stringContaining('nicht erreichbar') as unknown });
  });
});
