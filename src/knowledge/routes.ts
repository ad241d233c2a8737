import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { articleToYaml } from './article-yaml.js';
import type { PartnerKnowledge, PartnerKnowledgeView } from './partner-knowledge.js';
import type { KnowledgeBase } from './service.js';

export interface KnowledgeRoutesDeps {
  readonly knowledge: KnowledgeBase;
  /** Town ids and `kreis`: the municipalities a search may put first. */
  readonly municipalities: readonly string[];
  /** The partners' knowledge, for `center=`; without it, every `center=` is unknown. */
  readonly partners?: Pick<PartnerKnowledge, 'of'>;
  /** Who sent the request (src/auth's `authPlugin` sets `request.principal`). */
  readonly principalOf?: (request: FastifyRequest) => Principal | null;
}

/** A whole knowledge directory as one request: larger than the API's usual 64 KiB. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
const MAX_QUERY_CHARS = 200;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A municipality at a partner center: its town id there (which this engine's deployment does not list). */
export const PARTNER_MUNICIPALITY = /^[a-z0-9][a-z0-9-]{0,63}$/;

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });
const defaultPrincipalOf = (request: FastifyRequest): Principal | null => (request as unknown as { principal?: Principal | null }).principal ?? null;

const saveBody = z.object({ yaml: z.string().max(256 * 1024), expectedVersion: z.number().int().min(0) }).strict();
const importBody = z.object({ files: z.array(z.object({ name: z.string().max(200), text: z.string().max(256 * 1024) }).strict()).min(1).max(20_000) }).strict();

/** Agents see published articles only; editors, operators and town staff also drafts and retired ones. */
const seesDrafts = (p: Principal | null): boolean => p !== null && p.role !== 'agent';

/**
 * `center=<partner id>`: the view of that partner's knowledge, or the reply already sent (400 for a
 * center that is not one of ours, 404 while its engine posts no key prefix). Shared with the
 * suggestions route.
 */
export async function partnerViewFor(reply: FastifyReply, partners: Pick<PartnerKnowledge, 'of'> | undefined, center: string): Promise<PartnerKnowledgeView | null> {
  const found = partners === undefined ? ({ ok: false, reason: 'unknown' } as const) : await partners.of(center);
  if (found.ok) return found.view;
  if (found.reason === 'unknown') await reply.code(400).send(errorBody('BAD_REQUEST', `"${center}" is not a partner center of this one`));
  else await reply.code(404).send(errorBody('NO_PARTNER_KNOWLEDGE', `das Wissen von ${center} ist gerade nicht erreichbar (keine Meldung auf der Plattform)`));
  return null;
}

/**
 * The knowledge base over HTTP (who may call what: src/auth/route-access.ts; docs/knowledge-base.md):
 * - `GET /api/knowledge/search?q=&municipality=&limit=&final=1`: hits as the agent types;
 * - `GET /api/knowledge/articles[?all=1]`, `GET /api/knowledge/articles/:id`: articles;
 * - `POST /api/knowledge/articles/:id` `{yaml, expectedVersion}`: create (0) or save a new version;
 *   422 lists every problem, 409 when someone saved meanwhile, 403 for town staff outside their part;
 * - `GET /api/knowledge/articles/:id/versions[/:version]`: the history;
 * - `POST /api/knowledge/import` `{files: [{name, text}]}` (all or nothing), `GET /api/knowledge/export`;
 * - `GET /api/knowledge/gaps?month=YYYY-MM`: searches that found nothing.
 * Search and one article take `center=<partner id>`: the partner's published articles, read only
 * (partner-knowledge.ts), `municipality` then a town id there; no gap is recorded for them.
 */
export function knowledgeRoutes(app: FastifyInstance, deps: KnowledgeRoutesDeps): Promise<void> {
  const { knowledge } = deps;
  const principalOf = deps.principalOf ?? defaultPrincipalOf;
  const municipalities = new Set(deps.municipalities);
  const badRequest = (reply: FastifyReply, message: string) => reply.code(400).send(errorBody('BAD_REQUEST', message));
  const notFound = (reply: FastifyReply, id: string) => reply.code(404).send(errorBody('NOT_FOUND', `kein Artikel ${id}`));

  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.get<{ Querystring: { q?: string; municipality?: string; limit?: string; final?: string; center?: string } }>('/api/knowledge/search', async (request, reply) => {
    const { q = '', municipality, limit, final, center } = request.query;
    if (q.length > MAX_QUERY_CHARS) return badRequest(reply, `q must be at most ${MAX_QUERY_CHARS} characters`);
    const known = center === undefined ? municipalities.has(municipality ?? '') : PARTNER_MUNICIPALITY.test(municipality ?? '');
    if (municipality !== undefined && !known) return badRequest(reply, `unknown municipality "${municipality}"`);
    const max = limit === undefined ? 10 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 50) return badRequest(reply, 'limit must be a whole number from 1 to 50');
    const options = { ...(municipality === undefined ? {} : { municipality }), limit: max };
    if (center !== undefined) {
      const view = await partnerViewFor(reply, deps.partners, center);
      return view === null ? reply : { hits: await view.search(q, options) };
    }
    const hits = await knowledge.search(q, { ...options, final: final === '1' });
    return { hits };
  });

  app.get<{ Querystring: { all?: string } }>('/api/knowledge/articles', async (request) => ({
    articles: await knowledge.list(request.query.all === '1' && seesDrafts(principalOf(request))),
  }));

  app.get<{ Params: { id: string }; Querystring: { center?: string } }>('/api/knowledge/articles/:id', async (request, reply) => {
    const { center } = request.query;
    if (center !== undefined) {
      const view = await partnerViewFor(reply, deps.partners, center);
      if (view === null) return reply;
      const theirs = await view.article(request.params.id);
      return theirs === null ? notFound(reply, request.params.id) : { ...theirs, yaml: articleToYaml(theirs.article) };
    }
    const found = await knowledge.article(request.params.id);
    if (found === null || (found.article.status !== 'published' && !seesDrafts(principalOf(request)))) return notFound(reply, request.params.id);
    return { ...found, yaml: articleToYaml(found.article) };
  });

  app.post<{ Params: { id: string } }>('/api/knowledge/articles/:id', async (request, reply) => {
    const principal = principalOf(request);
    if (principal === null) return reply.code(401).send(errorBody('UNAUTHENTICATED', 'sign in first'));
    const body = saveBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, 'body must be {"yaml": "<the article file>", "expectedVersion": <0 for a new article>}');
    const outcome = await knowledge.save(principal, request.params.id, body.data.yaml, body.data.expectedVersion);
    if (outcome.ok) return { version: outcome.version, changed: outcome.changed };
    switch (outcome.reason) {
      case 'invalid':
        return reply.code(422).send(errorBody('INVALID_ARTICLE', `${outcome.problems.length} Problem(e) im Artikel`, { problems: outcome.problems }));
      case 'forbidden':
        return reply.code(403).send(errorBody('FORBIDDEN', outcome.message));
      case 'conflict':
        return reply.code(409).send(errorBody('CONFLICT', `inzwischen von jemand anderem gespeichert (Version ${outcome.current}): bitte neu laden`, { current: outcome.current }));
      case 'not-found':
        return notFound(reply, request.params.id);
    }
  });

  app.get<{ Params: { id: string } }>('/api/knowledge/articles/:id/versions', async (request, reply) => {
    const versions = await knowledge.versions(request.params.id);
    if (versions.length === 0) return notFound(reply, request.params.id);
    return { versions: versions.map(({ version, savedAt, savedBy, changed }) => ({ version, savedAt, savedBy, changed })).reverse() };
  });

  app.get<{ Params: { id: string; version: string } }>('/api/knowledge/articles/:id/versions/:version', async (request, reply) => {
    const wanted = Number(request.params.version);
    const found = (await knowledge.versions(request.params.id)).find((v) => v.version === wanted);
    if (found === undefined) return reply.code(404).send(errorBody('NOT_FOUND', `keine Version ${request.params.version} von ${request.params.id}`));
    return { ...found, yaml: articleToYaml(found.article) };
  });

  app.post('/api/knowledge/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal === null) return reply.code(401).send(errorBody('UNAUTHENTICATED', 'sign in first'));
    const body = importBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, 'body must be {"files": [{"name": "articles/<id>.yaml", "text": "…"}, …]}');
    const outcome = await knowledge.importFiles(body.data.files, principal.id);
    if (!outcome.ok) return reply.code(422).send(errorBody('INVALID_FILES', `${outcome.problems.length} Problem(e): nichts wurde geändert`, { problems: outcome.problems }));
    return outcome;
  });

  app.get('/api/knowledge/export', async () => ({ files: await knowledge.exportFiles() }));

  app.get<{ Querystring: { month?: string } }>('/api/knowledge/gaps', async (request, reply) => {
    const month = request.query.month ?? new Date().toISOString().slice(0, 7);
    if (!MONTH.test(month)) return badRequest(reply, 'month must be YYYY-MM');
    return { month, misses: await knowledge.gaps(month, 100) };
  });

  return Promise.resolve();
}
