/**
 * Callback notes: an agent files a note when the caller's matter needs the town (or the county) to
 * call back. The note is stored in Redis, delivered to the municipality's inbox (API + web page)
 * and, if configured, to its webhook (signed, retried); it is due `serviceCenter.targets.noteReply` (a town's own, if set) SERVICE
 * hours after filing, with a reminder at 75 % and an escalation at 100 % of that time, run as
 * BullMQ jobs on the engine's Redis. Town staff close notes; closing erases the caller's number.
 *
 * Wiring (main.ts):
 * ```ts
 * const notes = await startNotes({ redis, redisUrl: settings.redis.url, keyPrefix: settings.redis.keyPrefix,
 *   deployment, env: process.env, log: log.child({ module: 'notes' }) });
 * void http.register(notesRoutes, notes.routeDeps({ requireRole, canSeeTown, inboxScriptUrl }));   // before http.listen
 * …
 * await notes.close();                                                            // on shutdown, before redis.quit()
 * ```
 */
import type { Redis } from 'ioredis';
import type { RedisSentinelTarget } from '../adapters/redis/connection.js';
import type { Logger } from 'pino';
import type { ServiceCalendar } from '../calendar/service-calendar.js';
import type { Deployment } from '../config/deployment.js';
import type { Env } from '../config/env.js';
import { countyCalendar } from './due.js';
import { NoteKeys } from './keys.js';
import { createNotesQueue, type NotesQueue } from './queue.js';
import type { NotesRoutesDeps } from './routes.js';
import { NotesService } from './service.js';
import { notesSettings, type NotesSettings } from './settings.js';
import { RedisNoteStore, type NoteStore } from './store.js';
import { notesRetentionOf, purgeNotes, RedisNoteRetention } from './retention.js';
import type { NoteFigures } from './model.js';
import { startNotesWorker, type NotesWorker, type NotifyHook } from './worker.js';

export type { DeliveryTarget, NewNote, Note, NoteDelivery, NoteEvent, NoteFigures, NoteStatus, NoteView, NotifyKind } from './model.js';
export { notesRetentionOf, purgeNotes, RedisNoteRetention, type NotesPurgeResult, type NotesRetention } from './retention.js';
export { viewOf } from './model.js';
export { describeProblems, parseNewNote, type NoteInputResult, type NoteProblem } from './validation.js';
export { countyCalendar, noteSchedule, REMIND_SHARE, type NoteSchedule } from './due.js';
export { NoteKeys, NOTES_QUEUE } from './keys.js';
export { RedisNoteStore, type FireResult, type NoteListStatus, type NoteStore } from './store.js';
export { defaultSecretEnv, notesSettings, webhookFor, webhookTarget, MIN_WEBHOOK_SECRET_LENGTH, type NotesSettings, type WebhookTarget } from './settings.js';
export {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  postToWebhook,
  signNotePayload,
  verifyNoteSignature,
  type PostOutcome,
} from './webhook.js';
export { createNotesQueue, noteJobIds, NotesQueue, type NoteJobData, type NoteJobName, type NotesQueueOptions } from './queue.js';
export { startNotesWorker, webhookNotify, webhookPayload, type NotesWorker, type NotesWorkerOptions, type NotifyHook } from './worker.js';
export { NotesService, type NotesServiceDeps } from './service.js';
export { notesRoutes, type NotesRoutesDeps, type RequireRole } from './routes.js';
export { inboxHtml } from './inbox-page.js';

export interface StartNotesOptions {
  /** The engine's Redis connection: the notes themselves are stored through it. */
  readonly redis: Redis;
  /** `REDIS_URL`: BullMQ opens its own connections there. */
  readonly redisUrl: string;
  /** `REDIS_TLS_CA_FILE`, for a rediss:// URL whose certificate a private CA signed. */
  readonly redisTlsCaFile?: string;
  /** `REDIS_SENTINELS`…: ask the sentinels for the primary instead of the URL's host (adapters/redis/connection.ts). */
  readonly redisSentinel?: RedisSentinelTarget;
  /** `REDIS_PREFIX`. */
  readonly keyPrefix: string;
  readonly deployment: Deployment;
  /** For the webhooks' signing secrets (main.ts passes `process.env`). */
  readonly env: Env;
  readonly log: Logger;
  /** Run the worker in this process (default true); false: only file and read notes here. */
  readonly worker?: boolean;
  /** Instead of the default (webhook deliveries of reminders and escalations). */
  readonly notify?: NotifyHook;
  readonly now?: () => number;
  /** Instead of `notesSettings(deployment, env)`. */
  readonly settings?: NotesSettings;
  /** How often the retention purge runs (default hourly). */
  readonly purgeEveryMs?: number;
}

export interface Notes {
  readonly settings: NotesSettings;
  readonly calendar: ServiceCalendar;
  readonly store: NoteStore;
  readonly queue: NotesQueue;
  readonly service: NotesService;
  /** null when started with `worker: false`. */
  readonly worker: NotesWorker | null;
  /** What the reports count, per municipality: its notes and the figures of its deleted closed notes. */
  figures(municipality: string): Promise<NoteFigures[]>;
  /** What `notesRoutes` needs, given the auth functions and the inbox page's script URL. */
  routeDeps(auth: Pick<NotesRoutesDeps, 'requireRole' | 'canSeeTown' | 'principalOf' | 'inboxScriptUrl'>): NotesRoutesDeps;
  /** Stops the worker (running jobs finish) and closes the queue's connection; the engine's Redis connection is left open. */
  close(): Promise<void>;
}

/**
 * Everything for callback notes, from the deployment and the environment. Throws a ConfigError
 * (CONFIG_INVALID) if a configured webhook has no (or too short a) secret in `env`.
 */
export async function startNotes(o: StartNotesOptions): Promise<Notes> {
  const settings = o.settings ?? notesSettings(o.deployment, o.env);
  const calendar = countyCalendar(o.deployment);
  const store = new RedisNoteStore(o.redis, new NoteKeys(o.keyPrefix));
  const queue = createNotesQueue({ redisUrl: o.redisUrl, redisTlsCaFile: o.redisTlsCaFile, redisSentinel: o.redisSentinel, keyPrefix: o.keyPrefix, settings, now: o.now });
  const service = new NotesService({ store, queue, calendar, settings, log: o.log, now: o.now });
  const retention = new RedisNoteRetention(o.redis, new NoteKeys(o.keyPrefix), store);
  const policy = notesRetentionOf(o.deployment.retention);
  const purge = async (): Promise<unknown> => {
    const result = await purgeNotes(retention, policy, [...settings.municipalities.keys()], (o.now ?? Date.now)());
    o.log.info(result, 'callback notes purged');
    return result;
  };
  let worker: NotesWorker | null = null;
  try {
    if (o.worker ?? true) {
      worker = await startNotesWorker({ redisUrl: o.redisUrl, redisTlsCaFile: o.redisTlsCaFile, redisSentinel: o.redisSentinel, keyPrefix: o.keyPrefix, store, queue, settings, log: o.log, notify: o.notify, now: o.now, purge, purgeEveryMs: o.purgeEveryMs });
    }
  } catch (err) {
    await queue.close();
    throw err;
  }
  return {
    settings,
    calendar,
    store,
    queue,
    service,
    worker,
    figures: (municipality) => retention.figures(municipality),
    routeDeps: (auth) => ({ ...auth, service, timezone: calendar.timezone }),
    close: async () => {
      await worker?.close();
      await queue.close();
    },
  };
}
export { notesSummary, type NoteCounts } from './summary.js';
