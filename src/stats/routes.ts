import type { FastifyInstance } from 'fastify';
import { canSeeTown, requireRole, sendForbidden, type Principal } from '../auth/index.js';
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import type { ReportQuery, StatsReport } from './report.js';
import { withVerdicts } from './report-verdicts.js';
import { withTopicTitles, type TopicTitle } from './topics.js';
import { daysBetween, isDate, localDate, type IntervalKind } from './time.js';

export interface StatsRoutesDeps {
  /** The read model (StatsReadModel), or anything that answers the same way. */
  readonly stats: { report(q: Omit<ReportQuery, 'timezone'>): Promise<StatsReport> };
  /** The service center's time zone: `from`/`to` are its local days, "today" is its today. */
  readonly timezone: string;
  /** The deployment's town ids. */
  readonly towns: Iterable<string>;
  readonly now: () => number;
  /** A topic's title (the knowledge article's); not given: titles are null. */
  readonly topicTitle?: TopicTitle;
  /** The targets of calls about a municipality (null: the county itself), e.g. `(m) => targetsFor(deployment, m)`; default today's values. */
  readonly targetsOf?: (municipality: string | null) => ServiceTargets;
  /** Longest range, in days, for `day` and `total`. Default 400. */
  readonly maxDays?: number;
  /** Longest range, in days, for `hour`. Default 31. */
  readonly maxHourDays?: number;
}

const INTERVALS: readonly IntervalKind[] = ['day', 'hour', 'total'];
const PARAMS = ['from', 'to', 'municipality', 'interval'] as const;

const errorBody = (code: string, message: string, problems?: readonly string[]) => ({ error: { code, message, ...(problems ? { problems } : {}) } });
const principalOf = (req: { principal?: unknown }): Principal | null => (req.principal as Principal | null | undefined) ?? null;

interface Parsed {
  readonly fromDate: string;
  readonly toDate: string;
  readonly interval: IntervalKind;
  /** A town id, `all`, or undefined (not given: the principal's default). */
  readonly municipality: string | undefined;
}

/** The query parameters, or every problem with them. */
function parse(raw: unknown, d: StatsRoutesDeps, towns: ReadonlySet<string>): { ok: true; value: Parsed } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const q = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(q)) if (!(PARAMS as readonly string[]).includes(key)) problems.push(`${key}: unknown parameter (known: ${PARAMS.join(', ')})`);
  const one = (key: (typeof PARAMS)[number]): string | undefined => {
    const v = q[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      problems.push(`${key}: give it once`);
      return undefined;
    }
    return v;
  };
  const today = localDate(d.timezone, d.now());
  const date = (key: 'from' | 'to', fallback: string | undefined): string | undefined => {
    const v = one(key);
    if (v === undefined) return fallback;
    if (!isDate(v)) {
      problems.push(`${key}: must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };
  const fromDate = date('from', today);
  const toDate = date('to', fromDate);
  const intervalRaw = one('interval');
  let interval: IntervalKind = 'day';
  if (intervalRaw !== undefined) {
    if ((INTERVALS as readonly string[]).includes(intervalRaw)) interval = intervalRaw as IntervalKind;
    else problems.push(`interval: must be one of ${INTERVALS.join(', ')}, got ${JSON.stringify(intervalRaw)}`);
  }
  const municipality = one('municipality');
  if (municipality !== undefined && municipality !== 'all' && !towns.has(municipality)) {
    problems.push(`municipality: must be "all" or a town of the county (${[...towns].sort().join(', ')}), got ${JSON.stringify(municipality)}`);
  }
  if (fromDate !== undefined && toDate !== undefined) {
    const days = daysBetween(fromDate, toDate) + 1;
    const maxDays = d.maxDays ?? 400;
    const maxHourDays = d.maxHourDays ?? 31;
    if (days < 1) problems.push(`to: must not be before from (${fromDate})`);
    else if (interval === 'hour' && days > maxHourDays) problems.push(`interval: hour covers at most ${maxHourDays} days, the range has ${days}`);
    else if (days > maxDays) problems.push(`to: the range covers at most ${maxDays} days, it has ${days}`);
  }
  if (problems.length > 0 || fromDate === undefined || toDate === undefined) return { ok: false, problems };
  return { ok: true, value: { fromDate, toDate, interval, municipality } };
}

/**
 * `GET /api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD&municipality=<town|all>&interval=day|hour|total`:
 * the figures of the calls that arrived on local days `from`..`to` (both included; default today),
 * per local day (default), hour, or in total. Operators see every municipality (`all`, the
 * default) and the figures per agent; town staff only their own municipality (the default for
 * them), without per-agent figures. `topics`: what the calls were about, with the articles' titles.
 * `targets` and `met` (true, false, null without calls): the service targets and whether the
 * totals meet them; each `byMunicipality` entry the same by its town's own targets.
 * 400 lists every problem with the parameters; 403 for another
 * town or `all` asked by town staff.
 */
export function statsRoutes(app: FastifyInstance, d: StatsRoutesDeps): void {
  const towns = new Set(d.towns);
  app.get('/api/stats', { preHandler: requireRole('operator', 'town-staff') }, async (req, reply) => {
    const parsed = parse(req.query, d, towns);
    if (!parsed.ok) return reply.code(400).send(errorBody('BAD_REQUEST', parsed.problems.join('; '), parsed.problems));
    const principal = principalOf(req);
    const { fromDate, toDate, interval } = parsed.value;
    const operator = principal?.role === 'operator';
    const asked = parsed.value.municipality ?? (principal?.role === 'town-staff' ? principal.town : 'all');
    if (asked === 'all') {
      if (!operator) return sendForbidden(reply, 'town staff see only their own municipality: ask for municipality=<your town>');
    } else if (!canSeeTown(principal, asked)) {
      return sendForbidden(reply, `not your municipality: ${asked}`);
    }
    const report = await d.stats.report({ fromDate, toDate, interval, ...(asked === 'all' ? {} : { municipality: asked }), byAgent: operator });
    const judged = withVerdicts(report, d.targetsOf ?? (() => DEFAULT_SERVICE_TARGETS));
    return { ...judged, topics: await withTopicTitles(report.topics, d.topicTitle) };
  });
}
