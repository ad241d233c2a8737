import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCallRecords, RedisCallStore, RedisDispositions, RedisKeys, createRedis } from '../../src/adapters/redis/index.js';
import type { Principal } from '../../src/auth/index.js';
import type { Call } from '../../src/domain/call.js';
import { agentId, type TownId } from '../../src/domain/ids.js';
import { loadDeployment } from '../../src/config/index.js';
import { startKnowledge } from '../../src/knowledge/start.js';
import { StatsReadModel, statsRoutes, type StatsReport } from '../../src/stats/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { MIN, SEC, TZ, at, endOf, record, type RecordSpec } from '../unit/stats/records.js';

const COUNTY_FILE = fileURLToPath(new URL('../../config/county.yaml', import.meta.url));
const deployment = loadDeployment(COUNTY_FILE);

let server: RedisServerHandle;
let redis: Redis;
let prefixSeq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'stats-test' });
});

afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

const MONDAY = '2025-01-06';
const LEAD: Principal = { id: 'lead', name: 'Teamleitung', role: 'operator' };
const CLERK: Principal = { id: 'clerk-quickborn', name: 'Bürgerbüro Quickborn', role: 'town-staff', town: 'quickborn' as TownId };

/** Everything on a fresh key prefix: the engine's Redis adapters writing, the read model reading. */
function fixture() {
  const keys = new RedisKeys(`stats${process.pid}:${++prefixSeq}:`, 'test-center');
  const store = new RedisCallStore(redis, keys);
  const dispositions = new RedisDispositions(redis, keys);
  const newModel = () =>
    new StatsReadModel({
      records: new RedisCallRecords(redis, keys),
      dispositions,
      timezone: TZ,
      rules: { wrapUpCapMs: 30_000 },
      now: () => at('2025-03-01', '12:00'),
    });
  /** A call as the engine stores it: created live, then saved ended (which publishes its record). */
  const endCall = async (id: string, spec: RecordSpec): Promise<Call> => {
    const ended = record(id, spec);
    const live = await store.create({ ...ended, phase: 'connected', version: 0, outcome: undefined, times: { arrivedAt: ended.times.arrivedAt } });
    return store.save({ ...ended, version: live.version });
  };
  return { keys, store, dispositions, newModel, endCall };
}

async function busyMonday(f: ReturnType<typeof fixture>) {
  const t = at(MONDAY, '09:00');
  const q1 = await f.endCall('q1', { outcome: 'answered-by-agent', arrivedAt: t, answeredAfter: 20 * SEC, endedAfter: 320 * SEC, agent: 'agent-1', hash: 'caller-a', overflowReason: 'direct-115' });
  await f.endCall('q2', { outcome: 'answered-by-town', entry: 'town', arrivedAt: t + MIN, answeredAfter: 12 * SEC, endedAfter: 60 * SEC });
  await f.endCall('q3', { outcome: 'abandoned', entry: 'town', arrivedAt: t + 2 * MIN, endedAfter: 3 * SEC });
  const h1 = await f.endCall('h1', { outcome: 'answered-by-agent', entry: 'town', municipality: 'hasloh', arrivedAt: t + 3 * MIN, answeredAfter: 40 * SEC, endedAfter: 140 * SEC, agent: 'agent-2', overflowReason: 'town-no-answer' });
  const h2 = await f.endCall('h2', { outcome: 'answered-by-agent', entry: 'town', municipality: 'hasloh', arrivedAt: t + 4 * MIN, answeredAfter: 15 * SEC, endedAfter: 215 * SEC, agent: 'agent-2', overflowReason: 'town-no-answer' });
  // q1: filed resolved in wrap-up; made final (by the Redis clock) long after the 30 s wrap-up: counts 30 s.
  await f.dispositions.file({ callId: q1.id, agentId: agentId('agent-1'), outcome: 'resolved', at: endOf(q1) + 5 * SEC, topics: ['reisepass', 'personalausweis'] });
  await f.dispositions.finalize(q1.id, agentId('agent-1'), endOf(q1) + 10 * SEC);
  // h1: wrap-up ended after 12 s without an outcome: unclassified, 12 s.
  await f.dispositions.finalize(h1.id, agentId('agent-2'), endOf(h1) + 12 * SEC);
  // h2: still in wrap-up. The same caller as q1 calls again on Thursday: q1 was not first contact.
  await f.endCall('q4', { outcome: 'abandoned', arrivedAt: at('2025-01-09', '10:00'), endedAfter: 50 * SEC, hash: 'caller-a', overflowReason: 'direct-115' });
  return { q1, h1, h2 };
}

describe('statistics over the Redis streams', () => {
  it('adds up the records and dispositions the engine wrote', async () => {
    const f = fixture();
    await busyMonday(f);
    const stats = f.newModel();
    await stats.start();
    const r = await stats.report({ fromDate: MONDAY, toDate: MONDAY, interval: 'day', byAgent: true });
    expect(r.totals).toMatchObject({
      offered: 5,
      answered: { total: 4, byAgent: 3, byTown: 1, onCallback: 0 },
      abandoned: 0,
      shortAbandoned: 1,
      serviceLevel: { rate: 0.75, answeredInTime: 3, base: 4 }, // q1 20 s, q2 12 s, h2 15 s; h1 40 s late
      asaMs: 21_750, // (20 + 12 + 40 + 15) ÷ 4
      handle: { calls: 2, talkMs: 200_000, wrapUpMs: 11_000, ahtMs: 211_000 }, // talk 300 + 100, wrap-up 10 + 12 (finalized at)
      outcomes: { resolved: 1, transferred: 0, callbackNote: 0, unclassified: 1, pending: 1 },
      fcr: { classified: 1, resolved: 1, rate: 1, strictResolved: 0, strictRate: 0, repeatContacts: 1, settled: true },
      overflowReasons: { 'direct-115': 1, 'town-no-answer': 2, none: 2 },
    });
    expect(r.intervals).toHaveLength(1);
    expect(r.byMunicipality?.map((m) => [m.municipality, m.offered])).toEqual([['hasloh', 2], ['quickborn', 3]]);
    expect(r.byAgent?.map((a) => [a.agentId, a.answered, a.outcomes.pending])).toEqual([['agent-1', 1, 0], ['agent-2', 2, 1]]);
  });

  it('takes in what is new, and catches up from the streams after a restart', async () => {
    const f = fixture();
    const { h2 } = await busyMonday(f);
    const stats = f.newModel();
    await stats.start();
    const monday = { fromDate: MONDAY, toDate: MONDAY, interval: 'total' as const };
    await f.dispositions.file({ callId: h2.id, agentId: agentId('agent-2'), outcome: 'transferred', at: endOf(h2) + 3 * SEC });
    await f.dispositions.finalize(h2.id, agentId('agent-2'), endOf(h2) + 8 * SEC);
    await f.endCall('q5', { outcome: 'closed', arrivedAt: at(MONDAY, '19:00'), endedAfter: 20 * SEC, overflowReason: 'direct-115' });
    const now = await stats.report(monday);
    expect(now.totals).toMatchObject({ offered: 6, otherEnds: { closed: 1 }, outcomes: { transferred: 1, pending: 0 }, fcr: { classified: 2, rate: 0.5 } });
    const restarted = f.newModel();
    await restarted.start();
    expect(restarted.position()).toEqual(stats.position());
    expect((await restarted.report(monday)).totals).toEqual(now.totals);
  });

  it('GET /api/stats: operators see all, town staff their own town only', async () => {
    const f = fixture();
    await busyMonday(f);
    const stats = f.newModel();
    await stats.start();
    const app = Fastify();
    const people = new Map([LEAD, CLERK].map((p) => [p.id, p]));
    app.decorateRequest('principal', null);
    app.addHook('onRequest', (req, _reply, done) => {
      (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
      done();
    });
    // The articles' titles as main.ts looks them up: from the knowledge base, loaded from the county's
    // files (checked on dates after this test's Monday: the knowledge base's clock is today's).
    const { knowledge } = await startKnowledge({ redis, keyPrefix: f.keys.prefix, deployment, configPath: COUNTY_FILE, now: () => Date.now(), log: pino({ level: 'silent' }) });
    const topicTitle = async (id: string) => (await knowledge.article(id))?.article.title ?? null;
    statsRoutes(app, { stats, timezone: TZ, towns: ['quickborn', 'hasloh', 'boenningstedt'], now: () => at(MONDAY, '12:00'), topicTitle });
    const get = (p: Principal, url: string) => app.inject({ method: 'GET', url, headers: { 'x-test-person': p.id } });

    const all = await get(LEAD, '/api/stats?from=2025-01-06&to=2025-01-09&municipality=all&interval=day');
    expect(all.statusCode).toBe(200);
    const body = all.json<{ totals: { offered: number }; intervals: { start: string; offered: number }[]; byAgent: unknown[] }>();
    expect(body.totals.offered).toBe(6);
    expect(body.intervals.map((i) => [i.start, i.offered])).toEqual([
      ['2025-01-06T00:00:00+01:00', 5],
      ['2025-01-07T00:00:00+01:00', 0],
      ['2025-01-08T00:00:00+01:00', 0],
      ['2025-01-09T00:00:00+01:00', 1],
    ]);
    expect(body.byAgent).toHaveLength(2);

    const own = await get(CLERK, '/api/stats?interval=hour');
    expect(own.statusCode).toBe(200);
    const mine = own.json<{ municipality: string; totals: { offered: number; fcr: { strictResolved: number } }; intervals: unknown[] }>();
    expect(mine).toMatchObject({ municipality: 'quickborn', totals: { offered: 3, fcr: { strictResolved: 0 } } });
    expect(mine.intervals).toHaveLength(24);
    expect(own.json()).not.toHaveProperty('byAgent');
    // What Quickborn's callers asked about: q1's two topics, with the articles' titles.
    const topics = (await get(CLERK, '/api/stats?municipality=quickborn')).json<StatsReport>().topics;
    expect(topics.byTopic.map((t) => [t.topic, t.title, t.calls, t.resolved])).toEqual([
      ['personalausweis', 'Personalausweis beantragen', 1, 1],
      ['reisepass', 'Reisepass beantragen', 1, 1],
    ]);
    expect(topics.withTopic.calls).toBe(1);
    // Hasloh's: h1 had no outcome, h2 none yet; town staff of Quickborn cannot ask.
    expect((await get(LEAD, '/api/stats?municipality=hasloh')).json<StatsReport>().topics).toMatchObject({ byTopic: [], withTopic: { calls: 0 }, withoutTopic: { calls: 0 } });

    expect((await get(CLERK, '/api/stats?municipality=hasloh')).statusCode).toBe(403);
    expect((await get(CLERK, '/api/stats?municipality=all')).statusCode).toBe(403);
    const bad = await get(LEAD, '/api/stats?from=6.1.2025&interval=month');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { problems: string[] } }>().error.problems).toHaveLength(2);
  });
});
