/**
 * Reports per municipality and month (or any range of days), as JSON, CSV and a printable page,
 * and the daily aggregates that keep them possible after the streams no longer hold the calls.
 * Definitions: README, "Reports" (the figures are the statistics', "Statistics").
 *
 * Wiring (main.ts):
 * ```ts
 * const reports = await startReports({ redis, redisUrl: settings.redis.url, keys, deployment, stats,
 *   notes: (m) => notes.store.list(m, 'all', 100_000), topicTitle, searchMisses: (month) => knowledge.gaps(month, 500),
 *   now: () => clock.now(), log: log.child({ module: 'reports' }) });
 * routes: [..., (app) => reportsRoutes(app, reports.routeDeps())]
 * await reports.close();                                       // on shutdown, before redis.quit()
 * ```
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../adapters/redis/keys.js';
import type { RedisSentinelTarget } from '../adapters/redis/connection.js';
import { RedisCallRecords } from '../adapters/redis/call-records.js';
import type { Deployment } from '../config/deployment.js';
import { targetsFor } from '../config/service-targets.js';
import { streamsWholeSince, trimStreamsBefore } from './coverage.js';
import { startReportJobs, type ReportJobs, type ReportJobsLog } from './jobs.js';
import type { NoteLike } from './notes.js';
import type { SearchMiss } from './topics.js';
import type { TopicTitle } from '../stats/index.js';
import type { ReportsRoutesDeps } from './routes.js';
import { ReportService, type LiveStats } from './service.js';
import { RedisReportStore, ReportKeys } from './store.js';
import { TransferIndex } from './transfers.js';

export { ALL, COUNTY, aggregateOf, dayAggregates, factsByDate, scopeOf } from './days.js';
export { streamWholeSince, streamsWholeSince, trimStreamsBefore } from './coverage.js';
export { CSV_BOM, csvFileName, csvText, reportCsv, type CsvSection } from './csv.js';
export { REASON_LABELS, decimal, germanDate, germanMonth, percent, reasonLabel, seconds } from './format.js';
export { REPORT_QUEUE, SCHEDULER_IDS, bullPrefixOf, startReportJobs, type ReportJobName, type ReportJobs, type ReportJobsOptions } from './jobs.js';
export { notesByDay, type NoteLike } from './notes.js';
export { REPORT_PAGE_HEADERS, reportHtml, reportProblemHtml } from './page.js';
export { reportPartnersOf, type PartnerName, type ReportPartner, type ReportPartners } from './partners.js';
export { monthRange, reportsRoutes, type ReportsRoutesDeps } from './routes.js';
export {
  ReportService,
  type AggregateResult,
  type DayReport,
  type LiveStats,
  type LiveTransfers,
  type PurgeResult,
  type Report,
  type ReportRequest,
  type ReportServiceOptions,
  type RetentionDays,
} from './service.js';
export { MemoryReportStore, RedisReportStore, ReportKeys, decodeAggregate, encodeAggregate, type ReportStore, type StoredDay } from './store.js';
export * from './tally.js';
export { TOP_SEARCHES, monthsOf, reportTopicsOf, searchGapsOf, type KnowledgeGaps, type ReportTopics, type SearchGaps, type SearchMiss } from './topics.js';
export { TransferIndex, transferCountsOf } from './transfers.js';

export interface StartReportsOptions {
  /** The engine's Redis connection: stored days, the streams. */
  readonly redis: Redis;
  /** `REDIS_URL`: the jobs' BullMQ connections. */
  readonly redisUrl: string;
  /** `REDIS_TLS_CA_FILE`, for a rediss:// URL whose certificate a private CA signed. */
  readonly redisTlsCaFile?: string;
  /** `REDIS_SENTINELS`…: ask the sentinels for the primary instead of the URL's host (adapters/redis/connection.ts). */
  readonly redisSentinel?: RedisSentinelTarget;
  /** The engine's keys (its prefix, the records and dispositions streams). */
  readonly keys: RedisKeys;
  readonly deployment: Deployment;
  /** The statistics (StatsReadModel). */
  readonly stats: LiveStats;
  /** A municipality's callback notes (every status), e.g. `(m) => notes.store.list(m, 'all', 100_000)`. */
  readonly notes?: (municipality: string) => Promise<readonly NoteLike[]>;
  /** A topic's title, e.g. the knowledge article's: `(id) => knowledge.article(id)` → its title. */
  readonly topicTitle?: TopicTitle;
  /** A month's searches that found nothing, e.g. `(month) => knowledge.gaps(month, 500)`. */
  readonly searchMisses?: (month: string) => Promise<readonly SearchMiss[]>;
  readonly now: () => number;
  readonly log: ReportJobsLog;
  /** Schedule and run the daily jobs in this process. Default true. */
  readonly jobs?: boolean;
}

export interface Reports {
  readonly service: ReportService;
  readonly store: RedisReportStore;
  readonly transfers: TransferIndex;
  /** The jobs, once started (null when started without them, or while Redis was not there yet). */
  jobs(): ReportJobs | null;
  routeDeps(): ReportsRoutesDeps;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const JOBS_RETRY_MS = 60_000;

/** Everything for reports; the daily jobs are scheduled (retried every minute until Redis lets them be). */
export async function startReports(o: StartReportsOptions): Promise<Reports> {
  const d = o.deployment;
  const streams = [o.keys.records, o.keys.dispositions];
  const transfers = new TransferIndex({ records: new RedisCallRecords(o.redis, o.keys), now: o.now, keepMs: (d.retention.callRecordsDays + 1) * DAY_MS });
  const store = new RedisReportStore(o.redis, new ReportKeys(o.keys.prefix));
  const service = new ReportService({
    stats: o.stats,
    transfers,
    store,
    wholeSince: () => streamsWholeSince(o.redis, streams),
    ...(o.notes ? { notes: o.notes } : {}),
    ...(o.topicTitle ? { topicTitle: o.topicTitle } : {}),
    ...(o.searchMisses ? { searchMisses: o.searchMisses } : {}),
    timezone: d.serviceCenter.timezone,
    towns: d.towns.map((t) => ({ id: t.id, name: t.name })),
    targetsOf: (m) => targetsFor(d, m),
    county: { id: d.serviceCenter.id, name: d.serviceCenter.name },
    // The partners on this platform, and the center on another platform callers are forwarded to.
    partners: [...d.serviceCenter.partners, ...(d.serviceCenter.forward ? [d.serviceCenter.forward] : [])].map((p) => ({ id: p.partner, name: p.name })),
    agentNames: new Map(d.agents.map((a) => [a.id as string, a.name])),
    now: o.now,
    retention: d.retention,
    trimCallData: (before) => trimStreamsBefore(o.redis, streams, before),
    log: o.log,
  });
  await transfers.refresh().catch((err: unknown) => o.log.warn({ err }, 'reports: first read of the records stream failed'));

  let jobs: ReportJobs | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const start = async (): Promise<void> => {
    try {
      const started = await startReportJobs({
        redisUrl: o.redisUrl,
        redisTlsCaFile: o.redisTlsCaFile,
        redisSentinel: o.redisSentinel,
        keyPrefix: o.keys.prefix,
        timezone: d.serviceCenter.timezone,
        run: { aggregate: () => service.aggregateRecent(), purge: () => service.purge() },
        log: o.log,
      });
      if (closed) await started.close();
      else jobs = started;
    } catch (err) {
      o.log.warn({ err }, 'reports: daily jobs not scheduled yet, trying again in a minute');
      if (!closed) {
        retry = setTimeout(() => void start(), JOBS_RETRY_MS);
        retry.unref();
      }
    }
  };
  if (o.jobs ?? true) await start();

  return {
    service,
    store,
    transfers,
    jobs: () => jobs,
    routeDeps: () => ({ reports: service, timezone: d.serviceCenter.timezone, towns: d.towns.map((t) => ({ id: t.id, name: t.name })), now: o.now }),
    close: async () => {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      await jobs?.close();
      jobs = null;
    },
  };
}
