import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCredentials, principalOf } from './credentials.js';
import { MemoryHashUpgrades } from './hash-upgrades.js';
import { refOf } from './keys.js';
import { loginForm, MESSAGES, PAGE_HEADERS, signedInPage } from './login-page.js';
import {
  cookieOf,
  DEFAULT_LOGIN_RATE,
  errorBody,
  logRefusal,
  peopleById,
  requireRole,
  sessionCookieName,
  sendTooManyAttempts,
  sendUnauthenticated,
  sendUnavailable,
  type AuthOptions,
} from './plugin.js';
import { gatedSecretChecker } from './secret-checker.js';
import { credentialOf } from './sessions.js';

const FORM = 'application/x-www-form-urlencoded';
/** An id and a secret fit easily; anything bigger is not a sign-in. */
const BODY_LIMIT = 8 * 1024;

const badRequest = (message: string): Error => Object.assign(new Error(message), { statusCode: 400 });

/** What @fastify/rate-limit throws when an address sent too many sign-ins; answered by our error handler. */
class AddressRateLimited extends Error {
  readonly statusCode = 429;
  constructor(readonly retryAfterMs: number) {
    super('too many sign-in attempts from this address');
  }
}

const isForm = (request: FastifyRequest): boolean => (request.headers['content-type'] ?? '').toLowerCase().startsWith(FORM);

const field = (body: unknown, name: string): string | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const v = (body as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** Only a path on this server (`/…`, not `//host` or `/\host`): no open redirect through `next`. */
const safeNext = (next: string | undefined): string | undefined =>
  next !== undefined && /^\/(?![/\\])[^\s\\]*$/.test(next) && next.length <= 512 ? next : undefined;

const sessionCookie = (request: FastifyRequest, value: string, maxAgeSec: number): string =>
  [
    `${sessionCookieName(request)}=${value}`,
    'Path=/',
    `Max-Age=${maxAgeSec}`,
    'HttpOnly',
    'SameSite=Strict',
    // Served over plain HTTP on 127.0.0.1 by default; a cookie marked Secure would be lost there.
    ...(request.protocol === 'https' ? ['Secure'] : []),
  ].join('; ');

/**
 * Fastify plugin (encapsulated: its body parsers stay inside) with the sign-in routes:
 *
 * - `GET /login`: the German sign-in form (`?next=/path` to go there afterwards), or, when signed
 *   in, who you are and a sign-out button;
 * - `POST /login`: a form (`id`, `secret`, optional `next`: 303 to `next`, default `/login`) or
 *   JSON `{"id","secret"}` (200 with the principal). Sets the session cookie: HttpOnly,
 *   SameSite=Strict, Path=/, Max-Age = the session lifetime (Secure over HTTPS). A wrong id or
 *   secret: 401 (`UNAUTHENTICATED`, or the form again with a message); too many attempts for the
 *   id (see login-throttle.ts) or from the client's address (`loginRate`, default 30 a minute):
 *   429 with Retry-After; too many secret checks running: 503 `UNAVAILABLE` (try again);
 * - `POST /logout`: ends the session and clears the cookie (303 to /login for a form, else 200);
 * - `GET /api/whoami`: the principal, 401 when nobody is signed in.
 *
 * Needs `authPlugin` registered on the app (it sets `request.principal`).
 */
export async function loginRoutes(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const deps = {
    people: peopleById(options.people),
    throttle: options.throttle,
    secrets: options.secrets ?? gatedSecretChecker(),
    upgrades: options.upgrades ?? new MemoryHashUpgrades(),
  };
  const maxAgeSec = Math.floor(options.sessions.ttlMs / 1000);
  const rate = options.loginRate ?? DEFAULT_LOGIN_RATE;

  // Per client address (request.ip; behind a proxy, fastify's trustProxy decides what that is),
  // before the body is read: a flood from one address never reaches the per-id counts or scrypt.
  await app.register(rateLimit, {
    global: false,
    ...(rate.redis ? { redis: rate.redis, nameSpace: rate.nameSpace ?? 'login-rate:' } : {}),
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': false },
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    // A fingerprint, not the address, in Redis: client addresses are personal data.
    keyGenerator: (request) => refOf('address', request.ip),
    errorResponseBuilder: (_request, context) => new AddressRateLimited(context.ttl),
  });

  // Our own parsers: a JSON error must not echo the body (it holds a secret) into the error log.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    try {
      done(null, text.trim() === '' ? {} : (JSON.parse(text) as unknown));
    } catch {
      done(badRequest('the body is not valid JSON'), undefined);
    }
  });
  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
  }

  const page = (reply: FastifyReply, status: number, html: string): FastifyReply => reply.code(status).headers(PAGE_HEADERS).send(html);

  const tooMany = (request: FastifyRequest, reply: FastifyReply, retryAfterMs: number, what: 'id' | 'address', id?: string, next?: string): FastifyReply => {
    if (!isForm(request)) return sendTooManyAttempts(reply, retryAfterMs, what === 'id' ? 'too many failed sign-ins for this id' : 'too many sign-in attempts from this address');
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const minutes = Math.ceil(seconds / 60);
    return page(reply.header('retry-after', String(seconds)), 429, loginForm({ id, next, error: what === 'id' ? MESSAGES.throttled(minutes) : MESSAGES.addressThrottled(minutes) }));
  };

  // A client's mistakes (bad JSON, too many attempts) are answered here and logged at info, without the body.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AddressRateLimited) {
      request.log.info({ via: 'login', reason: 'address-throttled', retryAfterSec: Math.ceil(err.retryAfterMs / 1000) }, 'sign-in refused');
      return tooMany(request, reply, err.retryAfterMs, 'address');
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      request.log.info({ status, reason: err.message }, 'sign-in request refused');
      return reply.code(status).send(errorBody('BAD_REQUEST', err.message));
    }
    request.log.warn({ err }, 'sign-in could not be checked');
    return sendUnavailable(reply, 'sign-in cannot be checked right now, try again shortly');
  });

  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) => {
    if (request.principal) return page(reply, 200, signedInPage(request.principal));
    return page(reply, 200, loginForm({ next: safeNext(request.query.next) }));
  });

  app.post('/login', { config: { rateLimit: { max: rate.max, timeWindow: rate.timeWindowMs } } }, async (request, reply) => {
    const form = isForm(request);
    const id = field(request.body, 'id')?.trim();
    const secret = field(request.body, 'secret');
    const next = safeNext(field(request.body, 'next'));
    if (id === undefined || id === '' || secret === undefined) {
      if (form) return page(reply, 400, loginForm({ id, next, error: MESSAGES.missing }));
      throw badRequest('send {"id": "<person id>", "secret": "<secret>"}');
    }

    const check = await checkCredentials(deps, id, secret, request.ip);
    if (!check.ok) {
      logRefusal(request, deps.people.has(id), id, check);
      if (check.reason === 'throttled') return tooMany(request, reply, check.retryAfterMs, 'id', id, next);
      if (check.reason === 'busy') {
        if (form) return page(reply.header('retry-after', '1'), 503, loginForm({ id, next, error: MESSAGES.busy }));
        return sendUnavailable(reply, 'too many sign-ins at once: try again in a moment');
      }
      if (form) return page(reply, 401, loginForm({ id, next, error: MESSAGES.refused }));
      return sendUnauthenticated(reply, 'unknown id or wrong secret');
    }
    if (check.upgraded) {
      request.log.info({ personId: check.person.id }, 'secret hash below the current cost: an upgraded hash is kept in Redis; put a new one in the deployment file (npm run hash-secret)');
    }

    // A new session id at every sign-in (no fixation); an old cookie's session is ended.
    const previous = cookieOf(request, sessionCookieName(request));
    if (previous !== undefined) await options.sessions.delete(previous);
    const sessionId = await options.sessions.create({ personId: check.person.id, credential: credentialOf(check.person.secretHash) });
    request.log.info({ personId: check.person.id, role: check.person.role }, 'signed in');
    reply.header('set-cookie', sessionCookie(request, sessionId, maxAgeSec));
    if (form) return reply.code(303).header('location', next ?? '/login').send();
    return principalOf(check.person);
  });

  app.post('/logout', async (request, reply) => {
    const sessionId = cookieOf(request, sessionCookieName(request));
    if (sessionId !== undefined) await options.sessions.delete(sessionId);
    if (request.principal) request.log.info({ personId: request.principal.id }, 'signed out');
    reply.header('set-cookie', sessionCookie(request, '', 0));
    if (isForm(request)) return reply.code(303).header('location', '/login').send();
    return { status: 'signed-out' };
  });

  app.get('/api/whoami', { preHandler: requireRole() }, (request) => request.principal);
}
