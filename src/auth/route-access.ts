import type { Role } from './principal.js';

/**
 * Who may call which HTTP route: the one table that the server enforces (`routeGuard`: a route
 * missing here cannot be registered, an entry without its route fails the start) and that
 * docs/security.md prints (a unit test keeps the two equal).
 *
 * `access` is checked before anything else of the request runs (before its body is parsed):
 * - `open`: anyone, also nobody signed in; such routes carry nothing personal;
 * - `signed-in`: any signed-in person;
 * - a list of roles: only those.
 * `scope` is the finer rule the route's handler applies on top (which agent, town, call or note).
 * `kind` says how a refusal looks: `api` and `stream` answer JSON (401/403), a `page` sends nobody
 * signed in to the sign-in page and shows a German 403 page (`denied`) to the wrong role.
 */
export type Access = 'open' | 'signed-in' | readonly Role[];

export type Scope =
  /** The role alone decides. */
  | 'none'
  /** `:id` is an agent: an agent only their own, operators any. */
  | 'own-agent'
  /** `:town` is a municipality: its own staff only, operators any. */
  | 'own-town'
  /** `:id` is a callback note: the staff of the note's town, operators any. */
  | 'note-town'
  /** `:id` is a call: operators any; an agent the call they are on now, town staff their town's calls, both without the caller hash. */
  | 'call-party'
  /** `:id` is a call: only the agent who took it, and operators. */
  | 'call-agent'
  /** `?municipality=`: town staff only their own town (their default), operators any or `all`. */
  | 'query-town'
  /** `?agent=`: an agent only their own desk, operators any. */
  | 'query-agent'
  /** A knowledge article: town staff only their own town's section and their town's facts, editors and operators all of it. */
  | 'article-part'
  /** Knowledge articles: agents only published ones, everyone else drafts and retired ones too. */
  | 'published-for-agents'
  /**
   * Every center of the platform: only a platform operator (`platform: true`), other operators 403.
   * Checked by the guard itself with the role (it needs nothing but the principal), so no handler can forget it.
   */
  | 'platform-operator';

export type RouteKind = 'api' | 'stream' | 'page' | 'asset' | 'ops';

export interface RouteAccess {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The route as registered with fastify (`:param` placeholders). */
  readonly url: string;
  readonly access: Access;
  readonly scope: Scope;
  readonly kind: RouteKind;
  /** One sentence for the docs: what the route is. */
  readonly purpose: string;
  /** Pages: the German text a signed-in person of another role sees (403). */
  readonly denied?: string;
}

const OPS = 'open' as const;
const OPERATOR: readonly Role[] = ['operator'];
const AGENT_OR_OPERATOR: readonly Role[] = ['agent', 'operator'];
const STAFF_OR_OPERATOR: readonly Role[] = ['town-staff', 'operator'];
const ANY_ROLE: readonly Role[] = ['agent', 'town-staff', 'operator'];
const EDITOR_OR_OPERATOR: readonly Role[] = ['editor', 'operator'];
const KNOWLEDGE_KEEPERS: readonly Role[] = ['editor', 'operator', 'town-staff'];
const KNOWLEDGE_READERS: readonly Role[] = ['agent', 'town-staff', 'operator', 'editor'];

export const ROUTE_ACCESS: readonly RouteAccess[] = [
  // Operations: open, nothing personal (liveness, readiness, Prometheus counters).
  { method: 'GET', url: '/healthz', access: OPS, scope: 'none', kind: 'ops', purpose: 'liveness' },
  { method: 'GET', url: '/readyz', access: OPS, scope: 'none', kind: 'ops', purpose: 'readiness: ARI and Redis' },
  { method: 'GET', url: '/metrics', access: OPS, scope: 'none', kind: 'ops', purpose: 'Prometheus metrics, no personal data' },

  // The pages' scripts (src/web/page-scripts.ts): open. They are the same code for everyone, from
  // the published source, and hold no data (that comes with the page and the API, which check the
  // sign-in), so browsers and proxies may cache them publicly under their content-hashed names.
  { method: 'GET', url: '/assets/:file', access: 'open', scope: 'none', kind: 'asset', purpose: 'the pages’ scripts, by content-hashed name' },

  // Sign-in.
  { method: 'GET', url: '/login', access: 'open', scope: 'none', kind: 'page', purpose: 'the sign-in page' },
  { method: 'POST', url: '/login', access: 'open', scope: 'none', kind: 'api', purpose: 'sign in (form or JSON), throttled' },
  { method: 'POST', url: '/logout', access: 'open', scope: 'none', kind: 'api', purpose: 'end the own session, if any' },
  { method: 'GET', url: '/api/whoami', access: 'signed-in', scope: 'none', kind: 'api', purpose: 'who is signed in' },
  { method: 'POST', url: '/api/tokens', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'create an API token for scripts (the token is shown once)' },
  { method: 'GET', url: '/api/tokens', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'list the API tokens, without their secrets' },
  { method: 'DELETE', url: '/api/tokens/:id', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'revoke an API token' },

  // The live queue and calls.
  { method: 'GET', url: '/api/queue', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'callers waiting and every agent’s state' },
  { method: 'GET', url: '/api/calls/:id', access: ANY_ROLE, scope: 'call-party', kind: 'api', purpose: 'a call’s record or live state' },
  { method: 'POST', url: '/api/calls/:id/outcome', access: AGENT_OR_OPERATOR, scope: 'call-agent', kind: 'api', purpose: 'file the call’s outcome' },
  { method: 'POST', url: '/api/calls/:id/transfer', access: AGENT_OR_OPERATOR, scope: 'call-agent', kind: 'api', purpose: 'transfer the caller to a case worker' },
  { method: 'POST', url: '/api/calls/:id/transfer/complete', access: AGENT_OR_OPERATOR, scope: 'call-agent', kind: 'api', purpose: 'hand the caller over (warm transfer)' },
  { method: 'POST', url: '/api/calls/:id/transfer/cancel', access: AGENT_OR_OPERATOR, scope: 'call-agent', kind: 'api', purpose: 'take the caller back (warm transfer)' },

  // Agents.
  { method: 'GET', url: '/api/agents/:id', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'the agent’s state' },
  { method: 'GET', url: '/api/agents/:id/desk', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'the agent’s desk view' },
  { method: 'GET', url: '/api/agents/:id/events', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'stream', purpose: 'the desk view, live (ends with the session)' },
  { method: 'POST', url: '/api/agents/:id/login', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'log the agent in for calls' },
  { method: 'POST', url: '/api/agents/:id/ready', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'ready for the next call' },
  { method: 'POST', url: '/api/agents/:id/pause', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'pause with a reason' },
  { method: 'POST', url: '/api/agents/:id/logout', access: AGENT_OR_OPERATOR, scope: 'own-agent', kind: 'api', purpose: 'log the agent out of calls' },
  { method: 'GET', url: '/api/towns/:town/departments', access: AGENT_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'a town’s departments to transfer to' },
  {
    method: 'GET',
    url: '/desk',
    access: AGENT_OR_OPERATOR,
    scope: 'query-agent',
    kind: 'page',
    purpose: 'the agent desktop',
    denied: 'Der Arbeitsplatz ist für die Agentinnen und Agenten des Service-Centers und die Teamleitung.',
  },

  // Callback notes.
  { method: 'POST', url: '/api/notes', access: AGENT_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'file a callback note (an agent: about a call they took)' },
  { method: 'GET', url: '/api/notes/:id', access: STAFF_OR_OPERATOR, scope: 'note-town', kind: 'api', purpose: 'one callback note' },
  { method: 'POST', url: '/api/notes/:id/done', access: STAFF_OR_OPERATOR, scope: 'note-town', kind: 'api', purpose: 'close a note (erases the number)' },
  { method: 'GET', url: '/api/towns/:town/notes', access: STAFF_OR_OPERATOR, scope: 'own-town', kind: 'api', purpose: 'a town’s callback notes' },
  {
    method: 'GET',
    url: '/towns/:town/inbox',
    access: STAFF_OR_OPERATOR,
    scope: 'own-town',
    kind: 'page',
    purpose: 'a town’s inbox page',
    denied: 'Der Posteingang ist für die Mitarbeitenden der Gemeinde und die Teamleitung des Service-Centers.',
  },

  // The knowledge base.
  { method: 'GET', url: '/api/knowledge/search', access: KNOWLEDGE_READERS, scope: 'published-for-agents', kind: 'api', purpose: 'search the published articles as one types (`center=`: a partner center’s, read only)' },
  { method: 'GET', url: '/api/knowledge/articles', access: KNOWLEDGE_READERS, scope: 'published-for-agents', kind: 'api', purpose: 'list the articles, with version and “checked” flags' },
  { method: 'GET', url: '/api/knowledge/articles/:id', access: KNOWLEDGE_READERS, scope: 'published-for-agents', kind: 'api', purpose: 'one article, with its file text (`center=`: a partner center’s published one)' },
  { method: 'POST', url: '/api/knowledge/articles/:id', access: KNOWLEDGE_KEEPERS, scope: 'article-part', kind: 'api', purpose: 'create or save an article (a new version)' },
  { method: 'GET', url: '/api/knowledge/articles/:id/versions', access: KNOWLEDGE_KEEPERS, scope: 'none', kind: 'api', purpose: 'an article’s versions: who, when, what changed' },
  { method: 'GET', url: '/api/knowledge/articles/:id/versions/:version', access: KNOWLEDGE_KEEPERS, scope: 'none', kind: 'api', purpose: 'one earlier version of an article' },
  { method: 'POST', url: '/api/knowledge/import', access: EDITOR_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'import a file set, all or nothing' },
  { method: 'GET', url: '/api/knowledge/export', access: EDITOR_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'every article as its file' },
  { method: 'GET', url: '/api/knowledge/gaps', access: EDITOR_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'searches that found nothing, per month' },
  { method: 'GET', url: '/api/knowledge/suggestions', access: AGENT_OR_OPERATOR, scope: 'none', kind: 'api', purpose: 'a municipality’s town facts and most asked articles, for the desk (`center=`: at a partner center)' },
  {
    method: 'GET',
    url: '/knowledge',
    access: KNOWLEDGE_KEEPERS,
    scope: 'none',
    kind: 'page',
    purpose: 'the editors’ page of the knowledge base (town staff: their town’s part)',
    denied: 'Die Wissensdatenbank pflegen die Redaktion, die Teamleitung und die Gemeinden (ihren eigenen Teil). Im Arbeitsplatz finden Sie die Artikel über die Suche.',
  },

  // Figures.
  { method: 'GET', url: '/api/stats', access: STAFF_OR_OPERATOR, scope: 'query-town', kind: 'api', purpose: 'statistics' },
  { method: 'GET', url: '/api/staffing', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'Erlang C staffing advice' },
  { method: 'GET', url: '/api/reports', access: STAFF_OR_OPERATOR, scope: 'query-town', kind: 'api', purpose: 'a report as JSON' },
  { method: 'GET', url: '/api/reports.csv', access: STAFF_OR_OPERATOR, scope: 'query-town', kind: 'api', purpose: 'a report as CSV' },
  {
    method: 'GET',
    url: '/reports',
    access: STAFF_OR_OPERATOR,
    scope: 'query-town',
    kind: 'page',
    purpose: 'the printable report page',
    denied: 'Berichte sind für die Teamleitung des Service-Centers und für die Gemeinden (nur die eigene) da.',
  },
  { method: 'POST', url: '/api/reports/aggregate', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'store a day’s aggregates now' },
  {
    method: 'GET',
    url: '/dashboard',
    access: OPERATOR,
    scope: 'none',
    kind: 'page',
    purpose: 'the live dashboard',
    denied: 'Das Lagebild ist für die Teamleitung des Service-Centers.',
  },
  { method: 'GET', url: '/api/dashboard', access: OPERATOR, scope: 'none', kind: 'api', purpose: 'the dashboard’s views as JSON' },
  { method: 'GET', url: '/api/dashboard/events', access: OPERATOR, scope: 'none', kind: 'stream', purpose: 'the dashboard, live (ends with the session)' },

  // The platform: every center's state from the board, for platform operators at any center's engine.
  {
    method: 'GET',
    url: '/platform',
    access: OPERATOR,
    scope: 'platform-operator',
    kind: 'page',
    purpose: 'every center of the platform at a glance',
    denied: 'Die Übersicht aller Service-Center der Plattform ist für die Plattform-Betreuung. Das Lagebild Ihres Service-Centers finden Sie unter /dashboard.',
  },
  { method: 'GET', url: '/api/platform', access: OPERATOR, scope: 'platform-operator', kind: 'api', purpose: 'every center of the platform as JSON' },
];

/** `METHOD url` → its entry. */
export const routeKey = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;

export const accessTable = (routes: readonly RouteAccess[] = ROUTE_ACCESS): ReadonlyMap<string, RouteAccess> =>
  new Map(routes.map((r) => [routeKey(r.method, r.url), r]));

/** Whether a principal of `role` (null: nobody signed in) passes the route's `access`. */
export const roleMayCall = (access: Access, role: Role | null): boolean => {
  if (access === 'open') return true;
  if (role === null) return false;
  return access === 'signed-in' || access.includes(role);
};
