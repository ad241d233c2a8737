import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accessTable, routeKey, type RouteAccess } from '../../auth/route-access.js';

/**
 * Checks every request must pass before anything else looks at it (sign-in included):
 *
 * - **Host allow-list** (DNS rebinding): a page of another site whose name an attacker points at
 *   this server's address reaches it with that name in `Host`. Only the configured names are
 *   answered (421); the open operations routes (`kind: 'ops'`) carry nothing personal and answer
 *   any name, so probes and scrapers that address the engine by its IP need no entry.
 * - **Cross-site requests** (CSRF, login CSRF): a state-changing request (POST, PUT, PATCH, DELETE)
 *   from a browser must come from this server's own pages: `Sec-Fetch-Site` same-origin (or
 *   none: typed by the user), else an `Origin` equal to this server's. A request with a session
 *   cookie and neither header is refused too: every browser that sends the cookie also sends one
 *   of them. Scripts with an API token send none and pass.
 * - **JSON only** on the JSON API: a state-changing `/api/…` request has `Content-Type:
 *   application/json`, or no body at all. A cross-site form can only send form or text bodies.
 * - **One value per query parameter**: `?next=a&next=b` is refused with 400 rather than handed to
 *   code that expects a string.
 */

export interface RequestGuardOptions {
  /** Host names (without port) the server answers to; null: any (only where nothing else can reach it). */
  readonly allowedHosts: readonly string[] | null;
  /** The session cookie's names (plain and `__Host-`), to tell browser requests. */
  readonly sessionCookies: readonly string[];
  readonly table: readonly RouteAccess[];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** `example.org`, `127.0.0.1`, `::1` from a Host header (`example.org:8080`, `[::1]:8080`); null when it is not one. */
export const hostnameOf = (host: string | undefined): string | null => {
  if (host === undefined || host === '' || /[\s/?#@\\]/.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch (err) {
    // The URL constructor reports a malformed host only by throwing TypeError.
    if (err instanceof TypeError) return null;
    throw err;
  }
};

export const normalizeHost = (name: string): string => name.trim().replace(/^\[|\]$/g, '').toLowerCase();

const hasCookie = (request: FastifyRequest, names: readonly string[]): boolean => {
  const header = request.headers.cookie;
  return header !== undefined && names.some((n) => header.split(';').some((part) => part.trim().startsWith(`${n}=`)));
};

const refuse = (reply: FastifyReply, status: number, code: string, message: string): FastifyReply => reply.code(status).send(errorBody(code, message));

/** Installs the checks as the first hooks of the root instance. */
export function requestGuards(app: FastifyInstance, options: RequestGuardOptions): void {
  const allowed = options.allowedHosts === null ? null : new Set(options.allowedHosts.map(normalizeHost));
  const table = accessTable(options.table);
  const entryOf = (request: FastifyRequest): RouteAccess | undefined => {
    const url = request.routeOptions.url;
    return url === undefined ? undefined : table.get(routeKey(request.method === 'HEAD' ? 'GET' : request.method, url));
  };

  app.addHook('onRequest', async (request, reply) => {
    const entry = entryOf(request);
    if (allowed !== null && entry?.kind !== 'ops') {
      const name = hostnameOf(request.host);
      if (name === null || !allowed.has(name)) {
        request.log.info({ route: entry?.url ?? null }, 'request for a host name not served here refused');
        return refuse(reply, 421, 'HOST_NOT_ALLOWED', 'this server does not answer to that host name (HTTP_ALLOWED_HOSTS)');
      }
    }
    if (!STATE_CHANGING.has(request.method)) return;

    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const ownOrigin = `${request.protocol}://${request.host}`.toLowerCase();
    let crossSite: boolean;
    if (typeof site === 'string') crossSite = site !== 'same-origin' && site !== 'none';
    else if (typeof origin === 'string') crossSite = origin.toLowerCase() !== ownOrigin;
    else crossSite = hasCookie(request, options.sessionCookies);
    if (crossSite) {
      request.log.info({ route: entry?.url ?? null, secFetchSite: site ?? null }, 'cross-site request refused');
      return refuse(reply, 403, 'CROSS_SITE', 'state-changing requests are accepted only from this server’s own pages');
    }

    if (request.url.startsWith('/api/')) {
      const type = request.headers['content-type'];
      const json = typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type);
      const length = request.headers['content-length'];
      const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
      if (type !== undefined ? !json : hasBody) {
        return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send JSON with Content-Type: application/json (or no body)');
      }
    }
  });

  app.addHook('preValidation', async (request, reply) => {
    const query = request.query;
    if (typeof query !== 'object' || query === null) return;
    const repeated = Object.entries(query as Record<string, unknown>).filter(([, v]) => Array.isArray(v)).map(([k]) => k);
    if (repeated.length > 0) {
      return refuse(reply, 400, 'BAD_REQUEST', `give each query parameter once: ${repeated.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  });
}
