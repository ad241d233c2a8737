import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QueueView } from '../app/queue-view.js';
import { requireRole, type Principal } from '../auth/index.js';
import type { NotesCounts, ReportQuery, StatsReport } from '../stats/index.js';
import { DashboardHub, type DashboardLog } from './hub.js';
import { DASHBOARD_HEADERS, dashboardHtml, problemHtml } from './page.js';
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import type { FiguresView, LiveView } from './view.js';

export interface DashboardRoutesDeps {
  /** The live queue (readQueue over the engine's stores). */
  readonly queue: () => Promise<QueueView>;
  /** The statistics read model. */
  readonly stats: { report(q: Omit<ReportQuery, 'timezone'>): Promise<StatsReport> };
  /**
   * Callback notes of every town and the county for a range (the notes module's `notesSummary`);
   * asked for all time, for the notes open and overdue now. Left out: the report's (filed today).
   */
  readonly notes?: (range: { readonly start: number; readonly end: number }) => Promise<NotesCounts>;
  /** Told after every change of a call or an agent (a ChangeNotifier fed by the engine's hooks). */
  readonly changes: { subscribe(listener: () => void): () => void };
  /** The deployment's towns, in the order the table lists them, with their targets (default: the center's). */
  readonly towns: readonly { readonly id: string; readonly name: string; readonly targets?: ServiceTargets }[];
  readonly county: { readonly id: string; readonly name: string };
  /** Partner centers on the platform (`serviceCenter.partners`), to name a caller one of them handed over. */
  readonly partners?: readonly { readonly id: string; readonly name: string }[];
  readonly timezone: string;
  readonly now: () => number;
  /** `serviceCenter.targets`; default today's values. */
  readonly targets?: ServiceTargets;
  readonly log?: DashboardLog;
  /** Server-sent events: a comment this often keeps idle connections open through proxies. */
  readonly keepAliveMs?: number;
  /** The page script's URL (src/web/page-scripts.ts `PageScripts.url('dashboard')`). */
  readonly scriptUrl: string;
}

const principalOf = (request: FastifyRequest): Principal | null => request.principal ?? null;

const requireFrom = createRequire(import.meta.url);
let chartStyle: string | null = null;
/** uPlot's stylesheet from node_modules, read once and inlined in the page (its code is in the page script). */
const chartCss = (): string => (chartStyle ??= readFileSync(requireFrom.resolve('uplot/dist/uPlot.min.css'), 'utf8'));

/**
 * The operators' dashboard:
 *
 * - `GET /dashboard`: the page. Nobody signed in: 303 to `/login?next=/dashboard`; signed in
 *   without the operator role: 403.
 * - `GET /api/dashboard`: both views as JSON, `{ live, figures }` (operators).
 * - `GET /api/dashboard/events`: server-sent events `live` and `figures` (operators), pushed after
 *   every change of a call or an agent, coalesced.
 *
 * The page's script, uPlot included, is one of the engine's page scripts (`GET /assets/:file`, src/web/).
 * Starts the hub (the waiting history's sampling included) with the server; stops it on close.
 */
export function dashboardRoutes(app: FastifyInstance, deps: DashboardRoutesDeps): DashboardHub {
  const uplotCss = chartCss();
  const targets = deps.targets ?? DEFAULT_SERVICE_TARGETS;
  const townTargets = new Map(deps.towns.flatMap((t) => (t.targets ? [[t.id, t.targets] as const] : [])));
  const notes = deps.notes;
  const hub = new DashboardHub({
    queue: deps.queue,
    stats: deps.stats,
    ...(notes ? { notes: () => notes({ start: 0, end: deps.now() + 1 }) } : {}),
    changes: deps.changes,
    timezone: deps.timezone,
    names: { towns: new Map(deps.towns.map((t) => [t.id, t.name])), county: deps.county.name, partners: new Map((deps.partners ?? []).map((p) => [p.id, p.name])) },
    townOrder: deps.towns.map((t) => t.id),
    targets,
    townTargets,
    now: deps.now,
    ...(deps.log ? { log: deps.log } : {}),
  });
  hub.start();
  // Open streams would keep the server from closing (a dashboard on a wall screen never leaves):
  // they are ended first; the browsers reconnect to whichever engine serves next.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const raw of streams) raw.end();
    streams.clear();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    hub.stop();
    done();
  });

  const page = (reply: FastifyReply, status: number, html: string): FastifyReply => reply.code(status).headers(DASHBOARD_HEADERS).send(html);
  const operators = { preHandler: requireRole('operator') };

  app.get('/dashboard', async (request, reply) => {
    const principal = principalOf(request);
    if (!principal) {
      const query = request.url.indexOf('?');
      const here = query >= 0 ? `/dashboard${request.url.slice(query)}` : '/dashboard';
      return reply.code(303).header('cache-control', 'no-store').header('location', `/login?next=${encodeURIComponent(here)}`).send();
    }
    if (principal.role !== 'operator') {
      return page(reply, 403, problemHtml('Kein Zugang', 'Das Lagebild ist für die Teamleitung des Service-Centers.'));
    }
    let snapshot: { live: LiveView | null; figures: FiguresView | null } = { live: null, figures: null };
    try {
      snapshot = await hub.snapshot();
    } catch (err) {
      // Redis away: the page still loads and fills in from the event stream once it answers.
      request.log.warn({ err }, 'dashboard: first views not read');
    }
    const staffing = app.hasRoute({ method: 'GET', url: '/api/staffing' });
    return page(reply, 200, dashboardHtml({ signedInAs: principal.name, county: deps.county, timezone: deps.timezone, staffing, chartCss: uplotCss, scriptUrl: deps.scriptUrl, ...snapshot }));
  });

  app.get('/api/dashboard', operators, () => hub.snapshot());

  app.get('/api/dashboard/events', operators, (request, reply) => {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.write(': Lagebild\n\n');
    streams.add(raw);
    const unsubscribe = hub.subscribe((chunk) => {
      if (!raw.destroyed) raw.write(chunk);
    });
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), deps.keepAliveMs ?? 20_000);
    keepAlive.unref();
    raw.on('close', () => {
      streams.delete(raw);
      unsubscribe();
      clearInterval(keepAlive);
      request.log.debug('dashboard stream closed');
    });
  });
  return hub;
}
