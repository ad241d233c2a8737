import { fileURLToPath } from 'node:url';
import type { RedisTarget } from '../../src/adapters/redis/connection.js';
import { loadDeployment } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { createNotesQueue, notesSettings, type NotesQueue } from '../../src/notes/index.js';
import { startReportJobs, type ReportJobs } from '../../src/reports/jobs.js';

/**
 * The BullMQ side of the engine against a Redis target, opened as the engine opens it: the notes
 * queue, and the report jobs' queue and worker (whose aggregate job only counts its runs). For
 * tests of how those connections reach Redis (credentials, TLS, Sentinel).
 */
export interface EngineQueues {
  readonly notes: NotesQueue;
  readonly jobs: ReportJobs;
  /** How often the report worker ran the aggregate job. */
  aggregateRuns(): number;
  close(): Promise<void>;
}

const deployment = loadDeployment(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)));

export async function openEngineQueues(target: RedisTarget, keyPrefix: string): Promise<EngineQueues> {
  const redis = { redisUrl: target.url, redisTlsCaFile: target.tlsCaFile, redisSentinel: target.sentinel };
  const notes = createNotesQueue({ ...redis, keyPrefix, settings: notesSettings(deployment, {}) });
  let runs = 0;
  try {
    const jobs = await startReportJobs({
      ...redis,
      keyPrefix,
      timezone: 'Europe/Berlin',
      run: { aggregate: () => Promise.resolve(runs++), purge: () => Promise.resolve() },
      log: createLogger('silent'),
      runAtStart: false,
    });
    return {
      notes,
      jobs,
      aggregateRuns: () => runs,
      async close() {
        await jobs.close();
        await notes.close();
      },
    };
  } catch (err) {
    await notes.close();
    throw err;
  }
}
