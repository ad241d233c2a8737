import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, onResponseHookHandler, RouteOptions } from 'fastify';
import { accessTable, roleMayCall, routeKey, type RouteAccess } from '../../auth/route-access.js';
import { isPlatformOperator, requireRole, sendForbidden } from '../../auth/index.js';
import type { Principal } from '../../auth/principal.js';
import { deniedPageHtml, PAGE_HEADERS } from '../../auth/login-page.js';
import { OpenStreams } from './open-streams.js';

export interface RouteGuardOptions {
  /** Every entry must have its route (the engine); false for tests that build a server with a few routes. */
  readonly complete?: boolean;
  /** Streams are registered here when they open, and end with the session (`POST /logout` ends them at once). */
  readonly streams?: OpenStreams;
  /** The session cookie's names, to tie a stream to its session. */
  readonly sessionCookies?: readonly string[];
}

const entries = new WeakMap<FastifyRequest, RouteAccess>();

/** The access entry of the route a request matched (set before the route's own hooks run). */
export const accessOf = (request: FastifyRequest): RouteAccess | undefined => entries.get(request);

/** Where a page sends nobody signed in: the sign-in page, coming back here afterwards. */
const toLogin = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const path = request.url.split('?')[0] ?? '/';
  const query = request.url.slice(path.length);
  return reply.code(303).header('cache-control', 'no-store').header('location', `/login?next=${encodeURIComponent(path + query)}`).send();
};

/** The scopes the guard applies itself, since they need nothing but the principal; the others are the handlers'. */
const scopeAllows = (entry: RouteAccess, principal: Principal | null): boolean => entry.scope !== 'platform-operator' || isPlatformOperator(principal);

const guardFor = (entry: RouteAccess, options: RouteGuardOptions): onRequestAsyncHookHandler => {
  const { access } = entry;
  const api = access === 'open' ? null : requireRole(...(access === 'signed-in' ? [] : access));
  return async function guard(request, reply) {
    entries.set(request, entry);
    if (api === null) return;
    if (entry.kind === 'page') {
      const principal = (request.principal as Principal | null | undefined) ?? null;
      if (principal === null) return toLogin(request, reply);
      if (!roleMayCall(access, principal.role) || !scopeAllows(entry, principal)) {
        return reply.code(403).headers(PAGE_HEADERS).send(deniedPageHtml(entry.denied ?? 'Diese Seite ist für Ihre Rolle nicht freigegeben.'));
      }
      return;
    }
    // requireRole answers a refusal itself; a reply is thenable, so what comes back through the await says nothing: ask the reply.
    await api(request, reply);
    if (reply.sent) return reply;
    if (!scopeAllows(entry, request.principal)) {
      return sendForbidden(reply, `this needs a platform operator (platform: true in the deployment file's people); ${request.principal?.id ?? 'nobody'} is not one`);
    }
    if (entry.kind === 'stream') options.streams?.add(reply.raw, OpenStreams.credentialsOf(request.headers, options.sessionCookies ?? []));
  };
};

/**
 * Makes `ROUTE_ACCESS` (src/auth/route-access.ts) the law of the server: every route registered
 * after this gets the guard of its entry as its first own `onRequest` hook (so a refused request
 * never reaches body parsing, nor the handler), a route without an entry cannot be registered, and
 * the server does not become ready while an entry has no route (unless `complete: false`). Register it on the root instance
 * right after the auth plugin (it needs `request.principal`).
 */
export function routeGuard(app: FastifyInstance, table: readonly RouteAccess[], options: RouteGuardOptions = {}): void {
  const { complete = true, streams } = options;
  const byKey = accessTable(table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // fastify adds HEAD for every GET route itself: it answers as the GET does.
      const entry = byKey.get(routeKey(method === 'HEAD' ? 'GET' : method, route.url));
      if (entry === undefined) throw new Error(`route ${method} ${route.url} is not in the access table (src/auth/route-access.ts): say who may call it`);
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [guardFor(entry, options), ...own];
      if (streams && method === 'POST' && route.url === '/logout') {
        // The session this request ends takes its streams along, at once.
        const ownResponse = route.onResponse === undefined ? [] : Array.isArray(route.onResponse) ? route.onResponse : [route.onResponse];
        const endStreams: onResponseHookHandler = (request, _reply, done) => {
          streams.endSession(OpenStreams.credentialsOf(request.headers, options.sessionCookies ?? []));
          done();
        };
        route.onResponse = [...ownResponse, endStreams];
      }
    }
  });
  // Tests that build a server with a few of the routes say `complete: false`; the engine never does.
  if (!complete) return;
  app.addHook('onReady', (done) => {
    const missing = table.filter((r) => !app.hasRoute({ method: r.method, url: r.url }));
    done(missing.length === 0 ? undefined : new Error(`access table entries without a route: ${missing.map((r) => routeKey(r.method, r.url)).join(', ')}`));
  });
}
