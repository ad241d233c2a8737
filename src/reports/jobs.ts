/**
 * The reports' two daily jobs, as BullMQ job schedulers in the queue `report-jobs` on the engine's
 * Redis (under its key prefix, beside the notes' `note-jobs`):
 *
 * - `aggregate` at 00:15 local time: stores the daily aggregates of the last 8 days up to yesterday
 *   (`ReportService.aggregateRecent`);
 * - `purge` at 03:30 local time: deletes stored days older than `retention.aggregatesDays` and
 *   trims the streams' per-call entries older than `retention.callRecordsDays` (`ReportService.purge`).
 *
 * Why BullMQ and not a timer in the process: the schedule lives in Redis, so a restart neither
 * loses nor doubles it (`upsertJobScheduler` by a fixed id), a run that fell due while no engine
 * ran is run as soon as a worker is back, a failed run is retried, and with a standby engine
 * (two processes, one Redis) each run happens once. Both jobs are idempotent, and both also run
 * once at every start.
 */
import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, redisTargetOf, type RedisSentinelTarget } from '../adapters/redis/connection.js';

export const REPORT_QUEUE = 'report-jobs';
export type ReportJobName = 'aggregate' | 'purge';

// BullMQ types a scheduler's id like a job name.
export const SCHEDULER_IDS: Readonly<Record<ReportJobName, ReportJobName>> = { aggregate: 'report-aggregate-daily' as ReportJobName, purge: 'report-purge-daily' as ReportJobName };

const DAY_SEC = 86_400;
const JOB_OPTS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: { age: 14 * DAY_SEC, count: 100 },
  removeOnFail: { age: 60 * DAY_SEC },
} as const satisfies JobsOptions;

export interface ReportJobsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ReportJobsOptions {
  /** `REDIS_URL`: BullMQ opens connections of its own there. */
  readonly redisUrl: string;
  /** `REDIS_TLS_CA_FILE`, for a rediss:// URL whose certificate a private CA signed. */
  readonly redisTlsCaFile?: string;
  /** `REDIS_SENTINELS`…: ask the sentinels for the primary instead of the URL's host (adapters/redis/connection.ts). */
  readonly redisSentinel?: RedisSentinelTarget;
  /** `REDIS_PREFIX`: BullMQ's keys go under it too. */
  readonly keyPrefix: string;
  /** The service center's time zone: the schedules are its local times. */
  readonly timezone: string;
  /** What the jobs do (the ReportService). */
  readonly run: { readonly aggregate: () => Promise<unknown>; readonly purge: () => Promise<unknown> };
  readonly log: ReportJobsLog;
  /** Cron pattern, local time. Default `15 0 * * *` (00:15 every day). */
  readonly aggregateCron?: string;
  /** Cron pattern, local time. Default `30 3 * * *` (03:30 every day). */
  readonly purgeCron?: string;
  /** Queue both jobs once now as well. Default true. */
  readonly runAtStart?: boolean;
  /** Run the worker in this process. Default true. */
  readonly worker?: boolean;
}

export interface ReportJobs {
  readonly queue: Queue;
  /** Queues one run of a job now. */
  runNow(name: ReportJobName): Promise<void>;
  /** Stops the worker (a running job finishes) and closes the connections; the schedules stay in Redis. */
  close(): Promise<void>;
}

/** BullMQ's `prefix` option: the engine prefix without its trailing ":" (BullMQ adds one). */
export const bullPrefixOf = (keyPrefix: string): string => (keyPrefix.endsWith(':') ? keyPrefix.slice(0, -1) : keyPrefix);

export async function startReportJobs(o: ReportJobsOptions): Promise<ReportJobs> {
  const prefix = bullPrefixOf(o.keyPrefix);
  const target = redisTargetOf(o);
  const queueConnection = openRedis(target, { connectionName: 'overflow-engine-report-queue', maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  queueConnection.on('error', () => {
    // Reported by the failing commands themselves.
  });
  const queue = new Queue<Record<string, never>, unknown, ReportJobName>(REPORT_QUEUE, { connection: queueConnection, prefix });
  queue.on('error', () => {
    // Same.
  });
  let workerConnection: Redis | null = null;
  let worker: Worker<Record<string, never>, unknown, ReportJobName> | null = null;
  const close = async (): Promise<void> => {
    await worker?.close();
    await workerConnection?.quit().catch(() => workerConnection?.disconnect());
    await queue.close();
    await queueConnection.quit().catch(() => queueConnection.disconnect());
  };
  try {
    await queue.upsertJobScheduler(SCHEDULER_IDS.aggregate, { pattern: o.aggregateCron ?? '15 0 * * *', tz: o.timezone }, { name: 'aggregate', data: {}, opts: JOB_OPTS });
    await queue.upsertJobScheduler(SCHEDULER_IDS.purge, { pattern: o.purgeCron ?? '30 3 * * *', tz: o.timezone }, { name: 'purge', data: {}, opts: JOB_OPTS });
    if (o.worker ?? true) {
      workerConnection = openRedis(target, { connectionName: 'overflow-engine-report-worker', maxRetriesPerRequest: null });
      workerConnection.on('error', (err: Error) => o.log.warn({ err: err.message }, 'report jobs: redis connection problem'));
      worker = new Worker<Record<string, never>, unknown, ReportJobName>(
        REPORT_QUEUE,
        async (job) => {
          switch (job.name) {
            case 'aggregate':
              return o.run.aggregate();
            case 'purge':
              return o.run.purge();
          }
        },
        { connection: workerConnection, prefix, concurrency: 1 },
      );
      worker.on('error', (err) => o.log.warn({ err: err.message }, 'report jobs worker problem'));
      worker.on('failed', (job, err) => o.log.warn({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'report job failed'));
      await worker.waitUntilReady();
    }
    const runNow = async (name: ReportJobName): Promise<void> => {
      await queue.add(name, {}, JOB_OPTS);
    };
    if (o.runAtStart ?? true) {
      await runNow('aggregate');
      await runNow('purge');
    }
    return { queue, runNow, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
