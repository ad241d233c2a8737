import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAgentStore, RedisCallRecords, RedisCallStore, RedisDispositions, RedisKeys, createRedis } from '../../src/adapters/redis/index.js';
import type { Call } from '../../src/domain/call.js';
import { agentId, callId, channelId } from '../../src/domain/ids.js';
import { readStaffing } from '../../src/staffing/index.js';
import { StatsReadModel } from '../../src/stats/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { MIN, SEC, TZ, at, endOf, record, type RecordSpec } from '../unit/stats/records.js';

let server: RedisServerHandle;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'staffing-test' });
});

afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

const NOW = at('2025-01-06', '11:00');

describe('staffing advice over Redis', () => {
  it('reads the last hour from the records and dispositions the engine wrote, the running calls and the agents', async () => {
    const keys = new RedisKeys(`staffing${process.pid}:`, 'test-center');
    const store = new RedisCallStore(redis, keys);
    const agents = new RedisAgentStore(redis, keys);
    const dispositions = new RedisDispositions(redis, keys);
    await agents.ensure(['agent-1', 'agent-2', 'agent-3'].map(agentId), NOW - 2 * 60 * MIN);
    await agents.setAway(agentId('agent-3'), 'logged-out', null, NOW - 60 * MIN);
    const endCall = async (id: string, spec: RecordSpec): Promise<Call> => {
      const ended = record(id, spec);
      const live = await store.create({ ...ended, phase: 'connected', version: 0, outcome: undefined, times: { arrivedAt: ended.times.arrivedAt } });
      return store.save({ ...ended, version: live.version });
    };
    // 10 agent calls in the hour: talk 200 s, wrap-up 20 s (AHT 220 s); 7 abandoned in the queue; 1 the town answered.
    for (let i = 0; i < 10; i++) {
      const c = await endCall(`a${i}`, { outcome: 'answered-by-agent', arrivedAt: NOW - 55 * MIN + i * 4 * MIN, answeredAfter: 10 * SEC, endedAfter: 210 * SEC, agent: 'agent-1', overflowReason: 'direct-115' });
      await dispositions.finalize(c.id, agentId('agent-1'), endOf(c) + 20 * SEC);
    }
    for (let i = 0; i < 7; i++) await endCall(`q${i}`, { outcome: 'abandoned', entry: 'town', arrivedAt: NOW - 50 * MIN + i * 5 * MIN, endedAfter: 60 * SEC, overflowReason: 'town-no-answer' });
    await endCall('t', { outcome: 'answered-by-town', entry: 'town', arrivedAt: NOW - 30 * MIN, answeredAfter: 5 * SEC, endedAfter: 90 * SEC });
    // One caller queued right now.
    await store.create({
      id: callId('w'),
      version: 0,
      entry: { kind: '115', townId: null },
      municipality: null,
      callerChannel: channelId('chan-w'),
      callerHash: 'hash-w',
      phase: 'queued',
      times: { arrivedAt: NOW - 30 * SEC, queuedAt: NOW - 25 * SEC },
      timerSeq: 0,
      offers: [],
      overflowReason: 'direct-115',
    });

    const stats = new StatsReadModel({ records: new RedisCallRecords(redis, keys), dispositions, timezone: TZ, rules: { wrapUpCapMs: 30 * SEC }, now: () => NOW });
    await stats.start();
    const advice = await readStaffing({
      figures: (span) => stats.figures(span),
      agents: () => agents.all(),
      activeCalls: () => store.active(),
      defaultHandleTimeMs: 180 * SEC,
      now: () => NOW,
    });
    // 18 arrivals × 220 s = 1.1 Erlang.
    expect(advice).toEqual({
      windowMinutes: 60,
      arrivalsPerHour: 18,
      ahtSec: 220,
      erlangs: 1.1,
      agentsNeeded: 3,
      agentsLoggedIn: 2,
      agentsReady: 2,
      serviceLevelWithLoggedIn: 0.6548, // 2 agents at 1.1 Erlang: not enough for 75 %
      target: { within: 30, share: 0.75 },
    });
  });
});
