/**
 * Callback notes keep personal data only as long as needed (src/notes/retention.ts), on real Redis
 * with a controlled clock: an open note's number goes `openNoteNumberGraceHours` after it was due,
 * a closed note goes `closedNotesDays` after it was closed, and a report of its month shows the same
 * callback-note figures before and after.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import { parseDeployment } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { inboxHtml, NoteKeys, notesRetentionOf, purgeNotes, RedisNoteRetention, RedisNoteStore, startNotes, viewOf, type Note } from '../../src/notes/index.js';
import { MemoryReportStore, ReportService } from '../../src/reports/index.js';
import { DEFAULT_RULES } from '../../src/stats/index.js';
import { buildPageScripts } from '../../src/web/page-scripts.js';
import { launchBrowser } from '../support/browser.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NUMBER = '04106987654';
const deployment = parseDeployment(readFileSync(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)), 'utf8'), 'county.yaml');
const policy = notesRetentionOf(deployment.retention);
const MUNICIPALITIES = ['quickborn', 'hasloh', 'kreis-pinneberg'];

let server: RedisServerHandle;
let redis: Redis;
let seq = 0;
const logLines: string[] = [];
const log = createLogger('info', { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'notes-retention-test' });
});

afterAll(async () => {
  expect(logLines.join('')).not.toContain(NUMBER);
  await redis?.quit();
  await server?.stop();
});

function fixture() {
  const prefix = `nr${process.pid}:${++seq}:`;
  const keys = new NoteKeys(prefix);
  const store = new RedisNoteStore(redis, keys);
  return { prefix, keys, store, retention: new RedisNoteRetention(redis, keys, store) };
}

let noteSeq = 0;
const note = (createdAt: number, o: Partial<Note> = {}): Note => ({
  id: `note-${++noteSeq}`,
  municipality: 'quickborn',
  callerNumber: NUMBER,
  name: 'Erika Mustermann',
  topic: 'Wohngeld',
  text: 'Stand des Antrags',
  createdBy: 'agent-1',
  createdAt,
  dueAt: createdAt + DAY,
  remindAt: createdAt + 18 * HOUR,
  status: 'open',
  deliveries: [],
  ...o,
});

describe('the citizen’s number in an open note', () => {
  it('is erased 72 hours after the note was due; the note stays open and says so', async () => {
    const f = fixture();
    const t0 = Date.parse('2026-03-02T09:00:00+01:00');
    const overdue = note(t0);
    const withoutNumber = note(t0, { callerNumber: undefined });
    const later = note(t0 + 2 * DAY);
    for (const n of [overdue, withoutNumber, later]) await f.store.create(n);

    // One hour short of the grace period: nothing happens.
    const early = t0 + DAY + 71 * HOUR;
    expect(await purgeNotes(f.retention, policy, MUNICIPALITIES, early)).toMatchObject({ numbersErased: 0 });
    expect((await f.store.get(overdue.id))?.callerNumber).toBe(NUMBER);

    const due = t0 + DAY + 72 * HOUR + 1;
    expect(await purgeNotes(f.retention, policy, MUNICIPALITIES, due)).toMatchObject({ numbersErased: 1 });
    const erased = await f.store.get(overdue.id);
    expect(erased).toMatchObject({ status: 'open', numberErasedAt: due, name: 'Erika Mustermann' });
    expect(erased?.callerNumber).toBeUndefined();
    expect(JSON.stringify(await redis.hgetall(f.keys.note(overdue.id)))).not.toContain(NUMBER);
    expect((await f.store.list('quickborn', 'open', 10)).map((n) => n.id)).toContain(overdue.id);
    // A note without a number is not marked; a note due later keeps its number; a second run changes nothing.
    expect((await f.store.get(withoutNumber.id))?.numberErasedAt).toBeUndefined();
    expect((await f.store.get(later.id))?.callerNumber).toBe(NUMBER);
    expect(await purgeNotes(f.retention, policy, MUNICIPALITIES, due + HOUR)).toMatchObject({ numbersErased: 0 });
  });

  it('is erased when the note is closed', async () => {
    const f = fixture();
    const n = note(Date.now());
    await f.store.create(n);
    await f.store.markDone(n.id, 'clerk-quickborn', Date.now());
    expect(JSON.stringify(await redis.hgetall(f.keys.note(n.id)))).not.toContain(NUMBER);
  });

  it('the inbox page tells the town staff the number was erased for data protection', async () => {
    const t0 = Date.parse('2026-03-02T09:00:00+01:00');
    const shown: Note = { ...note(t0), callerNumber: undefined, numberErasedAt: t0 + 4 * DAY };
    const scripts = await buildPageScripts();
    const script = scripts.url('inbox');
    const page = inboxHtml({ town: 'quickborn', townName: 'Stadt Quickborn', timezone: 'Europe/Berlin', notes: [viewOf(shown, t0 + 4 * DAY)], scriptUrl: script });
    const http: Server = createServer((req, res) => {
      if (req.url === script) res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(scripts.bundle('inbox').body);
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/towns/quickborn/inbox`);
      const text = await tab.locator('li.note .phone').innerText();
      expect(text).toContain('Rückrufnummer aus Datenschutzgründen gelöscht');
      expect(text).toContain('06.03.2026');
      expect(await tab.locator('a[href^="tel:"]').count()).toBe(0);
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it('the engine erases it by the notes worker’s purge job at start (BullMQ)', async () => {
    const f = fixture();
    const t0 = Date.now() - 10 * DAY;
    const n = note(t0);
    await f.store.create(n);
    await f.store.markScheduled(n.id);
    const notes = await startNotes({ redis, redisUrl: server.url, keyPrefix: f.prefix, deployment, env: {}, log, now: () => Date.now() });
    try {
      await waitFor(async () => (await f.store.get(n.id))?.numberErasedAt !== undefined, { timeoutMs: 10_000, what: 'the number erased by the purge job' });
      expect((await f.store.get(n.id))?.callerNumber).toBeUndefined();
      expect(await notes.queue.bull.getJobSchedulers()).toEqual([expect.objectContaining({ key: 'notes-purge-hourly', every: HOUR })]);
    } finally {
      await notes.close();
    }
    expect(logLines.some((l) => l.includes('callback notes purged'))).toBe(true);
  });
});

describe('closed notes', () => {
  it('are deleted 90 days after closing, and a report of their month shows the same callback-note figures', async () => {
    const f = fixture();
    const at = (iso: string) => Date.parse(iso);
    // January 2026: closed in time, closed late, one closed recently, one still open.
    const inTime = note(at('2026-01-12T10:00:00+01:00'), { name: 'Hanna Frühzeitig' });
    const late = note(at('2026-01-13T10:00:00+01:00'), { municipality: 'hasloh', name: 'Hanna Frühzeitig', text: 'Hundesteuer' });
    const recent = note(at('2026-01-20T10:00:00+01:00'));
    const open = note(at('2026-01-21T10:00:00+01:00'), { callerNumber: undefined });
    for (const n of [inTime, late, recent, open]) await f.store.create(n);
    await f.store.markDone(inTime.id, 'clerk', inTime.createdAt + HOUR);
    await f.store.markDone(late.id, 'clerk', late.createdAt + 3 * DAY);
    await f.store.markDone(recent.id, 'clerk', at('2026-03-30T10:00:00+02:00'));
    // A note closed before the done index existed (an older engine): found all the same.
    await redis.zrem(f.keys.done, late.id);

    let now = at('2026-05-20T12:00:00+02:00');
    const service = new ReportService({
      stats: { rules: DEFAULT_RULES, snapshot: () => Promise.resolve({ facts: [], context: { rules: DEFAULT_RULES, asOf: now, outcomeOf: () => undefined, calledAgain: () => false }, upToDate: true }) },
      transfers: { refresh: () => Promise.resolve(), of: () => undefined },
      store: new MemoryReportStore(),
      wholeSince: () => Promise.resolve(0),
      notes: (m) => f.retention.figures(m),
      timezone: 'Europe/Berlin',
      towns: [
        { id: 'quickborn', name: 'Stadt Quickborn' },
        { id: 'hasloh', name: 'Gemeinde Hasloh' },
      ],
      county: { id: 'kreis-pinneberg', name: 'Kreis Pinneberg' },
      now: () => now,
      retention: { aggregatesDays: 400, callRecordsDays: 90 },
    });
    const january = { fromDate: '2026-01-01', toDate: '2026-01-31', month: '2026-01' };
    const before = { all: await service.report({ ...january, municipality: 'all' }), hasloh: await service.report({ ...january, municipality: 'hasloh' }) };
    expect(before.all.callbackNotes).toMatchObject({ filed: 4, closed: 3, closedInTime: 1, open: 1, overdue: 1, due: 4, available: true });

    const result = await purgeNotes(f.retention, policy, MUNICIPALITIES, now);
    expect(result.closedNotesDeleted).toBe(2);
    expect(await f.store.get(inTime.id)).toBeNull();
    expect(await f.store.get(late.id)).toBeNull();
    expect(await f.store.get(recent.id)).not.toBeNull();
    expect(await f.store.get(open.id)).not.toBeNull();
    expect(await f.store.list('quickborn', 'done', 10)).toEqual([expect.objectContaining({ id: recent.id })]);
    // Nothing of the deleted notes' persons is left anywhere under the prefix.
    for (const key of await redis.keys(`${f.prefix}*`)) {
      const type = await redis.type(key);
      const dump = type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1)) : '';
      expect(dump).not.toMatch(/Frühzeitig|Hundesteuer/);
    }

    const after = { all: await service.report({ ...january, municipality: 'all' }), hasloh: await service.report({ ...january, municipality: 'hasloh' }) };
    expect(after.all.callbackNotes).toEqual(before.all.callbackNotes);
    expect(after.all.days.map((d) => d.callbackNotes)).toEqual(before.all.days.map((d) => d.callbackNotes));
    expect(after.hasloh.callbackNotes).toEqual(before.hasloh.callbackNotes);

    // The last one goes 90 days after ITS closing; the figures stay as long as the aggregates (400 days).
    now = at('2026-06-29T12:00:00+02:00');
    expect(await purgeNotes(f.retention, policy, MUNICIPALITIES, now)).toMatchObject({ closedNotesDeleted: 1, figuresTrimmed: 0 });
    expect((await service.report({ ...january, municipality: 'all' })).callbackNotes).toEqual(before.all.callbackNotes);
    now = at('2027-03-01T12:00:00+01:00');
    expect(await purgeNotes(f.retention, policy, MUNICIPALITIES, now)).toMatchObject({ closedNotesDeleted: 0, figuresTrimmed: 3 });
  });
});
