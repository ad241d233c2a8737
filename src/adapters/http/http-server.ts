import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { QueueView } from '../../app/queue-view.js';
import type { Call } from '../../domain/call.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import { authPlugin, loginRoutes, tokenRoutes, MemoryLoginThrottle, MemorySessionStore, SESSION_COOKIE, type AuthOptions, type Principal } from '../../auth/index.js';
import { ROUTE_ACCESS, type RouteAccess } from '../../auth/route-access.js';
import { requestGuards } from './request-guards.js';
import { routeGuard } from './route-guard.js';
import { OpenStreams } from './open-streams.js';
import { logRequestError } from './request-errors.js';

export interface HttpSecurity {
  /** Host names the server answers to (`HTTP_ALLOWED_HOSTS`); null: any. */
  readonly allowedHosts: readonly string[] | null;
  /** fastify's `trustProxy` (`HTTP_TRUST_PROXY`): whose X-Forwarded-* headers to believe. */
  readonly trustProxy?: boolean | number | string | readonly string[];
  /** Serve HTTPS directly (`HTTP_TLS_CERT_FILE`, `HTTP_TLS_KEY_FILE`): PEM contents. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

export interface HttpDeps {
  readonly log: Logger;
  /** Liveness: the process serves requests. */
  readonly readiness: () => Promise<{ ari: boolean; redis: boolean }>;
  readonly queue: () => Promise<QueueView>;
  readonly call: (id: CallId) => Promise<Call | null>;
  /** The call an agent is on now (offered, talking or in wrap-up), for `GET /api/calls/:id`. */
  readonly currentCallOf?: (agent: AgentId) => Promise<CallId | null>;
  /** Who may sign in, sessions, failure counts (src/auth `redisAuth`). Left out: nobody can sign in. */
  readonly auth?: AuthOptions;
  /** Further routes (agents, notes, …), registered after sign-in so they can use requireRole. */
  readonly routes?: readonly ((app: FastifyInstance) => void)[];
  /** Host allow-list, proxies, TLS. Left out: any host name (tests of single routes). */
  readonly security?: HttpSecurity;
  /**
   * Who may call what (src/auth/route-access.ts). `complete` (the engine): every entry must have its
   * route; tests that build a server with a few routes leave it false.
   */
  readonly access?: { readonly table?: readonly RouteAccess[]; readonly complete?: boolean };
  /** How often open event streams are checked against their session (default 15 s). */
  readonly streamCheckMs?: number;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Requests bodies are small JSON (a note's text is the largest, 5,000 characters). */
const BODY_LIMIT = 64 * 1024;

/** What an agent or town staff may see of a call: everything but the caller's hash, which links a citizen's calls (operators only). */
const withoutCallerHash = (call: Call): Omit<Call, 'callerHash'> => {
  const { callerHash: _hash, ...rest } = call;
  return rest;
};

/**
 * The HTTP API: health, readiness, the live queue and calls, sign-in, and the routes of the other
 * modules. Every route's access comes from one table (`ROUTE_ACCESS`); every request passes the
 * Host, cross-site and content-type checks first (request-guards.ts).
 */
export function buildHttpServer(d: HttpDeps) {
  const security = d.security;
  const app = Fastify({
    loggerInstance: d.log,
    // Request lines would drown the one-line-per-call-transition log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    ...(security?.trustProxy !== undefined ? { trustProxy: security.trustProxy as boolean } : {}),
    ...(security?.tls ? { https: { cert: security.tls.cert, key: security.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  const table = d.access?.table ?? ROUTE_ACCESS;

  requestGuards(app, { allowedHosts: security?.allowedHosts ?? null, sessionCookies: [SESSION_COOKIE, `__Host-${SESSION_COOKIE}`], table });

  // request.principal on every request, and /login, /logout, /api/whoami; then the access table.
  const auth = d.auth ?? { people: [], sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle() };
  void app.register(authPlugin, auth);
  const sessionCookies = [SESSION_COOKIE, `__Host-${SESSION_COOKIE}`];
  // Every open event stream is checked against its session this often, and ended with it.
  const streams = new OpenStreams(async (credentials) => {
    const answer = await app.inject({ method: 'GET', url: '/api/whoami', headers: { ...credentials } });
    return answer.statusCode === 200 ? 'valid' : answer.statusCode === 401 ? 'ended' : 'unknown';
  }, d.streamCheckMs);
  app.addHook('preClose', (done) => {
    streams.endAll();
    done();
  });
  routeGuard(app, table, { complete: d.access?.complete ?? false, streams, sessionCookies });
  void app.register(loginRoutes, auth);
  void app.register(tokenRoutes, auth);

  for (const register of d.routes ?? []) void app.register((scope, _opts, done) => {
    try {
      register(scope);
      done();
    } catch (err) {
      // A route refused by the access table: the server must not start.
      done(err as Error);
    }
  });

  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await d.readiness();
    const ready = checks.ari && checks.redis;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });

  app.get('/api/queue', () => d.queue());

  app.get<{ Params: { id: string } }>('/api/calls/:id', async (req, reply) => {
    const principal = (req.principal as Principal | null | undefined) ?? null;
    // Anyone but an operator learns nothing of a call that is not theirs, not even that it exists.
    const notFound = () => reply.code(404).send(errorBody('NOT_FOUND', `no call ${req.params.id}`));
    const call = await d.call(req.params.id as CallId);
    if (!call || principal === null) return notFound();
    switch (principal.role) {
      case 'operator':
        return call;
      case 'agent': {
        const current = d.currentCallOf ? await d.currentCallOf(principal.agentId) : null;
        // Offered (the phone rings: the screen pop), talking or in wrap-up: the agent state names the call.
        return current === call.id ? withoutCallerHash(call) : notFound();
      }
      case 'town-staff':
        return call.municipality === principal.town ? withoutCallerHash(call) : notFound();
      case 'editor':
        return notFound();
    }
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0] ?? ''}`)));
  app.setErrorHandler((err, req, reply) => {
    const status = logRequestError(req, err);
    return reply.code(status).send(errorBody(status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', status >= 500 ? 'internal error' : (err as Error).message));
  });
  return app;
}
