import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canSeeTown, requireRole, sendForbidden, type Principal } from '../auth/index.js';
import { isEngineError } from '../errors.js';
import { addDays, daysBetween, isDate, localDate } from '../stats/time.js';
import { csvFileName, reportCsv, type CsvSection } from './csv.js';
import { REPORT_PAGE_HEADERS, reportHtml, reportProblemHtml } from './page.js';
import type { AggregateResult, Report, ReportRequest } from './service.js';

export interface ReportsRoutesDeps {
  /** The ReportService, or anything that answers the same way. */
  readonly reports: {
    report(q: ReportRequest): Promise<Report>;
    aggregateDay(date: string): Promise<AggregateResult>;
  };
  /** The service center's time zone: months and days are its local ones, "today" is its today. */
  readonly timezone: string;
  /** The deployment's towns. */
  readonly towns: readonly { readonly id: string; readonly name: string }[];
  readonly now: () => number;
  /** Longest range, in days. Default 400. */
  readonly maxDays?: number;
}

const errorBody = (code: string, message: string, problems?: readonly string[]) => ({ error: { code, message, ...(problems ? { problems } : {}) } });
const principalOf = (req: FastifyRequest): Principal | null => req.principal ?? null;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SECTIONS: readonly CsvSection[] = ['all', 'days', 'reasons', 'topics', 'gaps', 'partners'];

/** First and last day of month `YYYY-MM`. */
export const monthRange = (month: string): [string, string] => {
  const [y = 0, m = 0] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return [`${month}-01`, addDays(next, -1)];
};

interface Parsed {
  readonly fromDate: string;
  readonly toDate: string;
  readonly month: string | undefined;
  /** A town id, `all`, or undefined (the viewer's default). */
  readonly municipality: string | undefined;
  readonly section: CsvSection;
}

/** The query, or every problem with it. Default period: the current month. */
function parse(raw: unknown, d: ReportsRoutesDeps, towns: ReadonlySet<string>, csv: boolean): { ok: true; value: Parsed } | { ok: false; problems: string[] } {
  const known = ['municipality', 'month', 'from', 'to', ...(csv ? ['section'] : [])];
  const problems: string[] = [];
  const q = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(q)) if (!known.includes(key)) problems.push(`${key}: unknown parameter (known: ${known.join(', ')})`);
  const one = (key: string): string | undefined => {
    const v = q[key];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') {
      problems.push(`${key}: give it once`);
      return undefined;
    }
    return v;
  };
  const today = localDate(d.timezone, d.now());
  const monthAsked = one('month');
  const fromRaw = one('from');
  const toRaw = one('to');
  let fromDate: string | undefined;
  let toDate: string | undefined;
  // Neither a month nor dates: the current month.
  const month = monthAsked ?? (fromRaw === undefined && toRaw === undefined ? today.slice(0, 7) : undefined);
  if (month !== undefined) {
    if (fromRaw !== undefined || toRaw !== undefined) problems.push('month: give either month or from/to, not both');
    if (!MONTH.test(month)) problems.push(`month: must be a month YYYY-MM, got ${JSON.stringify(month)}`);
    else [fromDate, toDate] = monthRange(month);
  } else {
    const date = (key: string, v: string | undefined, fallback: string | undefined): string | undefined => {
      if (v === undefined) return fallback;
      if (!isDate(v)) {
        problems.push(`${key}: must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
        return undefined;
      }
      return v;
    };
    fromDate = date('from', fromRaw, today);
    toDate = date('to', toRaw, fromDate);
  }
  const municipality = one('municipality');
  if (municipality !== undefined && municipality !== 'all' && !towns.has(municipality)) {
    problems.push(`municipality: must be "all" or a town of the county (${[...towns].sort().join(', ')}), got ${JSON.stringify(municipality)}`);
  }
  const sectionRaw = csv ? one('section') : undefined;
  let section: CsvSection = 'all';
  if (sectionRaw !== undefined) {
    if ((SECTIONS as readonly string[]).includes(sectionRaw)) section = sectionRaw as CsvSection;
    else problems.push(`section: must be one of ${SECTIONS.join(', ')}, got ${JSON.stringify(sectionRaw)}`);
  }
  if (fromDate !== undefined && toDate !== undefined) {
    const days = daysBetween(fromDate, toDate) + 1;
    const maxDays = d.maxDays ?? 400;
    if (days < 1) problems.push(`to: must not be before from (${fromDate})`);
    else if (days > maxDays) problems.push(`to: a report covers at most ${maxDays} days, this range has ${days}`);
  }
  if (problems.length > 0 || fromDate === undefined || toDate === undefined) return { ok: false, problems };
  return { ok: true, value: { fromDate, toDate, month, municipality, section } };
}

type Decision = { readonly ok: true; readonly request: ReportRequest } | { readonly ok: false; readonly status: 400 | 403; readonly message: string; readonly problems?: readonly string[] };

/**
 * What the principal asked for and may see: operators any town or `all`, with the figures per agent
 * and the texts of the searches that found nothing; town staff only their own town, without either.
 */
function decide(principal: Principal, parsed: ReturnType<typeof parse>): Decision {
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.problems.join('; '), problems: parsed.problems };
  const operator = principal.role === 'operator';
  const asked = parsed.value.municipality ?? (principal.role === 'town-staff' ? principal.town : 'all');
  if (asked === 'all' ? !operator : !canSeeTown(principal, asked)) {
    return { ok: false, status: 403, message: asked === 'all' ? 'town staff see only their own municipality: ask for municipality=<your town>' : `not your municipality: ${asked}` };
  }
  const { fromDate, toDate, month } = parsed.value;
  return { ok: true, request: { fromDate, toDate, municipality: asked, byAgent: operator, searchTexts: operator, ...(month !== undefined ? { month } : {}) } };
}

const unavailable = (err: unknown): boolean => isEngineError(err, 'REDIS_UNAVAILABLE');

/**
 * Reports per municipality and month (or any range of days):
 *
 * - `GET /api/reports?municipality=<town|all>&month=YYYY-MM` (or `&from=YYYY-MM-DD&to=YYYY-MM-DD`;
 *   neither: the current month): the report as JSON;
 * - `GET /api/reports.csv?…&section=all|days|reasons|topics|gaps|partners`: the same as a CSV download for Excel;
 * - `GET /reports?…`: the printable German page;
 * - `POST /api/reports/aggregate?date=YYYY-MM-DD` (operators; default today): stores that day's
 *   aggregates now, as the daily job does after each day.
 *
 * Operators see every municipality (`all`, their default) and the figures per agent; town staff
 * only their own municipality (their default): another town or `all` is 403. Agents: 403. Nobody
 * signed in: 401 for the API, a redirect to `/login` for the page. Parameter problems: 400 listing
 * every one. Redis unreachable when stored days are needed: 503.
 */
export function reportsRoutes(app: FastifyInstance, d: ReportsRoutesDeps): void {
  const towns = new Set(d.towns.map((t) => t.id));
  const guard = { preHandler: requireRole('operator', 'town-staff') };

  // A reply is thenable (awaiting it waits for the send and gives undefined): an early answer is
  // sent here and told by null, never returned through the await.
  const answer = async (req: FastifyRequest, reply: FastifyReply, csv: boolean): Promise<{ report: Report; section: CsvSection } | null> => {
    const principal = principalOf(req);
    if (!principal) {
      void reply.code(401).send(errorBody('UNAUTHENTICATED', 'sign in first'));
      return null;
    }
    const parsed = parse(req.query, d, towns, csv);
    const decision = decide(principal, parsed);
    if (!decision.ok) {
      if (decision.status === 403) void sendForbidden(reply, decision.message);
      else void reply.code(400).send(errorBody('BAD_REQUEST', decision.message, decision.problems));
      return null;
    }
    try {
      return { report: await d.reports.report(decision.request), section: parsed.ok ? parsed.value.section : 'all' };
    } catch (err) {
      if (!unavailable(err)) throw err;
      req.log.warn({ err }, 'report: redis unavailable');
      void reply.code(503).send(errorBody('UNAVAILABLE', 'the stored report data cannot be read right now, try again shortly'));
      return null;
    }
  };

  app.get('/api/reports', guard, async (req, reply) => {
    const out = await answer(req, reply, false);
    if (out === null) return reply;
    return reply.header('cache-control', 'no-store').send(out.report);
  });

  app.get('/api/reports.csv', guard, async (req, reply) => {
    const out = await answer(req, reply, true);
    if (out === null) return reply;
    return reply
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${csvFileName(out.report, out.section)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(reportCsv(out.report, out.section));
  });

  app.get('/reports', async (req, reply) => {
    const page = (status: number, html: string): FastifyReply => reply.code(status).headers(REPORT_PAGE_HEADERS).send(html);
    const principal = principalOf(req);
    if (!principal) {
      const query = req.url.indexOf('?');
      const here = query >= 0 ? `/reports${req.url.slice(query)}` : '/reports';
      return reply.code(303).header('cache-control', 'no-store').header('location', `/login?next=${encodeURIComponent(here)}`).send();
    }
    if (principal.role === 'agent') return page(403, reportProblemHtml('Kein Zugang', 'Berichte sind für die Teamleitung des Service-Centers und für die Gemeinden (nur die eigene) da.'));
    const parsed = parse(req.query, d, towns, false);
    const decision = decide(principal, parsed);
    if (!decision.ok) {
      return decision.status === 403
        ? page(403, reportProblemHtml('Kein Zugang', 'Sie können nur den Bericht Ihrer eigenen Gemeinde sehen.'))
        : page(400, reportProblemHtml('Ungültige Angaben', 'Der Bericht kann so nicht erstellt werden:', decision.problems ?? []));
    }
    let report: Report;
    try {
      report = await d.reports.report(decision.request);
    } catch (err) {
      if (!unavailable(err)) throw err;
      req.log.warn({ err }, 'report: redis unavailable');
      return page(503, reportProblemHtml('Gerade nicht verfügbar', 'Die gespeicherten Berichtsdaten können gerade nicht gelesen werden. Bitte versuchen Sie es gleich noch einmal.'));
    }
    const choices =
      principal.role === 'operator' ? [{ id: 'all', name: 'Alle Gemeinden' }, ...d.towns] : d.towns.filter((t) => principal.role === 'town-staff' && t.id === principal.town);
    return page(200, reportHtml({ report, signedInAs: principal.name, choices }));
  });

  app.post<{ Querystring: { date?: string } }>('/api/reports/aggregate', { preHandler: requireRole('operator') }, async (req, reply) => {
    const date = req.query.date ?? localDate(d.timezone, d.now());
    if (typeof date !== 'string' || !isDate(date)) return reply.code(400).send(errorBody('BAD_REQUEST', `date: must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`));
    try {
      return await d.reports.aggregateDay(date);
    } catch (err) {
      if (!unavailable(err)) throw err;
      return reply.code(503).send(errorBody('UNAVAILABLE', 'the report data cannot be written right now, try again shortly'));
    }
  });
}
