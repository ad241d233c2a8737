import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Person } from '../config/deployment.js';
import { MemoryApiTokenStore, type ApiTokenStore } from './api-token-store.js';
import { principalOf } from './credentials.js';
import { parseToken, principalOfToken, secretMatches } from './api-tokens.js';
import type { HashUpgrades } from './hash-upgrades.js';
import type { LoginThrottle } from './login-throttle.js';
import type { SecretChecker } from './secret-checker.js';
import type { TokenTargets } from './token-request.js';
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

/** What `authPlugin`, `loginRoutes` and `tokenRoutes` need; `redisAuth` builds it for the engine. */
export interface AuthOptions {
  /** The deployment file's `people:`. */
  readonly people: readonly Person[];
  readonly sessions: SessionStore;
  readonly throttle: LoginThrottle;
  /** API tokens for `Authorization: Bearer ovr_…`. Default: in memory (see `tokensOf`). */
  readonly tokens?: ApiTokenStore;
  /** scrypt with a bound on parallel checks. Default: `gatedSecretChecker()`. */
  readonly secrets?: SecretChecker;
  /** Re-hashed secrets of people whose file hash is below the current cost. Default: in memory. */
  readonly upgrades?: HashUpgrades;
  /** `POST /login` per client address (@fastify/rate-limit). Default: 30 a minute, counted in memory. */
  readonly loginRate?: LoginRateLimit;
  /** The agents and towns a token may be created for (the deployment's). */
  readonly tokenTargets?: TokenTargets;
  /** Epoch ms; for token expiry. Default Date.now. */
  readonly now?: () => number;
}

export interface LoginRateLimit {
  /** Sign-in requests per address in a window. Default 30. */
  readonly max: number;
  /** Default one minute. */
  readonly timeWindowMs: number;
  /** Count in this Redis (the engine's client), under `nameSpace`; left out: in memory. */
  readonly redis?: Redis;
  readonly nameSpace?: string;
}

export const DEFAULT_LOGIN_RATE: LoginRateLimit = { max: 30, timeWindowMs: 60_000 };

const defaultTokens = new WeakMap<AuthOptions, ApiTokenStore>();
/** The options' token store; without one, a memory store shared by every plugin given these options. */
export const tokensOf = (options: AuthOptions): ApiTokenStore => {
  if (options.tokens) return options.tokens;
  let tokens = defaultTokens.get(options);
  if (!tokens) defaultTokens.set(options, (tokens = new MemoryApiTokenStore(options.now)));
  return tokens;
};

/** Name of the session cookie set by `POST /login`. */
export const SESSION_COOKIE = 'ovr_session';

/**
 * The session cookie's name for this request: over HTTPS (served directly, or behind a proxy the
 * engine trusts, `HTTP_TRUST_PROXY`) `__Host-ovr_session`, which browsers accept only with Secure,
 * Path=/ and no Domain, so no other host of the county's domain can set or overwrite it; over
 * plain HTTP (localhost) `ovr_session`. Only the name that fits the request is read.
 */
export const sessionCookieName = (request: FastifyRequest): string => (request.protocol === 'https' ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

/** Why a request that carried credentials has no principal; kept per request for `requireRole`. */
type AuthFailure = { readonly kind: 'invalid'; readonly message: string } | { readonly kind: 'unavailable' };
const failures = new WeakMap<FastifyRequest, AuthFailure>();

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

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
/** The retired `Bearer <id>:<secret>` form: told apart only to say what replaced it. */
const OLD_BEARER = /^[^:]+:/;

/**
 * Fastify plugin: sets `request.principal` on every request (routes of the whole app, not only of
 * the context it is registered in).
 *
 * - `Authorization: Bearer ovr_<id>_<secret>`: an API token (see api-tokens.ts): one Redis read
 *   and a SHA-256, never scrypt, so no flood of bearer requests can stall the password sign-ins.
 *   The old `Bearer <id>:<secret>` is refused with a pointer to API tokens.
 * - otherwise the `ovr_session` cookie set by `POST /login`: a session in the store, still valid
 *   only while the person and their `secretHash` in the deployment file are unchanged.
 *
 * Credentials that are not accepted leave `principal` null; they never fail the request by
 * themselves, so open routes (`/healthz`, …) keep answering. `requireRole` turns null into 401
 * (503 when the store cannot be reached).
 */
export function authPlugin(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const people = peopleById(options.people);
  const now = options.now ?? Date.now;
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', null);

  const refuse = (request: FastifyRequest, why: string, message: string, tokenId?: string): null => {
    failures.set(request, { kind: 'invalid', message });
    // A client's mistake: info, and never the token itself (its public id at most).
    request.log.info({ via: 'bearer', reason: why, ...(tokenId === undefined ? {} : { tokenId }) }, 'api token refused');
    return null;
  };

  const fromBearer = async (request: FastifyRequest, authorization: string): Promise<Principal | null> => {
    const presented = BEARER.exec(authorization)?.[1];
    if (presented !== undefined && OLD_BEARER.test(presented)) {
      return refuse(request, 'old-form', 'Bearer <id>:<secret> is no longer accepted: use an API token (Bearer ovr_…; an operator creates one with POST /api/tokens or npm run api-token) or sign in with POST /login');
    }
    const token = presented === undefined ? null : parseToken(presented);
    if (token === null) return refuse(request, 'malformed', 'the credentials were not accepted: send Authorization: Bearer ovr_<id>_<secret>');
    const stored = await tokensOf(options).find(token.id);
    if (stored === null || stored.expiresAt <= now() || !secretMatches(token.secret, stored)) {
      return refuse(request, stored === null ? 'unknown-expired-or-revoked' : 'wrong-secret', 'the API token is unknown, expired or revoked', token.id);
    }
    return principalOfToken(stored);
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
      const sessionId = cookieOf(request, sessionCookieName(request));
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
 * One log line per refused sign-in, at info (a client's problem, not the engine's): which person
 * (only ids that exist: an unknown "id" may be a secret typed into the wrong field), why, and the
 * attempts counted so far from this address. Never the secret.
 */
export const logRefusal = (
  request: FastifyRequest,
  known: boolean,
  id: string,
  check: { readonly reason: 'throttled' | 'busy' | 'unknown-id' | 'wrong-secret'; readonly failures?: number; readonly retryAfterMs?: number },
): void => {
  request.log.info(
    {
      via: 'login',
      personId: known ? id : null,
      reason: check.reason,
      ...(check.failures !== undefined ? { failures: check.failures } : {}),
      ...(check.retryAfterMs !== undefined ? { retryAfterSec: Math.ceil(check.retryAfterMs / 1000) } : {}),
    },
    'sign-in refused',
  );
};

/** Sends `401 {"error":{"code":"UNAUTHENTICATED",…}}`. */
export const sendUnauthenticated = (reply: FastifyReply, message = 'sign in first: POST /login, or send Authorization: Bearer <API token>'): FastifyReply =>
  reply.code(401).header('www-authenticate', 'Bearer realm="overflow-engine"').send(errorBody('UNAUTHENTICATED', message));

/** Sends `403 {"error":{"code":"FORBIDDEN",…}}`: signed in, but not allowed to do this. */
export const sendForbidden = (reply: FastifyReply, message = 'you may not do this'): FastifyReply => reply.code(403).send(errorBody('FORBIDDEN', message));

/** Sends `429 {"error":{"code":"TOO_MANY_ATTEMPTS",…}}` with `Retry-After` in seconds. */
export const sendTooManyAttempts = (reply: FastifyReply, retryAfterMs: number, what = 'too many failed sign-ins for this id'): FastifyReply => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send(errorBody('TOO_MANY_ATTEMPTS', `${what}: try again in ${seconds} s`));
};

/** Sends `503 {"error":{"code":"UNAVAILABLE",…}}`: the engine cannot check now, the client may retry. */
export const sendUnavailable = (reply: FastifyReply, message: string, retryAfterSec = 1): FastifyReply =>
  reply.code(503).header('retry-after', String(retryAfterSec)).send(errorBody('UNAVAILABLE', message));

/**
 * A preHandler that lets a request through only with a principal of one of `roles` (of any role
 * when none is given):
 *
 * ```ts
 * app.get('/api/agents/:id/state', { preHandler: requireRole('agent', 'operator') }, handler);
 * ```
 *
 * No or unaccepted credentials: 401 `UNAUTHENTICATED`; the wrong role: 403 `FORBIDDEN`; the
 * session or token store unreachable: 503
 * `UNAVAILABLE`. Finer rules (whose state, which town) belong in the handler: see `canActAsAgent`,
 * `canSeeTown` and `sendForbidden`. Without `authPlugin` registered every request is refused (401).
 */
export const requireRole =
  (...roles: readonly Role[]) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const principal = (request.principal as Principal | null | undefined) ?? null;
    if (principal === null) {
      const failure = failures.get(request);
      if (failure?.kind === 'unavailable') return sendUnavailable(reply, 'sign-in cannot be checked right now, try again shortly');
      if (failure?.kind === 'invalid') return sendUnauthenticated(reply, failure.message);
      return sendUnauthenticated(reply);
    }
    if (roles.length > 0 && !roles.includes(principal.role)) {
      return sendForbidden(reply, `this needs the role ${roles.map((r) => `"${r}"`).join(' or ')}; ${principal.id} has the role "${principal.role}"`);
    }
    return undefined;
  };
