import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/adapters/http/http-server.js';
import { RedisAgentStore, RedisCallStore, RedisKeys, createRedis } from '../../src/adapters/redis/index.js';
import type { Call } from '../../src/domain/call.js';
import { agentId, callId, channelId, townId } from '../../src/domain/ids.js';
import { EngineMetrics, metricsRoutes, redisRecordTail } from '../../src/metrics/index.js';
import { staffingRoutes } from '../../src/staffing/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { Exposition } from '../unit/metrics/prom-text.js';
import { SEC, at, record, type RecordSpec } from '../unit/stats/records.js';

let server: RedisServerHandle;
let redis: Redis;
let prefixSeq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'metrics-test' });
});

afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

const T = at('2025-01-06', '09:00');
const TOWNS = ['quickborn', 'boenningstedt', 'hasloh'];
const AGENTS = ['agent-1', 'agent-2', 'agent-3', 'agent-4'].map(agentId);

/** A fresh key prefix with the engine's Redis adapters, and metrics over them as main.ts wires them. */
async function fixture(client: Redis = redis) {
  const keys = new RedisKeys(`metrics${process.pid}:${++prefixSeq}:`, 'test-center');
  const store = new RedisCallStore(client, keys);
  const agents = new RedisAgentStore(client, keys);
  await agents.ensure(AGENTS, T);
  const newMetrics = (c: Redis = client) => {
    const s = new RedisCallStore(c, keys);
    const a = new RedisAgentStore(c, keys);
    return new EngineMetrics({
      records: redisRecordTail(c, keys),
      towns: TOWNS,
      activeCalls: () => s.active(),
      agents: () => a.all(),
      ariConnected: () => true,
      redisConnected: () => c.status === 'ready',
      defaultMetrics: false,
    });
  };
  /** A call as the engine stores it: created live, then saved ended (which appends its record to the stream). */
  const endCall = async (id: string, spec: RecordSpec & { queuedAfter?: number }): Promise<Call> => {
    const ended = record(id, spec);
    const full: Call = spec.queuedAfter === undefined ? ended : { ...ended, times: { ...ended.times, queuedAt: spec.arrivedAt + spec.queuedAfter } };
    const liveCall = await store.create({ ...full, phase: 'queued', version: 0, outcome: undefined, times: { arrivedAt: spec.arrivedAt } });
    return store.save({ ...full, version: liveCall.version });
  };
  const waitingCall = (id: string, phase: 'queued' | 'offering' | 'callback-waiting'): Promise<Call> =>
    store.create({
      id: callId(id),
      version: 0,
      entry: { kind: 'town', townId: townId('hasloh') },
      municipality: townId('hasloh'),
      callerChannel: channelId(`chan-${id}`),
      callerHash: `hash-${id}`,
      phase,
      times: { arrivedAt: T, queuedAt: T + 20 * SEC },
      timerSeq: 0,
      offers: [],
      overflowReason: 'town-no-answer',
    });
  return { keys, store, agents, newMetrics, endCall, waitingCall };
}

describe('Prometheus metrics over Redis', () => {
  it('counts the records RedisCallStore appends after start, by entry, municipality and outcome', async () => {
    const f = await fixture();
    await f.endCall('old', { outcome: 'answered-by-agent', arrivedAt: T, answeredAfter: 10 * SEC, endedAfter: 100 * SEC, agent: 'agent-1', overflowReason: 'direct-115' });
    const metrics = f.newMetrics();
    await metrics.start();
    await f.endCall('a', { outcome: 'answered-by-agent', arrivedAt: T, answeredAfter: 25 * SEC, endedAfter: 200 * SEC, agent: 'agent-1', overflowReason: 'direct-115', queuedAfter: 1 * SEC });
    await f.endCall('b', { outcome: 'abandoned', entry: 'town', municipality: 'boenningstedt', arrivedAt: T, endedAfter: 70 * SEC, overflowReason: 'town-busy', queuedAfter: 5 * SEC });
    await f.endCall('c', { outcome: 'queue-full', municipality: null, arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    await f.endCall('d', { outcome: 'answered-by-town', entry: 'town', municipality: 'quickborn', arrivedAt: T, answeredAfter: 4 * SEC, endedAfter: 60 * SEC });

    const m = new Exposition(await metrics.scrape());
    expect(m.sum('overflow_calls_ended_total')).toBe(4);
    expect(m.value('overflow_calls_ended_total', { entry: '115', municipality: 'quickborn', outcome: 'answered-by-agent' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: 'town', municipality: 'boenningstedt', outcome: 'abandoned' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: '115', municipality: 'county', outcome: 'queue-full' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: 'town', municipality: 'quickborn', outcome: 'answered-by-town' })).toBe(1);
    expect(m.sum('overflow_calls_overflowed_total')).toBe(3);
    expect(m.value('overflow_calls_overflowed_total', { reason: 'town-busy' })).toBe(1);
    // a: 24 s (queued 1 s, answered 25 s), b: 65 s (queued 5 s, ended 70 s).
    expect(m.histogram('overflow_queue_wait_seconds')).toMatchObject({ count: 2, sum: 89, buckets: { '20': 0, '25': 1, '60': 1, '90': 2 } });
  });

  it('a new process starts at zero at the stream end and counts only what ends from then on', async () => {
    const f = await fixture();
    const first = f.newMetrics();
    await first.start();
    await f.endCall('a', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect(new Exposition(await first.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    const second = f.newMetrics();
    await second.start();
    expect(new Exposition(await second.scrape()).sum('overflow_calls_ended_total')).toBe(0);
    await f.endCall('b', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect(new Exposition(await second.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    expect(new Exposition(await first.scrape()).sum('overflow_calls_ended_total')).toBe(2);
  });

  it('gauges: waiting calls by phase and agents by state from Redis, Redis connected', async () => {
    const f = await fixture();
    const metrics = f.newMetrics();
    await metrics.start();
    await f.waitingCall('w1', 'queued');
    await f.waitingCall('w2', 'queued');
    await f.waitingCall('w3', 'offering');
    await f.waitingCall('w4', 'callback-waiting');
    await f.agents.setAway(agentId('agent-2'), 'paused', 'break', T + SEC);
    await f.agents.setAway(agentId('agent-3'), 'logged-out', null, T + SEC);
    const m = new Exposition(await metrics.scrape());
    expect(Object.fromEntries(m.samples('overflow_calls_waiting').map((s) => [s.labels['phase'], s.value]))).toEqual({ queued: 2, offering: 1, callback: 1 });
    expect(Object.fromEntries(m.samples('overflow_agents').map((s) => [s.labels['state'], s.value]))).toEqual({
      available: 2,
      offered: 0,
      busy: 0,
      'wrap-up': 0,
      paused: 1,
      'logged-out': 1,
    });
    expect(m.value('overflow_redis_connected')).toBe(1);
    expect(m.value('overflow_call_records_up_to_date')).toBe(1);
  });

  it('Redis gone: the scrape still answers, Redis 0, counters as last known, no stale live gauges', async () => {
    const own = createRedis(server.url, { name: 'metrics-test-gone', maxRetriesPerRequest: 0 });
    const f = await fixture(own);
    const metrics = f.newMetrics(own);
    await metrics.start();
    await f.endCall('a', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect(new Exposition(await metrics.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    own.disconnect();
    const m = new Exposition(await metrics.scrape());
    expect(m.value('overflow_redis_connected')).toBe(0);
    expect(m.value('overflow_call_records_up_to_date')).toBe(0);
    expect(m.sum('overflow_calls_ended_total')).toBe(1);
    expect(m.samples('overflow_agents')).toEqual([]);
    expect(m.samples('overflow_calls_waiting')).toEqual([]);
  });

  it('GET /metrics is open like /healthz under the engine sign-in; GET /api/staffing is not', async () => {
    const f = await fixture();
    const metrics = f.newMetrics();
    await metrics.start();
    const app = buildHttpServer({
      log: pino({ level: 'silent' }),
      readiness: () => Promise.resolve({ ari: true, redis: true }),
      queue: () => Promise.reject(new Error('not used')),
      call: () => Promise.resolve(null),
      routes: [
        (scope) => metricsRoutes(scope, { metrics }),
        (scope) =>
          staffingRoutes(scope, {
            figures: () => Promise.reject(new Error('not used')),
            agents: () => f.agents.all(),
            defaultHandleTimeMs: 180_000,
            now: () => T,
          }),
      ],
    });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(new Exposition(res.body).value('overflow_agents', { state: 'available' })).toBe(4);
    expect((await app.inject({ url: '/api/staffing' })).statusCode).toBe(401);
    await app.close();
  });
});
