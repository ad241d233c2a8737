import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { MemoryCallStore } from '../../../src/adapters/memory/index.js';
import type { AgentState, AgentStatus } from '../../../src/domain/agent.js';
import type { Call, CallPhase } from '../../../src/domain/call.js';
import { agentId, callId, channelId } from '../../../src/domain/ids.js';
import { EngineMetrics, metricsRoutes, type EngineMetricsOptions, type RecordTail } from '../../../src/metrics/index.js';
import { SEC, at, record, type RecordSpec } from '../stats/records.js';
import { Exposition } from './prom-text.js';

const T = at('2025-01-06', '09:00');
const TOWNS = ['quickborn', 'boenningstedt', 'hasloh'];

/** The memory store's record log, with where it ends. */
const tailOf = (store: MemoryCallStore): RecordTail => ({
  read: (since, count) => store.read(since, count),
  lastId: async () => (await store.read(undefined, Number.MAX_SAFE_INTEGER)).at(-1)?.id ?? null,
});

/** A call as the engine stores it: created live, then saved ended (which appends its record). */
async function endCall(store: MemoryCallStore, id: string, spec: RecordSpec & { queuedAfter?: number }): Promise<Call> {
  const ended = record(id, spec);
  const withQueue: Call = spec.queuedAfter === undefined ? ended : { ...ended, times: { ...ended.times, queuedAt: spec.arrivedAt + spec.queuedAfter } };
  const created = await store.create({ ...withQueue, phase: 'queued', version: 0, outcome: undefined, times: { arrivedAt: spec.arrivedAt } });
  return store.save({ ...withQueue, version: created.version });
}

const agent = (n: number, status: AgentStatus): AgentState => ({ id: agentId(`agent-${n}`), status, since: T, callId: null, pauseReason: null, wrapUpUntil: null, version: 1 });

const live = (id: string, phase: CallPhase): Call => ({
  id: callId(id),
  version: 1,
  entry: { kind: '115', townId: null },
  municipality: null,
  callerChannel: channelId(`chan-${id}`),
  callerHash: `hash-${id}`,
  phase,
  times: { arrivedAt: T },
  timerSeq: 0,
  offers: [],
});

function fixture(over: Partial<EngineMetricsOptions> = {}) {
  const store = new MemoryCallStore();
  const state = { ari: true, redis: true, agents: [agent(1, 'available'), agent(2, 'busy'), agent(3, 'paused'), agent(4, 'logged-out')] as AgentState[], calls: [] as Call[] };
  const metrics = new EngineMetrics({
    records: tailOf(store),
    towns: TOWNS,
    activeCalls: () => Promise.resolve(state.calls),
    agents: () => Promise.resolve(state.agents),
    ariConnected: () => state.ari,
    redisConnected: () => state.redis,
    defaultMetrics: false,
    ...over,
  });
  const scrape = async () => new Exposition(await metrics.scrape());
  return { store, state, metrics, scrape };
}

describe('EngineMetrics: call counters from the records stream', () => {
  it('counts the calls that end after start, by entry, municipality and outcome; what ended before is not counted again', async () => {
    const f = fixture();
    await endCall(f.store, 'before', { outcome: 'answered-by-agent', arrivedAt: T, answeredAfter: 10 * SEC, endedAfter: 60 * SEC, agent: 'agent-1', overflowReason: 'direct-115' });
    await f.metrics.start();
    await endCall(f.store, 'c1', { outcome: 'answered-by-agent', arrivedAt: T, answeredAfter: 20 * SEC, endedAfter: 90 * SEC, agent: 'agent-1', overflowReason: 'direct-115', queuedAfter: 2 * SEC });
    await endCall(f.store, 'c2', { outcome: 'abandoned', entry: 'town', municipality: 'hasloh', arrivedAt: T, endedAfter: 80 * SEC, overflowReason: 'town-no-answer', queuedAfter: 20 * SEC });
    await endCall(f.store, 'c3', { outcome: 'answered-by-town', entry: 'town', municipality: 'hasloh', arrivedAt: T, answeredAfter: 5 * SEC, endedAfter: 50 * SEC });
    await endCall(f.store, 'c4', { outcome: 'closed', municipality: null, arrivedAt: T, endedAfter: 15 * SEC, overflowReason: 'direct-115' });
    const m = await f.scrape();

    expect(m.family('overflow_calls_ended_total')?.type).toBe('COUNTER');
    expect(m.sum('overflow_calls_ended_total')).toBe(4);
    expect(m.value('overflow_calls_ended_total', { entry: '115', municipality: 'quickborn', outcome: 'answered-by-agent' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: 'town', municipality: 'hasloh', outcome: 'abandoned' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: 'town', municipality: 'hasloh', outcome: 'answered-by-town' })).toBe(1);
    expect(m.value('overflow_calls_ended_total', { entry: '115', municipality: 'county', outcome: 'closed' })).toBe(1);
    // Zeros are there from the start, so rate() sees the first call.
    expect(m.value('overflow_calls_ended_total', { entry: 'town', municipality: 'boenningstedt', outcome: 'no-agent' })).toBe(0);

    expect(m.value('overflow_calls_overflowed_total', { reason: 'direct-115' })).toBe(2);
    expect(m.value('overflow_calls_overflowed_total', { reason: 'town-no-answer' })).toBe(1);
    expect(m.value('overflow_calls_overflowed_total', { reason: 'switchboard' })).toBe(0);
    expect(m.value('overflow_call_records_up_to_date')).toBe(1);

    // Queue wait: c1 18 s (queued at 2 s, answered at 20 s), c2 60 s (queued at 20 s, hung up at 80 s).
    expect(m.family('overflow_queue_wait_seconds')?.type).toBe('HISTOGRAM');
    expect(m.histogram('overflow_queue_wait_seconds')).toMatchObject({ count: 2, sum: 78, buckets: { '15': 0, '20': 1, '30': 1, '45': 1, '60': 2, '+Inf': 2 } });
  });

  it('takes in only what is new at each scrape, and counts a record published twice once', async () => {
    const f = fixture();
    await f.metrics.start();
    const c = await endCall(f.store, 'c1', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    await f.store.save(c); // the same ended call saved again: a second record of it
    await endCall(f.store, 'c2', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(2);
  });

  it('reads the stream in pages', async () => {
    const f = fixture({ pageSize: 3 });
    await f.metrics.start();
    for (let i = 0; i < 10; i++) await endCall(f.store, `c${i}`, { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).value('overflow_calls_ended_total', { entry: '115', municipality: 'quickborn', outcome: 'abandoned' })).toBe(10);
  });

  it('keeps label values bounded: an unknown town is `other`; no call id or caller hash in the exposition', async () => {
    const f = fixture();
    await f.metrics.start();
    await endCall(f.store, 'call-secret-id', { outcome: 'abandoned', municipality: 'pinneberg', arrivedAt: T, endedAfter: 30 * SEC, hash: 'caller-hash-xyz', overflowReason: 'direct-115' });
    const m = await f.scrape();
    expect(m.value('overflow_calls_ended_total', { entry: '115', municipality: 'other', outcome: 'abandoned' })).toBe(1);
    const values = new Set(m.samples('overflow_calls_ended_total').map((s) => s.labels['municipality']));
    expect([...values].sort()).toEqual(['boenningstedt', 'county', 'hasloh', 'other', 'quickborn']);
    expect(m.text).not.toContain('call-secret-id');
    expect(m.text).not.toContain('caller-hash-xyz');
  });

  it('a restart begins at zero and counts only what ends from then on', async () => {
    const f = fixture();
    await f.metrics.start();
    await endCall(f.store, 'c1', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    const restarted = new EngineMetrics({ records: tailOf(f.store), towns: TOWNS, activeCalls: () => Promise.resolve([]), agents: () => Promise.resolve([]), ariConnected: () => true, redisConnected: () => true, defaultMetrics: false });
    await restarted.start();
    await endCall(f.store, 'c2', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect(new Exposition(await restarted.scrape()).sum('overflow_calls_ended_total')).toBe(1);
  });

  it('when the stream cannot be read: counters as last known, up_to_date 0, the scrape still answers', async () => {
    const store = new MemoryCallStore();
    let broken = false;
    const records: RecordTail = {
      read: (since, count) => (broken ? Promise.reject(new Error('redis down')) : store.read(since, count)),
      lastId: () => (broken ? Promise.reject(new Error('redis down')) : Promise.resolve(null)),
    };
    const f = fixture({ records });
    await f.metrics.start();
    await endCall(store, 'c1', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(1);
    broken = true;
    await endCall(store, 'c2', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    const m = await f.scrape();
    expect(m.sum('overflow_calls_ended_total')).toBe(1);
    expect(m.value('overflow_call_records_up_to_date')).toBe(0);
    broken = false;
    const healed = await f.scrape();
    expect(healed.sum('overflow_calls_ended_total')).toBe(2);
    expect(healed.value('overflow_call_records_up_to_date')).toBe(1);
  });

  it('a start while Redis is down positions at the first successful read', async () => {
    const store = new MemoryCallStore();
    let broken = true;
    const records: RecordTail = {
      read: (since, count) => (broken ? Promise.reject(new Error('redis down')) : store.read(since, count)),
      lastId: async () => (broken ? Promise.reject(new Error('redis down')) : ((await store.read(undefined, 1e9)).at(-1)?.id ?? null)),
    };
    const f = fixture({ records });
    await expect(f.metrics.start()).rejects.toThrow('redis down');
    await endCall(store, 'during', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    broken = false;
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(0);
    await endCall(store, 'after', { outcome: 'abandoned', arrivedAt: T, endedAfter: 30 * SEC, overflowReason: 'direct-115' });
    expect((await f.scrape()).sum('overflow_calls_ended_total')).toBe(1);
  });
});

describe('EngineMetrics: gauges at scrape time', () => {
  it('waiting calls by phase, agents by state, ARI and Redis connection', async () => {
    const f = fixture();
    await f.metrics.start();
    f.state.calls = [live('a', 'queued'), live('b', 'queued'), live('c', 'offering'), live('d', 'callback-waiting'), live('e', 'connected'), live('f', 'town-ringing')];
    let m = await f.scrape();
    expect(m.family('overflow_calls_waiting')?.type).toBe('GAUGE');
    expect(m.samples('overflow_calls_waiting').map((s) => [s.labels['phase'], s.value])).toEqual([
      ['queued', 2],
      ['offering', 1],
      ['callback', 1],
    ]);
    expect(Object.fromEntries(m.samples('overflow_agents').map((s) => [s.labels['state'], s.value]))).toEqual({
      available: 1,
      offered: 0,
      busy: 1,
      'wrap-up': 0,
      paused: 1,
      'logged-out': 1,
    });
    expect(m.value('overflow_ari_connected')).toBe(1);
    expect(m.value('overflow_redis_connected')).toBe(1);

    f.state.calls = [];
    f.state.agents = [agent(1, 'wrap-up')];
    f.state.ari = false;
    f.state.redis = false;
    m = await f.scrape();
    expect(m.value('overflow_calls_waiting', { phase: 'queued' })).toBe(0);
    expect(m.value('overflow_agents', { state: 'wrap-up' })).toBe(1);
    expect(m.value('overflow_agents', { state: 'busy' })).toBe(0);
    expect(m.value('overflow_ari_connected')).toBe(0);
    expect(m.value('overflow_redis_connected')).toBe(0);
  });

  it('leaves the live gauges out rather than report stale values when Redis cannot be read', async () => {
    const f = fixture({ activeCalls: () => Promise.reject(new Error('redis down')), agents: () => Promise.reject(new Error('redis down')), redisConnected: () => Promise.reject(new Error('x')) });
    await f.metrics.start();
    const m = await f.scrape();
    expect(m.samples('overflow_calls_waiting')).toEqual([]);
    expect(m.samples('overflow_agents')).toEqual([]);
    expect(m.value('overflow_redis_connected')).toBe(0);
  });

  it('with the default metrics: process and Node.js figures too', async () => {
    const f = fixture({ defaultMetrics: true });
    await f.metrics.start();
    const m = await f.scrape();
    // prom-client reports CPU used since the collector started: right after it, that may still be 0.
    expect(m.family('process_cpu_user_seconds_total')).toBeDefined();
    expect(m.value('process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(m.family('process_resident_memory_bytes')).toBeDefined();
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.family('nodejs_eventloop_lag_seconds')).toBeDefined();
  });
});

describe('GET /metrics', () => {
  it('answers the text format, open to anyone', async () => {
    const f = fixture();
    await f.metrics.start();
    const app = Fastify();
    metricsRoutes(app, { metrics: f.metrics });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(new Exposition(res.body).value('overflow_agents', { state: 'available' })).toBe(1);
  });
});
