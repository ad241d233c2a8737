import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { QueueView } from '../../app/queue-view.js';
import type { Call } from '../../domain/call.js';
import type { CallId } from '../../domain/ids.js';
import { authPlugin, loginRoutes, tokenRoutes, MemoryLoginThrottle, MemorySessionStore, type AuthOptions } from '../../auth/index.js';

export interface HttpDeps {
  readonly log: Logger;
  /** Liveness: the process serves requests. */
  readonly readiness: () => Promise<{ ari: boolean; redis: boolean }>;
  readonly queue: () => Promise<QueueView>;
  readonly call: (id: CallId) => Promise<Call | null>;
  /** Who may sign in, sessions, failure counts (src/auth `redisAuth`). Left out: nobody can sign in. */
  readonly auth?: AuthOptions;
  /** Further routes (agents, notes, …), registered after sign-in so they can use requireRole. */
  readonly routes?: readonly ((app: FastifyInstance) => void)[];
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Read-only HTTP API: health, readiness, the live queue and call records. */
export function buildHttpServer(d: HttpDeps) {
  // Request lines would drown the one-line-per-call-transition log; errors are still logged.
  const app = Fastify({ loggerInstance: d.log, logController: new LogController({ disableRequestLogging: true }) });

  // request.principal on every request, and /login, /logout, /api/whoami. Routes that need a
  // signed-in person use requireRole (src/auth). The operations endpoints below stay open: they
  // are read-only and bound to localhost (HTTP_HOST); the dashboard gets the operator sign-in later.
  const auth = d.auth ?? { people: [], sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle() };
  void app.register(authPlugin, auth);
  void app.register(loginRoutes, auth);
  void app.register(tokenRoutes, auth);

  for (const register of d.routes ?? []) void app.register((scope, _opts, done) => {
    register(scope);
    done();
  });

  app.get('/healthz', () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const checks = await d.readiness();
    const ready = checks.ari && checks.redis;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks });
  });

  app.get('/api/queue', () => d.queue());

  app.get<{ Params: { id: string } }>('/api/calls/:id', async (req, reply) => {
    const call = await d.call(req.params.id as CallId);
    if (!call) return reply.code(404).send(errorBody('NOT_FOUND', `no call ${req.params.id}`));
    return call;
  });

  app.setNotFoundHandler((req, reply) => reply.code(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url}`)));
  app.setErrorHandler((err, _req, reply) => {
    d.log.error({ err }, 'request failed');
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send(errorBody(status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', status >= 500 ? 'internal error' : (err as Error).message));
  });
  return app;
}
