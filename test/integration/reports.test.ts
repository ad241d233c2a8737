import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/adapters/http/http-server.js';
import { RedisCallRecords, RedisCallStore, RedisDispositions, RedisKeys, createRedis } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import { credentialOf, MemoryLoginThrottle, MemorySessionStore } from '../../src/auth/index.js';
import { loadDeployment } from '../../src/config/index.js';
import type { Call } from '../../src/domain/call.js';
import { agentId } from '../../src/domain/ids.js';
import {
  RedisReportStore,
  ReportKeys,
  ReportService,
  SCHEDULER_IDS,
  TransferIndex,
  otherEndsTotal,
  reportsRoutes,
  startReportJobs,
  streamsWholeSince,
  trimStreamsBefore,
  type Report,
} from '../../src/reports/index.js';
import { StatsReadModel } from '../../src/stats/index.js';
import { addDays } from '../../src/stats/time.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';
import { DAY, SEC, TZ, at, record } from '../unit/stats/records.js';
import { EXPECTED_PARTNERS, PARTNERS, partnerCalls } from '../unit/reports/partner-month.js';
import { EXPECTED_NOTES, EXPECTED_TOPICS, EXPECTED_TOTALS, NOW, TITLES, YEAR_EARLIER, finals, notes, records } from '../unit/reports/quickborn-month.js';

const { people } = loadDeployment(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)));

let server: RedisServerHandle;
let redis: Redis;
let prefixSeq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'reports-test' });
});

afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

/** November 2025: the hand-made Quickborn month a year earlier, so that the Redis clock stamping the stream ids is after it. */
const MONTH = '2025-11';
const LATER = NOW + YEAR_EARLIER;
const NOVEMBER = Array.from({ length: 30 }, (_, i) => addDays('2025-11-01', i));
const QUICKBORN = { fromDate: '2025-11-01', toDate: '2025-11-30', municipality: 'quickborn', month: MONTH, byAgent: true } as const;
const TOWNS = [
  { id: 'quickborn', name: 'Stadt Quickborn' },
  { id: 'boenningstedt', name: 'Gemeinde Bönningstedt' },
  { id: 'hasloh', name: 'Gemeinde Hasloh' },
];

/** The engine's adapters on a fresh key prefix; `engine()` is one engine process's view of them (start it again: a restart). */
function fixture(now = LATER, retention = { aggregatesDays: 400, callRecordsDays: 90 }) {
  const keys = new RedisKeys(`reports${process.pid}:${++prefixSeq}:`, 'test-center');
  const calls = new RedisCallStore(redis, keys);
  const dispositions = new RedisDispositions(redis, keys);
  const store = new RedisReportStore(redis, new ReportKeys(keys.prefix));
  const streams = [keys.records, keys.dispositions];
  /** A call as the engine stores it: created live, then saved ended (which appends its record to the stream). */
  const endCall = async (ended: Call): Promise<Call> => {
    const live = await calls.create({ ...ended, phase: 'connected', version: 0, outcome: undefined, times: { arrivedAt: ended.times.arrivedAt } });
    return calls.save({ ...ended, version: live.version });
  };
  const engine = async () => {
    const stats = new StatsReadModel({ records: new RedisCallRecords(redis, keys), dispositions, timezone: TZ, rules: { wrapUpCapMs: 30_000 }, now: () => now });
    await stats.start();
    const transfers = new TransferIndex({ records: new RedisCallRecords(redis, keys), now: () => now });
    const service = new ReportService({
      stats,
      transfers,
      store,
      wholeSince: () => streamsWholeSince(redis, streams),
      notes: (m) => Promise.resolve(notes(YEAR_EARLIER).filter((n) => n.municipality === m)),
      topicTitle: (id) => Promise.resolve(TITLES.get(id) ?? null),
      timezone: TZ,
      towns: TOWNS,
      county: { id: 'kreis-pinneberg', name: 'Kreis Pinneberg' },
      partners: PARTNERS,
      now: () => now,
      retention,
      trimCallData: (before) => trimStreamsBefore(redis, streams, before),
    });
    return { stats, service };
  };
  return { keys, calls, dispositions, store, endCall, engine, reportKeys: new ReportKeys(keys.prefix) };
}

/** The month written the way the engine writes it: records through RedisCallStore, outcomes through RedisDispositions. */
async function writeMonth(f: ReturnType<typeof fixture>): Promise<void> {
  const month = records(YEAR_EARLIER);
  for (const call of month) await f.endCall(call);
  for (const d of finals(month, YEAR_EARLIER)) {
    const agent = d.call.agentId ?? agentId('agent-x');
    if (d.outcome !== 'unclassified') await f.dispositions.file({ callId: d.call.id, agentId: agent, outcome: d.outcome, at: d.filedAt, ...(d.topics ? { topics: d.topics } : {}) });
    await f.dispositions.finalize(d.call.id, agent, d.finalizedAt);
  }
}

function expectAddsUp(r: Report): void {
  const t = r.totals;
  expect(t.offered).toBe(t.answered.total + t.abandoned + t.shortAbandoned + otherEndsTotal(t.otherEnds));
  for (const x of r.overflowReasons) expect(x.offered, x.reason).toBe(x.answered.total + x.abandoned + x.shortAbandoned + otherEndsTotal(x.otherEnds));
  expect(r.overflowReasons.reduce((n, x) => n + x.offered, 0)).toBe(t.offered);
  for (const d of r.days) expect(d.offered, d.date).toBe(d.answered.total + d.abandoned + d.shortAbandoned + otherEndsTotal(d.otherEnds));
  expect(r.days.reduce((n, d) => n + d.offered, 0)).toBe(t.offered);
  expect(r.checks).toEqual({ endsAddUp: true, reasonsAddUp: true });
}

describe('reports over the engine’s Redis', () => {
  it('a Quickborn month adds up from the streams, and still after they were trimmed, from the stored days', async () => {
    const f = fixture();
    await writeMonth(f);
    const first = await f.engine();
    const live = await first.service.report(QUICKBORN);
    expect(live).toMatchObject({ complete: true, sources: { live: 30, stored: 0 } });
    expect(live.totals).toMatchObject(EXPECTED_TOTALS);
    expect(live.callbackNotes).toEqual(EXPECTED_NOTES);
    expectAddsUp(live);
    const liveAll = await first.service.report({ ...QUICKBORN, municipality: 'all' });

    // The daily job, run after each day of the month.
    for (const date of NOVEMBER) expect(await first.service.aggregateDay(date)).toMatchObject({ date, written: true, complete: true });
    expect(await f.store.storedDates()).toEqual(NOVEMBER);
    const day = await redis.hgetall(f.reportKeys.day('2025-11-02', 'quickborn'));
    expect(day).toMatchObject({ 'c:offered': '5', 'c:answeredByAgent': '2', 'c:answeredByTown': '1', 'c:shortAbandoned': '1', 'r:town-no-answer:offered': '2', 'm:complete': '1' });
    expect(await redis.smembers(f.reportKeys.scopes('2025-11-02'))).toEqual(expect.arrayContaining(['_all', '_county', 'quickborn', 'hasloh', 'boenningstedt']));

    // The streams lose the month (their cap, or the purge of per-call data); the engine restarts.
    expect(await redis.xtrim(f.keys.records, 'MAXLEN', 0)).toBe(19);
    await redis.xtrim(f.keys.dispositions, 'MAXLEN', 0);
    const restarted = await f.engine();
    expect((await restarted.stats.report({ fromDate: '2025-11-01', toDate: '2025-11-30', interval: 'total', municipality: 'quickborn' })).totals.offered).toBe(0);
    const stored = await restarted.service.report(QUICKBORN);
    expect(stored).toMatchObject({ complete: true, sources: { live: 0, stored: 30 } });
    expect(stored.totals).toEqual(live.totals);
    expect(stored.totals).toMatchObject(EXPECTED_TOTALS);
    expect(stored.overflowReasons).toEqual(live.overflowReasons);
    expect(stored.byAgent).toEqual(live.byAgent);
    expectAddsUp(stored);
    const storedAll = await restarted.service.report({ ...QUICKBORN, municipality: 'all' });
    expect(storedAll.totals).toEqual(liveAll.totals);
    expect(storedAll.byMunicipality).toEqual(liveAll.byMunicipality);

    // Without the stored days the month would be lost: marked incomplete, not silently zero.
    await f.store.purgeBefore('2025-11-03');
    const partly = await restarted.service.report(QUICKBORN);
    expect(partly.complete).toBe(false);
    expect(partly.days.filter((d) => !d.complete).map((d) => d.date)).toEqual(['2025-11-01', '2025-11-02']);
    expect(partly.totals.offered).toBe(10);
    expectAddsUp(partly);
  });

  it('what callers asked about outlives the streams: each day’s topic counts are stored with the day', async () => {
    const f = fixture();
    await writeMonth(f);
    const first = await f.engine();
    const live = await first.service.report(QUICKBORN);
    expect(live.topics).toEqual(EXPECTED_TOPICS);
    const liveAll = await first.service.report({ ...QUICKBORN, municipality: 'all' });
    for (const date of NOVEMBER) await first.service.aggregateDay(date);
    // 2 November: q1 (ID card and moving house, resolved) and q4 (building permit, transferred); Hasloh's h1.
    expect(await redis.hgetall(f.reportKeys.day('2025-11-02', 'quickborn'))).toMatchObject({
      't:personalausweis:calls': '1',
      't:personalausweis:resolved': '1',
      't:wohnsitz-anmelden:calls': '1',
      't:baugenehmigung:transferred': '1',
      't:_any:calls': '2',
      'm:version': '3',
    });
    expect(await redis.hgetall(f.reportKeys.day('2025-11-03', 'quickborn'))).toMatchObject({ 't:_none:calls': '1', 't:_none:callbackNote': '1' });
    expect(await redis.hgetall(f.reportKeys.day('2025-11-02', 'hasloh'))).toMatchObject({ 't:hund-anmelden:calls': '1' });

    // The retention trims the streams; a restarted engine has only the stored days.
    await redis.xtrim(f.keys.records, 'MAXLEN', 0);
    await redis.xtrim(f.keys.dispositions, 'MAXLEN', 0);
    const restarted = await f.engine();
    const stored = await restarted.service.report(QUICKBORN);
    expect(stored.sources).toEqual({ live: 0, stored: 30 });
    expect(stored.topics).toEqual(live.topics);
    expect(stored.knowledgeGaps.callsWithoutTopic).toBe(1);
    expect((await restarted.service.report({ ...QUICKBORN, municipality: 'all' })).topics).toEqual(liveAll.topics);
    // A stored day's topics go with the day when the purge deletes it.
    await f.store.purgeBefore('2025-11-03');
    expect(await redis.exists(f.reportKeys.day('2025-11-02', 'quickborn'))).toBe(0);
    expect((await restarted.service.report(QUICKBORN)).topics.byTopic.map((t) => [t.topic, t.calls])).toEqual([['personalausweis', 1]]);
  });

  it('the calls between partner centers outlive the streams: each day’s partner counts are stored with the day', async () => {
    const f = fixture();
    for (const call of partnerCalls(YEAR_EARLIER)) await f.endCall(call);
    const first = await f.engine();
    const all = { ...QUICKBORN, municipality: 'all' };
    const live = await first.service.report(all);
    expect(live.partners).toEqual(EXPECTED_PARTNERS);
    for (const date of NOVEMBER) await first.service.aggregateDay(date);
    // 3 November: three callers taken for Kreis Segeberg (one in time, one hung up), one for Kreis Steinburg.
    expect(await redis.hgetall(f.reportKeys.day('2025-11-03', '_all'))).toMatchObject({
      'p:kreis-segeberg:taken': '3',
      'p:kreis-segeberg:answered': '2',
      'p:kreis-segeberg:answeredInTime': '1',
      'p:kreis-segeberg:abandoned': '1',
      'p:kreis-segeberg:talkSumMs': '360000',
      'p:kreis-steinburg:taken': '1',
      'r:partner:offered': '4',
    });
    expect(await redis.hgetall(f.reportKeys.day('2025-11-02', 'hasloh'))).toMatchObject({ 'c:handedOver': '1', 'p:kreis-segeberg:handedOver': '1' });

    await redis.xtrim(f.keys.records, 'MAXLEN', 0);
    const restarted = await f.engine();
    const stored = await restarted.service.report(all);
    expect(stored.sources).toEqual({ live: 0, stored: 30 });
    expect(stored.partners).toEqual(live.partners);
    expect(stored.totals).toEqual(live.totals);
    expect(stored.totals.serviceLevel).toEqual({ rate: 0.6, answeredInTime: 3, base: 5 });
  });

  it('the purge removes stored days older than the retention, and per-call stream entries older than theirs', async () => {
    const f = fixture();
    await writeMonth(f);
    const { service } = await f.engine();
    for (const date of ['2024-11-04', '2024-11-05', '2025-11-02']) expect((await service.aggregateDay(date)).written).toBe(true);
    const before = await redis.keys(`${f.keys.prefix}report:*2024-11-04*`);
    expect(before.length).toBe(6); // five scopes and their set
    const result = await service.purge();
    // 400 days before 2025-12-10
    expect(result).toMatchObject({ aggregatesBefore: '2024-11-05', daysPurged: ['2024-11-04'] });
    expect(await redis.keys(`${f.keys.prefix}report:*2024-11-04*`)).toEqual([]);
    expect(await f.store.storedDates()).toEqual(['2024-11-05', '2025-11-02']);
    expect(await redis.exists(f.reportKeys.day('2025-11-02', 'quickborn'))).toBe(1);

    // Per-call data: the stream entries are stamped by the Redis clock when the call ended.
    const g = fixture();
    await g.endCall(record('old', { outcome: 'answered-by-town', entry: 'town', arrivedAt: Date.now() - 60 * SEC, answeredAfter: 5 * SEC, endedAfter: 30 * SEC }));
    await new Promise((r) => setTimeout(r, 20));
    const cut = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    await g.endCall(record('new', { outcome: 'answered-by-town', entry: 'town', arrivedAt: Date.now() - 60 * SEC, answeredAfter: 5 * SEC, endedAfter: 30 * SEC }));
    expect(await streamsWholeSince(redis, [g.keys.records, g.keys.dispositions])).toBe(0);
    const trimming = fixture(cut + 90 * DAY);
    const purged = await new ReportService({
      stats: (await trimming.engine()).stats,
      transfers: { refresh: () => Promise.resolve(), of: () => undefined },
      store: g.store,
      wholeSince: () => Promise.resolve(0),
      timezone: TZ,
      towns: TOWNS,
      county: { id: 'kreis-pinneberg', name: 'Kreis Pinneberg' },
      now: () => cut + 90 * DAY,
      retention: { aggregatesDays: 400, callRecordsDays: 90 },
      trimCallData: (t) => trimStreamsBefore(redis, [g.keys.records, g.keys.dispositions], t),
    }).purge();
    expect(purged.entriesTrimmed).toBe(1);
    const left = await new RedisCallRecords(redis, g.keys).read();
    expect(left.map((e) => e.call.id)).toEqual(['new']);
    // Whole again from just after the first entry left: the days before it may have lost calls.
    const whole = await streamsWholeSince(redis, [g.keys.records, g.keys.dispositions]);
    expect(whole).toBeGreaterThan(cut);
    expect(whole).toBe(Number(left[0]?.id.split('-')[0]) + 1);
  });

  it('tells how far back the streams are whole: never trimmed, trimmed, an entry deleted', async () => {
    const g = fixture();
    const streams = [g.keys.records, g.keys.dispositions];
    expect(await streamsWholeSince(redis, streams)).toBe(0);
    for (const id of ['a', 'b', 'c']) await g.endCall(record(id, { outcome: 'answered-by-town', entry: 'town', arrivedAt: Date.now() - 60 * SEC, answeredAfter: 5 * SEC, endedAfter: 30 * SEC }));
    expect(await streamsWholeSince(redis, streams)).toBe(0);
    const ids = (await new RedisCallRecords(redis, g.keys).read()).map((e) => e.id);
    const time = (id: string | undefined) => Number(id?.split('-')[0]);
    await redis.xdel(g.keys.records, ids[1] ?? '');
    expect(await streamsWholeSince(redis, streams)).toBe(time(ids[1]) + 1);
    await redis.xtrim(g.keys.records, 'MAXLEN', 1);
    expect(await streamsWholeSince(redis, streams)).toBe(time(ids[2]) + 1);
    await redis.xtrim(g.keys.records, 'MAXLEN', 0);
    expect(await streamsWholeSince(redis, streams)).toBe(time(ids[2]) + 1);
  });

  it('the daily jobs are BullMQ job schedulers: scheduled once, kept across restarts, run at start', async () => {
    const f = fixture(at('2025-12-02', '00:15') + 0);
    await writeMonth(f);
    const { service } = await f.engine();
    const runs: string[] = [];
    const log = { info: () => undefined, warn: () => undefined };
    const start = () =>
      startReportJobs({
        redisUrl: server.url,
        keyPrefix: f.keys.prefix,
        timezone: TZ,
        run: {
          aggregate: async () => {
            runs.push('aggregate');
            return service.aggregateRecent();
          },
          purge: async () => {
            runs.push('purge');
            return service.purge();
          },
        },
        log,
      });
    const jobs = await start();
    try {
      await waitFor(() => runs.includes('aggregate') && runs.includes('purge'), { timeoutMs: 20_000, what: 'the jobs queued at start to run' });
      await waitFor(async () => (await f.store.storedDates()).length === 8, { timeoutMs: 10_000, what: 'the last 8 days to be stored' });
      expect(await f.store.storedDates()).toEqual(['2025-11-24', '2025-11-25', '2025-11-26', '2025-11-27', '2025-11-28', '2025-11-29', '2025-11-30', '2025-12-01']);
      const schedulers = await jobs.queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz]).sort()).toEqual([
        [SCHEDULER_IDS.aggregate, '15 0 * * *', TZ],
        [SCHEDULER_IDS.purge, '30 3 * * *', TZ],
      ]);
    } finally {
      await jobs.close();
    }
    // A restart: the same two schedules, not two more; the next run is tonight at 00:15 local time.
    const again = await startReportJobs({ redisUrl: server.url, keyPrefix: f.keys.prefix, timezone: TZ, run: { aggregate: () => Promise.resolve(), purge: () => Promise.resolve() }, log, runAtStart: false, worker: false });
    try {
      const schedulers = await again.queue.getJobSchedulers();
      expect(schedulers).toHaveLength(2);
      const next = schedulers.find((s) => s.key === SCHEDULER_IDS.aggregate)?.next ?? 0;
      const local = new Intl.DateTimeFormat('de-DE', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).format(next);
      expect(local).toBe('00:15');
      expect(next).toBeGreaterThan(Date.now());
      expect(next).toBeLessThanOrEqual(Date.now() + DAY);
    } finally {
      await again.close();
    }
  });
});

describe('access to reports, through the real sign-in', () => {
  async function http() {
    const f = fixture();
    await writeMonth(f);
    const { service } = await f.engine();
    const sessions = new MemorySessionStore();
    const app = buildHttpServer({
      log: pino({ level: 'silent' }),
      readiness: () => Promise.resolve({ ari: true, redis: true }),
      queue: () => Promise.resolve({ waiting: [], agents: [] } as unknown as QueueView),
      call: () => Promise.resolve(null),
      auth: { people, sessions, throttle: new MemoryLoginThrottle() },
      routes: [(a) => reportsRoutes(a, { reports: service, timezone: TZ, towns: TOWNS, now: () => LATER })],
    });
    // Signed in the way POST /login leaves a person: a session for them (no scrypt per request).
    const as = async (id: string | null) => {
      const person = people.find((p) => p.id === id);
      return person ? { cookie: `ovr_session=${await sessions.create({ personId: person.id, credential: credentialOf(person.secretHash) })}` } : {};
    };
    const get = async (id: string | null, url: string) => app.inject({ method: 'GET', url, headers: await as(id) });
    return { app, get };
  }

  it('operators see every report; town staff only their own (403 otherwise, `all` too); agents 403; nobody: 401, or the login page', async () => {
    const { app, get } = await http();
    const all = await get('teamlead', '/api/reports?month=2025-11');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ municipality: 'all', totals: { offered: 17 } });
    expect((await get('teamlead', '/api/reports?municipality=hasloh&month=2025-11')).json()).toMatchObject({ totals: { offered: 1 } });
    expect((await get('teamlead', '/api/reports.csv?municipality=quickborn&month=2025-11')).statusCode).toBe(200);

    const own = await get('clerk-quickborn', '/api/reports?month=2025-11');
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ municipality: 'quickborn', totals: EXPECTED_TOTALS });
    expect(own.json()).not.toHaveProperty('byAgent');
    expect((await get('clerk-quickborn', '/api/reports.csv?month=2025-11')).statusCode).toBe(200);
    for (const url of ['/api/reports?municipality=hasloh&month=2025-11', '/api/reports?municipality=all&month=2025-11', '/api/reports.csv?municipality=all', '/reports?municipality=hasloh']) {
      expect((await get('clerk-quickborn', url)).statusCode, url).toBe(403);
    }
    expect((await get('clerk-hasloh', '/api/reports?municipality=quickborn')).statusCode).toBe(403);

    for (const url of ['/api/reports?municipality=quickborn', '/api/reports.csv', '/reports']) expect((await get('agent-1', url)).statusCode, url).toBe(403);

    const nobody = await get(null, '/api/reports?municipality=quickborn&month=2025-11');
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await get(null, '/api/reports.csv')).statusCode).toBe(401);
    const wrong = await app.inject({ url: '/api/reports', headers: { authorization: 'Bearer ovr_0123456789ab_' + 'A'.repeat(43) } });
    expect(wrong.statusCode).toBe(401);
    const page = await get(null, '/reports?municipality=quickborn&month=2025-11');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Freports%3Fmunicipality%3Dquickborn%26month%3D2025-11');

    // Signed in with the session cookie, the clerk comes back to the page.
    const login = await app.inject({ method: 'POST', url: '/login', payload: { id: 'clerk-quickborn', secret: 'clerk-quickborn-secret' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const html = await app.inject({ url: '/reports?municipality=quickborn&month=2025-11', headers: { cookie } });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('Bericht Überlaufanrufe – Stadt Quickborn');
    expect(html.body).toContain('November 2025');
    expect(html.body).toContain('die Summe geht auf');
  });
});
