import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCredentials, principalOf } from './credentials.js';
import { loginForm, MESSAGES, PAGE_HEADERS, signedInPage } from './login-page.js';
import { cookieOf, logRefusal, peopleById, requireRole, SESSION_COOKIE, sendTooManyAttempts, sendUnauthenticated, type AuthOptions } from './plugin.js';
import { credentialOf } from './sessions.js';

const FORM = 'application/x-www-form-urlencoded';
/** An id and a secret fit easily; anything bigger is not a sign-in. */
const BODY_LIMIT = 8 * 1024;

const badRequest = (message: string): Error => Object.assign(new Error(message), { statusCode: 400 });

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
    `${SESSION_COOKIE}=${value}`,
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
 *   secret: 401 (`UNAUTHENTICATED`, or the form again with a message); too many failures for the
 *   id: 429 with Retry-After;
 * - `POST /logout`: ends the session and clears the cookie (303 to /login for a form, else 200);
 * - `GET /api/whoami`: the principal, 401 when nobody is signed in.
 *
 * Needs `authPlugin` registered on the app (it sets `request.principal`).
 */
export function loginRoutes(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const people = peopleById(options.people);
  const maxAgeSec = Math.floor(options.sessions.ttlMs / 1000);

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

  app.get<{ Querystring: { next?: string } }>('/login', (request, reply) => {
    if (request.principal) return page(reply, 200, signedInPage(request.principal));
    return page(reply, 200, loginForm({ next: safeNext(request.query.next) }));
  });

  app.post('/login', async (request, reply) => {
    const form = isForm(request);
    const id = field(request.body, 'id')?.trim();
    const secret = field(request.body, 'secret');
    const next = safeNext(field(request.body, 'next'));
    if (id === undefined || id === '' || secret === undefined) {
      if (form) return page(reply, 400, loginForm({ id, next, error: MESSAGES.missing }));
      throw badRequest('send {"id": "<person id>", "secret": "<secret>"}');
    }

    const check = await checkCredentials(people, options.throttle, id, secret);
    if (!check.ok) {
      logRefusal(request, 'login', id, check);
      if (check.reason === 'throttled') {
        if (!form) return sendTooManyAttempts(reply, check.retryAfterMs);
        const seconds = Math.max(1, Math.ceil(check.retryAfterMs / 1000));
        return page(reply.header('retry-after', String(seconds)), 429, loginForm({ id, next, error: MESSAGES.throttled(Math.ceil(seconds / 60)) }));
      }
      if (form) return page(reply, 401, loginForm({ id, next, error: MESSAGES.refused }));
      return sendUnauthenticated(reply, 'unknown id or wrong secret');
    }

    // A new session id at every sign-in (no fixation); an old cookie's session is ended.
    const previous = cookieOf(request, SESSION_COOKIE);
    if (previous !== undefined) await options.sessions.delete(previous);
    const sessionId = await options.sessions.create({ personId: check.person.id, credential: credentialOf(check.person.secretHash) });
    request.log.info({ personId: check.person.id, role: check.person.role }, 'signed in');
    reply.header('set-cookie', sessionCookie(request, sessionId, maxAgeSec));
    if (form) return reply.code(303).header('location', next ?? '/login').send();
    return principalOf(check.person);
  });

  app.post('/logout', async (request, reply) => {
    const sessionId = cookieOf(request, SESSION_COOKIE);
    if (sessionId !== undefined) await options.sessions.delete(sessionId);
    if (request.principal) request.log.info({ personId: request.principal.id }, 'signed out');
    reply.header('set-cookie', sessionCookie(request, '', 0));
    if (isForm(request)) return reply.code(303).header('location', '/login').send();
    return { status: 'signed-out' };
  });

  app.get('/api/whoami', { preHandler: requireRole() }, (request) => request.principal);
  return Promise.resolve();
}
