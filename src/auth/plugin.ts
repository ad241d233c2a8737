import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Person } from '../config/deployment.js';
import { checkCredentials, principalOf } from './credentials.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Principal, Role } from './principal.js';
import { credentialOf, type SessionStore } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who sent the request, set by `authPlugin` before any handler runs: from a bearer token or
     * the session cookie. `null` when nobody is signed in or the credentials were not accepted.
     */
    principal: Principal | null;
  }
}

/** What `authPlugin` and `loginRoutes` need; `redisAuth` builds it for the engine. */
export interface AuthOptions {
  /** The deployment file's `people:`. */
  readonly people: readonly Person[];
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
}

/** Name of the session cookie set by `POST /login`. */
export const SESSION_COOKIE = 'ovr_session';

/** Why a request that carried credentials has no principal; kept per request for `requireRole`. */
type AuthFailure = { readonly kind: 'invalid' } | { readonly kind: 'throttled'; readonly retryAfterMs: number } | { readonly kind: 'unavailable' };
const failures = new WeakMap<FastifyRequest, AuthFailure>();

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** The value of one cookie from the request's `Cookie` header, if present. */
export const cookieOf = (request: FastifyRequest, name: string): string | undefined => {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

/** `people` by id, built once per plugin instance. */
export const peopleById = (people: readonly Person[]): ReadonlyMap<string, Person> => new Map(people.map((p) => [p.id, p]));

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Fastify plugin: sets `request.principal` on every request (routes of the whole app, not only of
 * the context it is registered in).
 *
 * - `Authorization: Bearer <id>:<secret>`: the person's id and secret (the one hashed in the
 *   deployment file). Checked with scrypt on each request, so prefer the session cookie for
 *   frequent requests. Failures count towards the same per-id throttle as `POST /login`.
 * - otherwise the `ovr_session` cookie set by `POST /login`: a session in the store, still valid
 *   only while the person and their `secretHash` in the deployment file are unchanged.
 *
 * Credentials that are not accepted leave `principal` null; they never fail the request by
 * themselves, so open routes (`/healthz`, …) keep answering. `requireRole` turns null into 401
 * (or 429 when the id is throttled, 503 when the session store cannot be reached).
 */
export function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const people = peopleById(options.people);
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);

  const fromBearer = async (request: FastifyRequest, authorization: string): Promise<Principal | null> => {
    const token = BEARER.exec(authorization)?.[1];
    const colon = token?.indexOf(':') ?? -1;
    if (token === undefined || colon <= 0) {
      failures.set(request, { kind: 'invalid' });
      return null;
    }
    const id = token.slice(0, colon);
    const check = await checkCredentials(people, options.throttle, id, token.slice(colon + 1));
    if (check.ok) return principalOf(check.person);
    failures.set(request, check.reason === 'throttled' ? { kind: 'throttled', retryAfterMs: check.retryAfterMs } : { kind: 'invalid' });
    logRefusal(request, 'bearer', id, check);
    return null;
  };

  const fromSession = async (sessionId: string): Promise<Principal | null> => {
    const session = await options.sessions.get(sessionId);
    const person = session ? people.get(session.personId) : undefined;
    // A person removed from the file, or given a new secret, is signed out everywhere.
    if (!session || !person || credentialOf(person.secretHash) !== session.credential) return null;
    return principalOf(person);
  };

  app.addHook('onRequest', async (request) => {
    request.principal = null;
    try {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        request.principal = await fromBearer(request, authorization);
        return;
      }
      const sessionId = cookieOf(request, SESSION_COOKIE);
      if (sessionId !== undefined) request.principal = await fromSession(sessionId);
    } catch (err) {
      // Redis away: open routes must still answer (e.g. /readyz saying 503), protected ones say 503.
      request.log.warn({ err }, 'sign-in could not be checked');
      failures.set(request, { kind: 'unavailable' });
    }
  });
  return Promise.resolve();
}
// Like fastify-plugin: the hook and the decoration apply to the whole app, not an encapsulated child.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/**
 * One log line per refused sign-in: which person (only ids that exist: an unknown "id" may be a
 * secret typed into the wrong field), why, and the failures counted so far. Never the secret.
 */
export const logRefusal = (
  request: FastifyRequest,
  via: 'login' | 'bearer',
  id: string,
  check: { readonly reason: 'throttled' | 'unknown-id' | 'wrong-secret'; readonly failures?: number; readonly retryAfterMs?: number },
): void => {
  request.log.warn(
    {
      via,
      personId: check.reason === 'unknown-id' ? null : id,
      reason: check.reason,
      ...(check.failures !== undefined && check.reason !== 'unknown-id' ? { failures: check.failures } : {}),
      ...(check.retryAfterMs !== undefined ? { retryAfterSec: Math.ceil(check.retryAfterMs / 1000) } : {}),
    },
    'sign-in refused',
  );
};

/** Sends `401 {"error":{"code":"UNAUTHENTICATED",…}}`. */
export const sendUnauthenticated = (reply: FastifyReply, message = 'sign in first: POST /login, or send Authorization: Bearer <id>:<secret>'): FastifyReply =>
  reply.code(401).header('www-authenticate', 'Bearer realm="overflow-engine"').send(errorBody('UNAUTHENTICATED', message));

/** Sends `403 {"error":{"code":"FORBIDDEN",…}}`: signed in, but not allowed to do this. */
export const sendForbidden = (reply: FastifyReply, message = 'you may not do this'): FastifyReply => reply.code(403).send(errorBody('FORBIDDEN', message));

/** Sends `429 {"error":{"code":"TOO_MANY_ATTEMPTS",…}}` with `Retry-After` in seconds. */
export const sendTooManyAttempts = (reply: FastifyReply, retryAfterMs: number): FastifyReply => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send(errorBody('TOO_MANY_ATTEMPTS', `too many failed sign-ins for this id: try again in ${seconds} s`));
};

/**
 * A preHandler that lets a request through only with a principal of one of `roles` (of any role
 * when none is given):
 *
 * ```ts
 * app.get('/api/agents/:id/state', { preHandler: requireRole('agent', 'operator') }, handler);
 * ```
 *
 * No or unaccepted credentials: 401 `UNAUTHENTICATED`; the wrong role: 403 `FORBIDDEN`; an id
 * throttled after too many failures: 429 `TOO_MANY_ATTEMPTS`; the session store unreachable: 503
 * `UNAVAILABLE`. Finer rules (whose state, which town) belong in the handler: see `canActAsAgent`,
 * `canSeeTown` and `sendForbidden`. Without `authPlugin` registered every request is refused (401).
 */
export const requireRole =
  (...roles: readonly Role[]) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const principal = (request.principal as Principal | null | undefined) ?? null;
    if (principal === null) {
      const failure = failures.get(request);
      if (failure?.kind === 'throttled') return sendTooManyAttempts(reply, failure.retryAfterMs);
      if (failure?.kind === 'unavailable') return reply.code(503).send(errorBody('UNAVAILABLE', 'sign-in cannot be checked right now, try again shortly'));
      if (failure?.kind === 'invalid') return sendUnauthenticated(reply, 'the credentials were not accepted');
      return sendUnauthenticated(reply);
    }
    if (roles.length > 0 && !roles.includes(principal.role)) {
      return sendForbidden(reply, `this needs the role ${roles.map((r) => `"${r}"`).join(' or ')}; ${principal.id} has the role "${principal.role}"`);
    }
    return undefined;
  };
