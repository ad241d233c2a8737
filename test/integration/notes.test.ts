import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import type { ServiceCalendar } from '../../src/calendar/service-calendar.js';
import { createLogger } from '../../src/logger.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDeployment } from '../../src/config/index.js';
import {
  startNotes,
  createNotesQueue,
  NoteKeys,
  noteJobIds,
  NotesService,
  RedisNoteStore,
  startNotesWorker,
  verifyNoteSignature,
  webhookTarget,
  type NewNote,
  type Note,
  type NotesQueue,
  type NotesSettings,
  type NotesWorker,
  type NotifyHook,
  type NotifyKind,
} from '../../src/notes/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

/** Open around the clock, no holidays: service time is wall-clock time, so tests need not wait for office hours. */
const allDay = { openMinuteOfDay: 0, closeMinuteOfDay: 1440 };
const ALWAYS_OPEN: ServiceCalendar = {
  timezone: 'Europe/Berlin',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: 'none',
  closures: [],
};
const TOWN_SECRET = 'quickborn-webhook-secret-0123';
const CENTER_SECRET = 'service-center-secret-456789';
const NUMBER = '04106987654';
const HOUR = 3_600_000;
const NEW_NOTE: NewNote = { municipality: 'quickborn', name: 'Erika Mustermann', topic: 'Wohngeld', text: 'Stand des Antrags', callerNumber: NUMBER };

// ---- a webhook receiver on a free port ----

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

async function startReceiver() {
  const received: Received[] = [];
  let plan: number[] = [];
  let otherwise = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      res.writeHead(plan.shift() ?? otherwise, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    /** Answer the next requests with these statuses, then with `then`. */
    answer(statuses: number[], then = 200) {
      plan = [...statuses];
      otherwise = then;
    },
    at: (path: string) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- the harness: real Redis, real BullMQ ----

let redisServer: RedisServerHandle;
let redis: Redis;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const logLines: string[] = [];
const log = createLogger('info', { write: (line: string) => void logLines.push(line) });
let prefixSeq = 0;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redisServer = await startRedis();
  redis = createRedis(redisServer.url, { name: 'notes-test' });
  receiver = await startReceiver();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  receiver.answer([], 200);
});

afterAll(async () => {
  // Personal data is never logged, whatever happened in the tests above.
  expect(logLines.length).toBeGreaterThan(0);
  expect(logLines.join('\n')).not.toContain(NUMBER);
  await receiver?.close();
  await redis?.quit();
  await redisServer?.stop();
});

const settingsWith = (o: { dueServiceMs: number; townWebhook?: boolean; escalationWebhook?: boolean; attempts?: number; backoffMs?: number }): NotesSettings => ({
  countyId: 'kreis-pinneberg',
  municipalities: new Map([
    ['quickborn', 'Stadt Quickborn'],
    ['hasloh', 'Gemeinde Hasloh'],
    ['kreis-pinneberg', 'Service-Center Kreis Pinneberg'],
  ]),
  dueServiceMs: o.dueServiceMs,
  delivery: { attempts: o.attempts ?? 8, backoffMs: o.backoffMs ?? 50, timeoutMs: 2_000 },
  webhooks: new Map(o.townWebhook === false ? [] : [['quickborn', webhookTarget(receiver.url(`/quickborn/${prefixSeq}`), TOWN_SECRET)]]),
  escalationWebhook: o.escalationWebhook ? webhookTarget(receiver.url(`/center/${prefixSeq}`), CENTER_SECRET) : null,
});

interface Harness {
  readonly prefix: string;
  readonly settings: NotesSettings;
  readonly store: RedisNoteStore;
  queue: NotesQueue;
  service: NotesService;
  readonly notified: { kind: NotifyKind; at: number; note: Note }[];
  /** Starts a worker (a fresh one each time: a "restart" is close() then startWorker()). */
  startWorker(): Promise<NotesWorker>;
  /** A new queue and service on the same Redis and prefix: what an engine restart looks like. */
  reopen(): Promise<void>;
  townPath: string;
  centerPath: string;
}

function harness(o: Parameters<typeof settingsWith>[0] & { recordNotify?: boolean }): Harness {
  prefixSeq++;
  const prefix = `nt${process.pid}:${prefixSeq}:`;
  const townPath = `/quickborn/${prefixSeq}`;
  const centerPath = `/center/${prefixSeq}`;
  const settings = settingsWith(o);
  const store = new RedisNoteStore(redis, new NoteKeys(prefix));
  const notified: Harness['notified'] = [];
  const notify: NotifyHook | undefined = o.recordNotify
    ? (kind, note) => {
        notified.push({ kind, at: Date.now(), note });
        return Promise.resolve();
      }
    : undefined;
  const open = () => {
    const queue = createNotesQueue({ redisUrl: redisServer.url, keyPrefix: prefix, settings });
    closers.push(() => queue.close());
    return { queue, service: new NotesService({ store, queue, calendar: ALWAYS_OPEN, settings, log }) };
  };
  const h: Harness = {
    prefix,
    settings,
    store,
    ...open(),
    notified,
    townPath,
    centerPath,
    async startWorker() {
      const worker = await startNotesWorker({ redisUrl: redisServer.url, keyPrefix: prefix, store, queue: h.queue, settings, log, notify });
      closers.push(() => worker.close());
      return worker;
    },
    async reopen() {
      await h.queue.close();
      Object.assign(h, open());
    },
  };
  return h;
}

const jobState = (h: Harness, id: string) => h.queue.bull.getJobState(id);

// ---- the tests ----

describe('callback notes on real Redis and BullMQ', () => {
  it('delivers a new note to the town webhook, signed with the town secret', async () => {
    const h = harness({ dueServiceMs: HOUR });
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');

    const [req] = await waitFor(() => receiver.at(h.townPath).length === 1 && receiver.at(h.townPath), { timeoutMs: 10_000, what: 'the webhook request' });
    expect(req?.headers['x-notes-event']).toBe('note.created');
    expect(req?.headers['x-notes-delivery']).toBe(noteJobIds.deliver(note.id, 'created', 'town'));
    const signed = { timestamp: req?.headers['x-notes-timestamp'] as string, signature: req?.headers['x-notes-signature'] as string, body: req?.body ?? '' };
    expect(verifyNoteSignature(TOWN_SECRET, signed)).toBe(true);
    expect(verifyNoteSignature(CENTER_SECRET, signed)).toBe(false);
    const body = JSON.parse(req?.body ?? '{}') as { event: string; municipality: { id: string; name: string }; note: Note };
    expect(body.event).toBe('note.created');
    expect(body.municipality).toEqual({ id: 'quickborn', name: 'Stadt Quickborn' });
    expect(body.note).toMatchObject({ id: note.id, callerNumber: NUMBER, topic: 'Wohngeld', status: 'open', dueAt: note.dueAt, createdBy: 'agent-1' });

    const stored = await waitFor(async () => {
      const n = await h.store.get(note.id);
      return n?.deliveries[0]?.deliveredAt ? n : null;
    }, { timeoutMs: 5_000, what: 'the delivery recorded on the note' });
    expect(stored.deliveries).toEqual([
      { event: 'created', target: 'town', attempts: 1, lastAttemptAt: expect.any(Number) as number, lastStatus: 200, lastError: null, deliveredAt: expect.any(Number) as number, failedAt: null },
    ]);
  });

  it('retries with exponential backoff: a receiver failing twice gets the note on the 3rd attempt', async () => {
    const h = harness({ dueServiceMs: HOUR, backoffMs: 100 });
    receiver.answer([503, 500], 200);
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');

    const stored = await waitFor(async () => {
      const n = await h.store.get(note.id);
      return n?.deliveries[0]?.deliveredAt ? n : null;
    }, { timeoutMs: 10_000, what: 'the note delivered' });
    const reqs = receiver.at(h.townPath);
    expect(reqs).toHaveLength(3);
    expect(new Set(reqs.map((r) => r.headers['x-notes-delivery'])).size).toBe(1); // one delivery id across retries
    expect(reqs.every((r) => verifyNoteSignature(TOWN_SECRET, { timestamp: r.headers['x-notes-timestamp'] as string, signature: r.headers['x-notes-signature'] as string, body: r.body }))).toBe(true);
    // 100 ms, then 200 ms (BullMQ's exponential backoff), give or take timer granularity.
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(90);
    expect(reqs[2]!.at - reqs[1]!.at).toBeGreaterThanOrEqual(190);
    expect(stored.deliveries[0]).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null, failedAt: null });
  });

  it('does not retry a 4xx refusal (other than 408/429) and records it', async () => {
    const h = harness({ dueServiceMs: HOUR });
    receiver.answer([422], 200);
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    const jobId = noteJobIds.deliver(note.id, 'created', 'town');
    await waitFor(async () => (await jobState(h, jobId)) === 'failed', { timeoutMs: 10_000, what: 'the delivery job failed for good' });
    expect(receiver.at(h.townPath)).toHaveLength(1);
    expect((await h.store.get(note.id))?.deliveries[0]).toMatchObject({ attempts: 1, lastStatus: 422, lastError: 'HTTP 422', deliveredAt: null, failedAt: expect.any(Number) as number });
  });

  it('gives up after the configured attempts and records it', async () => {
    const h = harness({ dueServiceMs: HOUR, attempts: 3, backoffMs: 50 });
    receiver.answer([], 503);
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    await waitFor(async () => (await jobState(h, noteJobIds.deliver(note.id, 'created', 'town'))) === 'failed', { timeoutMs: 10_000, what: 'the delivery given up' });
    expect(receiver.at(h.townPath)).toHaveLength(3);
    expect((await h.store.get(note.id))?.deliveries[0]).toMatchObject({ attempts: 3, lastStatus: 503, lastError: 'HTTP 503', deliveredAt: null, failedAt: expect.any(Number) as number });
  });

  it('reminds at 75 % and escalates at 100 % of the service time, recording both on the note', async () => {
    const h = harness({ dueServiceMs: 2_000, townWebhook: false, recordNotify: true });
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    expect(note.remindAt - note.createdAt).toBe(1_500);
    expect(note.dueAt - note.createdAt).toBe(2_000);

    await waitFor(() => h.notified.length === 2, { timeoutMs: 10_000, what: 'reminder and escalation' });
    const [reminder, escalation] = h.notified;
    expect(reminder?.kind).toBe('reminder');
    expect(reminder!.at).toBeGreaterThanOrEqual(note.remindAt);
    expect(reminder!.at).toBeLessThan(note.dueAt);
    expect(escalation?.kind).toBe('escalation');
    expect(escalation!.at).toBeGreaterThanOrEqual(note.dueAt);
    expect(escalation?.note.remindedAt).toBeGreaterThanOrEqual(note.remindAt);
    const stored = await h.store.get(note.id);
    expect(stored?.remindedAt).toBeGreaterThanOrEqual(note.remindAt);
    expect(stored?.escalatedAt).toBeGreaterThanOrEqual(note.dueAt);
    expect(stored?.status).toBe('open');
  });

  it('by default, sends reminder and escalation to the town webhook, and the escalation to the service center without the number', async () => {
    const h = harness({ dueServiceMs: 1_000, escalationWebhook: true });
    await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    await waitFor(() => receiver.at(h.townPath).length === 3 && receiver.at(h.centerPath).length === 1, { timeoutMs: 10_000, what: 'three town events and one escalation' });
    const events = (path: string) => receiver.at(path).map((r) => JSON.parse(r.body) as { event: string; note: Note });
    expect(events(h.townPath).map((e) => e.event).sort()).toEqual(['note.created', 'note.escalation', 'note.reminder']);
    expect(events(h.townPath).every((e) => e.note.callerNumber === NUMBER)).toBe(true);
    const [center] = events(h.centerPath);
    expect(center?.event).toBe('note.escalation');
    expect(center?.note.id).toBe(note.id);
    expect(center?.note).not.toHaveProperty('callerNumber');
    const [req] = receiver.at(h.centerPath);
    expect(verifyNoteSignature(CENTER_SECRET, { timestamp: req?.headers['x-notes-timestamp'] as string, signature: req?.headers['x-notes-signature'] as string, body: req?.body ?? '' })).toBe(true);
    await waitFor(async () => (await h.store.get(note.id))?.deliveries.filter((d) => d.deliveredAt).length === 4, { timeoutMs: 5_000, what: 'four deliveries recorded' });
  });

  it('survives a restart: a pending delivery and a delayed escalation run on the next worker', async () => {
    const h = harness({ dueServiceMs: 1_500, backoffMs: 400, recordNotify: true });
    receiver.answer([], 503); // the town's server is down
    const first = await h.startWorker();
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    await waitFor(() => receiver.at(h.townPath).length >= 1, { timeoutMs: 10_000, what: 'the first, failing, delivery attempt' });

    // Engine and worker stop: the retry and the reminder and escalation wait in Redis.
    await first.close();
    await h.reopen();
    const requestsWhileDown = receiver.at(h.townPath).length;
    receiver.answer([], 200); // the town's server is back
    await waitFor(() => Date.now() > note.dueAt + 200, { timeoutMs: 5_000, what: 'the due instant passing while no worker runs' });
    expect(h.notified).toEqual([]);
    expect(receiver.at(h.townPath)).toHaveLength(requestsWhileDown);
    expect(await jobState(h, noteJobIds.escalate(note.id))).toBe('delayed');

    await h.startWorker();
    await waitFor(() => h.notified.some((n) => n.kind === 'escalation'), { timeoutMs: 10_000, what: 'the escalation after the restart' });
    const stored = await waitFor(async () => {
      const n = await h.store.get(note.id);
      return n?.deliveries.find((d) => d.event === 'created')?.deliveredAt ? n : null;
    }, { timeoutMs: 10_000, what: 'the pending delivery after the restart' });
    expect(stored.deliveries[0]?.attempts).toBe(requestsWhileDown + 1);
    expect(stored.escalatedAt).toBeGreaterThan(note.dueAt);
    expect(h.notified.map((n) => n.kind).sort()).toEqual(['escalation', 'reminder']);
  });

  it('does not remind or escalate a note closed in time, and closing erases the number everywhere in Redis', async () => {
    const h = harness({ dueServiceMs: 1_000, recordNotify: true });
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    const done = await h.service.markDone(note.id, 'clerk-quickborn');
    expect(done?.changed).toBe(true);
    expect(done?.note).not.toHaveProperty('callerNumber');
    await h.startWorker();

    for (const id of [noteJobIds.deliver(note.id, 'created', 'town'), noteJobIds.remind(note.id), noteJobIds.escalate(note.id)]) {
      await waitFor(async () => (await jobState(h, id)) === 'completed', { timeoutMs: 10_000, what: `${id} completed` });
    }
    for (const id of [noteJobIds.remind(note.id), noteJobIds.escalate(note.id)]) {
      expect((await h.queue.bull.getJob(id))?.returnvalue).toBe('skipped: note done');
    }
    expect(h.notified).toEqual([]);
    // Delivered after it was closed: the town learns of it, without the erased number.
    expect(receiver.at(h.townPath).map((r) => (JSON.parse(r.body) as { note: Note }).note)).toEqual([expect.objectContaining({ id: note.id, status: 'done' })]);
    expect(receiver.at(h.townPath)[0]?.body).not.toContain(NUMBER);
    const stored = await h.store.get(note.id);
    expect(stored).toMatchObject({ status: 'done', doneBy: 'clerk-quickborn' });
    expect(stored).not.toHaveProperty('remindedAt');
    expect(stored).not.toHaveProperty('escalatedAt');
    expect(await redis.hexists(new NoteKeys(h.prefix).note(note.id), 'callerNumber')).toBe(0);

    // Nothing under the prefix (note, indexes, BullMQ's jobs) holds the number any more.
    const keys = await redis.keys(`${h.prefix}*`);
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) {
      const type = await redis.type(key);
      const dump = type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'string' ? ((await redis.get(key)) ?? '') : type === 'zset' ? (await redis.zrange(key, 0, -1)).join() : type === 'list' ? (await redis.lrange(key, 0, -1)).join() : type === 'set' ? (await redis.smembers(key)).join() : '';
      expect(dump, key).not.toContain(NUMBER);
    }
  });

  it('adds each job once per note, and a note stored without its jobs is scheduled by the sweep', async () => {
    const h = harness({ dueServiceMs: HOUR });
    const note = await h.service.create(NEW_NOTE, 'agent-1');
    await h.queue.schedule(note);
    await h.queue.schedule(note);
    const counts = await h.queue.bull.getJobCounts('waiting', 'delayed', 'active', 'completed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3); // deliver, remind, escalate

    // As if the engine died between storing a note and queueing its jobs:
    const orphan: Note = { ...note, id: 'orphan-1', createdAt: Date.now(), deliveries: [] };
    await h.store.create(orphan);
    expect(await h.store.unscheduled(10)).toEqual(['orphan-1']);
    await h.startWorker(); // sweeps at start
    await waitFor(async () => (await h.store.get('orphan-1'))?.deliveries[0]?.deliveredAt, { timeoutMs: 10_000, what: 'the orphan delivered' });
    expect(await h.store.unscheduled(10)).toEqual([]);
    expect(await jobState(h, noteJobIds.escalate('orphan-1'))).toBe('delayed');
  });

  it('lists a town\'s notes by due time and status', async () => {
    const h = harness({ dueServiceMs: HOUR, townWebhook: false });
    let t = Date.now();
    const service = new NotesService({ store: h.store, queue: h.queue, calendar: ALWAYS_OPEN, settings: h.settings, log, now: () => t });
    const a = await service.create({ ...NEW_NOTE, topic: 'A' }, 'agent-1');
    t -= 60_000; // filed earlier, so due earlier
    const b = await service.create({ ...NEW_NOTE, topic: 'B' }, 'agent-2');
    t += 30_000;
    const c = await service.create({ ...NEW_NOTE, municipality: 'hasloh', topic: 'C' }, 'agent-2');
    expect((await service.list('quickborn', 'open', 10)).map((n) => n.topic)).toEqual(['B', 'A']);
    await service.markDone(a.id, 'clerk');
    expect((await service.list('quickborn', 'open', 10)).map((n) => n.id)).toEqual([b.id]);
    expect((await service.list('quickborn', 'done', 10)).map((n) => n.id)).toEqual([a.id]);
    expect((await service.list('quickborn', 'all', 10)).map((n) => n.id)).toEqual([b.id, a.id]);
    expect((await service.list('hasloh', 'all', 10)).map((n) => n.id)).toEqual([c.id]);
    expect((await h.store.openNotes(10)).map((n) => n.id)).toEqual([b.id, c.id]);
    expect((await service.markDone(a.id, 'someone-else'))?.changed).toBe(false);
    expect((await service.get(a.id))?.doneBy).toBe('clerk');
    expect(await service.markDone('nope', 'clerk')).toBeNull();
  });

  it('startNotes wires store, queue, worker and routes from the deployment file and the environment', async () => {
    prefixSeq++;
    const sample = readFileSync(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)), 'utf8');
    const path = `/from-yaml/${prefixSeq}`;
    const yaml = sample.replace('    areaCodes: ["041066"]', `    areaCodes: ["041066"]\n    webhook: { url: "${receiver.url(path)}" }`) + '\nnotes:\n  webhookBackoffSec: 1\n';
    const deployment = parseDeployment(yaml, 'test');
    await expect(startNotes({ redis, redisUrl: redisServer.url, keyPrefix: `ns${prefixSeq}:`, deployment, env: {}, log })).rejects.toThrow('NOTES_WEBHOOK_SECRET_HASLOH');
    const notes = await startNotes({ redis, redisUrl: redisServer.url, keyPrefix: `ns${prefixSeq}:`, deployment, env: { NOTES_WEBHOOK_SECRET_HASLOH: TOWN_SECRET }, log });
    closers.push(() => notes.close());
    expect(notes.settings.dueServiceMs).toBe(24 * HOUR);
    expect(notes.calendar.timezone).toBe('Europe/Berlin');
    const routeDeps = notes.routeDeps({ requireRole: () => () => Promise.resolve(undefined), canSeeTown: () => true, inboxScriptUrl: '/assets/inbox-0123456789abcdef.js' });
    expect(routeDeps.service).toBe(notes.service);

    const note = await notes.service.create({ ...NEW_NOTE, municipality: 'hasloh' }, 'agent-3');
    const [req] = await waitFor(() => receiver.at(path).length === 1 && receiver.at(path), { timeoutMs: 10_000, what: 'the Hasloh webhook request' });
    expect(verifyNoteSignature(TOWN_SECRET, { timestamp: req?.headers['x-notes-timestamp'] as string, signature: req?.headers['x-notes-signature'] as string, body: req?.body ?? '' })).toBe(true);
    expect((JSON.parse(req?.body ?? '{}') as { note: Note }).note.id).toBe(note.id);
  });
});
