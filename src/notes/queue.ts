import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, redisTargetOf, type RedisSentinelTarget } from '../adapters/redis/connection.js';
import { NOTES_QUEUE, NoteKeys } from './keys.js';
import type { DeliveryTarget, Note, NoteEvent } from './model.js';
import { webhookFor, type NotesSettings } from './settings.js';

/**
 * The notes' jobs, in one BullMQ queue (`note-jobs`) on the engine's Redis, under the engine's key
 * prefix:
 *
 * - `deliver` {noteId, event, target}: POST the note to a webhook; retried with exponential backoff;
 * - `remind` {noteId}: delayed to the note's `remindAt` (75 % of its service time);
 * - `escalate` {noteId}: delayed to its `dueAt`;
 * - `purge` {noteId: ''}: the retention purge (src/notes/retention.ts), hourly by the job scheduler
 *   `notes-purge-hourly` and once at every worker start.
 *
 * Job ids derive from the note id (`deliver-created-town-<id>`, `remind-<id>`, `escalate-<id>`), so
 * adding a job twice is a no-op while the first is known to BullMQ, and the handlers themselves are
 * idempotent for when it is not. Job data holds ids only: never the caller's number, which is read
 * from the note when needed (and so is gone once the note is closed).
 */

export type NoteJobName = 'deliver' | 'remind' | 'escalate' | 'purge';

export interface NoteJobData {
  /** Empty for `purge`. */
  readonly noteId: string;
  /** `deliver` only. */
  readonly event?: NoteEvent;
  /** `deliver` only. */
  readonly target?: DeliveryTarget;
}

export const noteJobIds = {
  deliver: (noteId: string, event: NoteEvent, target: DeliveryTarget): string => `deliver-${event}-${target}-${noteId}`,
  remind: (noteId: string): string => `remind-${noteId}`,
  escalate: (noteId: string): string => `escalate-${noteId}`,
};

const DAY_SEC = 86_400;
/** Finished jobs are kept this long, so re-adding one by its id stays a no-op meanwhile. */
const KEEP = { removeOnComplete: { age: 7 * DAY_SEC }, removeOnFail: { age: 30 * DAY_SEC } } as const;
/** A reminder or escalation fails only when Redis or the notify hook does: retry a few times. */
const TIMER_RETRY = { attempts: 10, backoff: { type: 'exponential', delay: 5_000 } } as const;
/** By a fixed id: a restart (or a second engine) updates the schedule instead of adding one. */
const PURGE_SCHEDULER_ID = 'notes-purge-hourly' as NoteJobName;
const PURGE_OPTS = { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: { age: DAY_SEC, count: 50 }, removeOnFail: { age: 30 * DAY_SEC } } as const;

export class NotesQueue {
  constructor(
    /** The BullMQ queue, e.g. for job states in tests and operations. */
    readonly bull: Queue<NoteJobData, unknown, NoteJobName>,
    private readonly settings: NotesSettings,
    private readonly now: () => number = Date.now,
    private readonly connection?: Redis,
  ) {}

  /** A new note's jobs: its delivery to the municipality's webhook (if any), its reminder and its escalation. */
  async schedule(note: Note): Promise<void> {
    if (webhookFor(this.settings, 'town', note.municipality)) await this.deliver(note.id, 'created', 'town');
    await this.timer('remind', note.id, note.remindAt);
    await this.timer('escalate', note.id, note.dueAt);
  }

  /** Queues a webhook delivery (once per note, event and target). */
  async deliver(noteId: string, event: NoteEvent, target: DeliveryTarget): Promise<void> {
    const { attempts, backoffMs } = this.settings.delivery;
    const opts: JobsOptions = { jobId: noteJobIds.deliver(noteId, event, target), attempts, backoff: { type: 'exponential', delay: backoffMs }, ...KEEP };
    await this.bull.add('deliver', { noteId, event, target }, opts);
  }

  /** The retention purge: every `everyMs` by a job scheduler kept in Redis, and once now. */
  async schedulePurge(everyMs: number): Promise<void> {
    await this.bull.upsertJobScheduler(PURGE_SCHEDULER_ID, { every: everyMs }, { name: 'purge', data: { noteId: '' }, opts: PURGE_OPTS });
    await this.bull.add('purge', { noteId: '' }, PURGE_OPTS);
  }

  private async timer(name: 'remind' | 'escalate', noteId: string, at: number): Promise<void> {
    const opts: JobsOptions = { jobId: noteJobIds[name](noteId), delay: Math.max(0, at - this.now()), ...TIMER_RETRY, ...KEEP };
    await this.bull.add(name, { noteId }, opts);
  }

  async close(): Promise<void> {
    await this.bull.close();
    if (this.connection) await this.connection.quit().catch(() => this.connection?.disconnect());
  }
}

export interface NotesQueueOptions {
  /** The engine's Redis (`REDIS_URL`): the queue opens a connection of its own there. */
  readonly redisUrl: string;
  /** `REDIS_TLS_CA_FILE`, for a rediss:// URL whose certificate a private CA signed. */
  readonly redisTlsCaFile?: string;
  /** `REDIS_SENTINELS`…: ask the sentinels for the primary instead of the URL's host (adapters/redis/connection.ts). */
  readonly redisSentinel?: RedisSentinelTarget;
  /** The engine's key prefix (`REDIS_PREFIX`): BullMQ's keys go under it too. */
  readonly keyPrefix: string;
  readonly settings: NotesSettings;
  readonly now?: () => number;
}

/**
 * The producer side, for the HTTP routes and the worker. Its connection fails commands fast (like
 * the engine's) so that an HTTP request does not hang while Redis is away; a note whose jobs could
 * not be added is scheduled later by the worker's sweep (see `RedisNoteStore.unscheduled`).
 */
export function createNotesQueue(o: NotesQueueOptions): NotesQueue {
  const connection = openRedis(redisTargetOf(o), {
    connectionName: 'overflow-engine-notes-queue',
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
  });
  connection.on('error', () => {
    // Reported by the failing commands themselves.
  });
  const bull = new Queue<NoteJobData, unknown, NoteJobName>(NOTES_QUEUE, { connection, prefix: new NoteKeys(o.keyPrefix).bullPrefix });
  bull.on('error', () => {
    // Same: adds reject on their own.
  });
  return new NotesQueue(bull, o.settings, o.now, connection);
}
