import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { openRedis, redisTargetOf, type RedisSentinelTarget } from '../adapters/redis/connection.js';
import type { Logger } from 'pino';
import { NOTES_QUEUE, NoteKeys } from './keys.js';
import type { DeliveryTarget, Note, NoteDelivery, NoteEvent, NotifyKind } from './model.js';
import { noteJobIds, type NoteJobData, type NoteJobName, type NotesQueue } from './queue.js';
import { webhookFor, type NotesSettings } from './settings.js';
import type { NoteStore } from './store.js';
import { postToWebhook } from './webhook.js';

/**
 * Told when a note's reminder (75 %) or escalation (100 %) instant passes while it is still open.
 * Called at least once per note and kind: again if it threw (the job is retried) or the worker
 * died before it returned.
 */
export type NotifyHook = (kind: NotifyKind, note: Note) => Promise<void>;

/**
 * The default hook: queue a signed webhook delivery of the event to the note's municipality (if it
 * has a webhook) and, for an escalation, to `notes.escalationWebhook` (if configured). The
 * deliveries are jobs of their own, with their own retries.
 */
export const webhookNotify =
  (queue: NotesQueue, settings: NotesSettings): NotifyHook =>
  async (kind, note) => {
    if (webhookFor(settings, 'town', note.municipality)) await queue.deliver(note.id, kind, 'town');
    if (kind === 'escalation' && settings.escalationWebhook) await queue.deliver(note.id, 'escalation', 'escalation');
  };

/** The JSON body of a webhook delivery. The service center's escalation webhook never gets the caller's number. */
export const webhookPayload = (event: NoteEvent, target: DeliveryTarget, note: Note, deliveryId: string, settings: NotesSettings, sentAt: number) => {
  const { deliveries: _deliveries, callerNumber, ...rest } = note;
  return {
    event: `note.${event}`,
    deliveryId,
    sentAt,
    municipality: { id: note.municipality, name: settings.municipalities.get(note.municipality) ?? note.municipality },
    note: target === 'town' && callerNumber !== undefined ? { ...rest, callerNumber } : rest,
  };
};

export interface NotesWorkerOptions {
  /** The engine's Redis (`REDIS_URL`): the worker opens connections of its own there (BullMQ's `maxRetriesPerRequest: null`). */
  readonly redisUrl: string;
  /** `REDIS_TLS_CA_FILE`, for a rediss:// URL whose certificate a private CA signed. */
  readonly redisTlsCaFile?: string;
  /** `REDIS_SENTINELS`…: ask the sentinels for the primary instead of the URL's host (adapters/redis/connection.ts). */
  readonly redisSentinel?: RedisSentinelTarget;
  /** The engine's key prefix (`REDIS_PREFIX`). */
  readonly keyPrefix: string;
  readonly store: NoteStore;
  /** For the deliveries the default notify hook queues, and for the sweep. */
  readonly queue: NotesQueue;
  readonly settings: NotesSettings;
  readonly log: Logger;
  /** Default: `webhookNotify(queue, settings)`. */
  readonly notify?: NotifyHook;
  readonly now?: () => number;
  /** Jobs run at once (webhook requests mostly wait). Default 8. */
  readonly concurrency?: number;
  /** How often notes left unscheduled are scheduled; also done once at start. Default 60 s. */
  readonly sweepEveryMs?: number;
  readonly fetchImpl?: typeof fetch;
  /** The retention purge (src/notes/retention.ts), run as the job `purge`; not given: this worker schedules none. */
  readonly purge?: () => Promise<unknown>;
  /** How often the purge runs. Default one hour (so a number is erased at most an hour late). */
  readonly purgeEveryMs?: number;
}

export interface NotesWorker {
  /** Lets running jobs finish, stops taking new ones, closes its connections. Pending and delayed jobs stay in Redis for the next worker. */
  close(): Promise<void>;
  /** Queues the jobs of notes stored without them (see `NoteStore.unscheduled`); returns how many. */
  sweep(): Promise<number>;
}

/**
 * Runs the notes' jobs (in-process, next to the engine, or in a process of its own; several workers
 * may share the queue). Nothing is lost when it stops or dies: the jobs live in Redis, a job that
 * was running when a worker died is picked up again once BullMQ sees it stalled, and a delayed
 * reminder whose time passed meanwhile runs as soon as a worker is back.
 */
export async function startNotesWorker(o: NotesWorkerOptions): Promise<NotesWorker> {
  const now = o.now ?? Date.now;
  const log = o.log;
  const notify = o.notify ?? webhookNotify(o.queue, o.settings);
  const { store, settings } = o;

  const deliver = async (job: Job<NoteJobData, unknown, NoteJobName>): Promise<string> => {
    const { noteId, event, target } = job.data;
    if (event === undefined || target === undefined) throw new UnrecoverableError('deliver job without event or target');
    const note = await store.get(noteId);
    if (!note) return 'skipped: no such note';
    const webhook = webhookFor(settings, target, note.municipality);
    if (!webhook) return 'skipped: no webhook';
    const previous = await store.delivery(noteId, event, target);
    if (previous?.deliveredAt) return 'skipped: delivered already';

    const at = now();
    const deliveryId = job.id ?? noteJobIds.deliver(noteId, event, target);
    const body = JSON.stringify(webhookPayload(event, target, note, deliveryId, settings, at));
    const outcome = await postToWebhook(webhook, { event: `note.${event}`, deliveryId }, body, { timeoutMs: settings.delivery.timeoutMs, nowMs: at, fetchImpl: o.fetchImpl });
    const lastTry = !outcome.ok && (!outcome.retry || job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    const attempts = (previous?.attempts ?? 0) + 1;
    const summary: NoteDelivery = {
      event,
      target,
      attempts,
      lastAttemptAt: at,
      lastStatus: outcome.status,
      lastError: outcome.ok ? null : outcome.error,
      deliveredAt: outcome.ok ? at : null,
      failedAt: lastTry ? at : null,
    };
    await store.recordDelivery(noteId, summary);
    const fields = { noteId, municipality: note.municipality, event: `note.${event}`, target, attempt: attempts };
    if (outcome.ok) {
      log.info({ ...fields, status: outcome.status }, 'callback note delivered');
      return 'delivered';
    }
    if (lastTry) log.error({ ...fields, status: outcome.status, error: outcome.error }, 'callback note delivery given up');
    else log.warn({ ...fields, status: outcome.status, error: outcome.error }, 'callback note delivery failed, will retry');
    if (!outcome.retry) throw new UnrecoverableError(outcome.error);
    throw new Error(outcome.error);
  };

  const fire = async (job: Job<NoteJobData, unknown, NoteJobName>, kind: NotifyKind): Promise<string> => {
    const { noteId } = job.data;
    const result = await store.markFired(noteId, kind, now());
    if (result === 'missing' || result === 'done' || result === 'notified') return `skipped: ${result === 'notified' ? 'notified already' : result === 'done' ? 'note done' : 'no such note'}`;
    const note = await store.get(noteId);
    if (!note || note.status !== 'open') return 'skipped: note done';
    log.info(
      { noteId, municipality: note.municipality, event: kind === 'reminder' ? 'note.reminded' : 'note.escalated', dueAt: note.dueAt, again: result === 'again' },
      kind === 'reminder' ? 'callback note reminder: 75 % of its service time passed' : 'callback note escalated: due and still open',
    );
    await notify(kind, note);
    await store.markNotified(noteId, kind, now());
    return result === 'fired' ? 'fired' : 'fired again';
  };

  const connection = openRedis(redisTargetOf(o), { connectionName: 'overflow-engine-notes-worker', maxRetriesPerRequest: null });
  connection.on('error', (err: Error) => log.warn({ err: err.message }, 'notes worker: redis connection problem'));
  const worker = new Worker<NoteJobData, unknown, NoteJobName>(
    NOTES_QUEUE,
    async (job) => {
      switch (job.name) {
        case 'deliver':
          return deliver(job);
        case 'remind':
          return fire(job, 'reminder');
        case 'escalate':
          return fire(job, 'escalation');
        case 'purge':
          return o.purge ? o.purge() : 'skipped: no purge in this worker';
      }
    },
    { connection, prefix: new NoteKeys(o.keyPrefix).bullPrefix, concurrency: o.concurrency ?? 8 },
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'notes worker problem'));
  worker.on('failed', (job, err) => {
    // Deliveries log their own failures; this is for the rest (Redis errors, a notify hook that threw).
    if (job?.name !== 'deliver') log.warn({ job: job?.name, noteId: job?.data.noteId, attempt: job?.attemptsMade, err: err.message }, 'callback note job failed');
  });
  await worker.waitUntilReady();
  if (o.purge) await o.queue.schedulePurge(o.purgeEveryMs ?? 3_600_000);

  let sweeping: Promise<number> = Promise.resolve(0);
  const sweepOnce = async (): Promise<number> => {
    let scheduled = 0;
    for (const id of await store.unscheduled(500)) {
      const note = await store.get(id);
      if (note) await o.queue.schedule(note);
      await store.markScheduled(id);
      scheduled++;
    }
    if (scheduled > 0) log.info({ scheduled }, 'callback notes scheduled by the sweep');
    return scheduled;
  };
  const sweep = (): Promise<number> => {
    sweeping = sweeping.catch(() => 0).then(sweepOnce);
    return sweeping;
  };
  await sweep().catch((err: unknown) => log.warn({ err }, 'callback notes sweep failed'));
  const timer = setInterval(() => void sweep().catch((err: unknown) => log.warn({ err }, 'callback notes sweep failed')), o.sweepEveryMs ?? 60_000);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    sweep,
    close: () => {
      closing ??= (async () => {
        clearInterval(timer);
        await sweeping.catch(() => 0);
        await worker.close();
        await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}
