import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RedisDispositions,
  RedisAgentStore,
  RedisCallStore,
  RedisKeys,
  RedisLiveQueue,
  RedisCallRecords,
  RedisCallerHistory,
  createRedis,
} from '../../src/adapters/redis/index.js';
import { agentId, callId } from '../../src/domain/ids.js';
import { isEngineError } from '../../src/errors.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { describeAgentStoreContract } from './agent-store-contract.js';
import { describeCallStoreContract } from './call-store-contract.js';
import { T0, ended, makeCall, type DispatchLane } from './fixtures.js';
import { describeLiveQueueContract } from './live-queue-contract.js';
import { describeRoutingContract } from './routing-contract.js';
import { describeRoutingStepsContract } from './routing-steps-contract.js';
import { describeCallRecordsContract } from './call-records-contract.js';

let server: RedisServerHandle;
/** Five connections: the concurrency tests spread their lanes over them. */
const clients: Redis[] = [];
let prefixSeq = 0;
/** Every test gets its own prefix, so no test sees another's keys. */
const freshKeys = (): RedisKeys => new RedisKeys(`t${process.pid}:${++prefixSeq}:`, 'test-center');
const client = (i = 0): Redis => {
  const c = clients[i % clients.length];
  if (!c) throw new Error('redis clients not started');
  return c;
};

beforeAll(async () => {
  server = await startRedis();
  for (let i = 0; i < 5; i++) clients.push(createRedis(server.url, { name: `contract-${i}` }));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await server?.stop();
});

const redisDispatch = (lanes: number): Promise<DispatchLane[]> => {
  const keys = freshKeys();
  return Promise.resolve(
    Array.from({ length: lanes }, (_, i) => ({ queue: new RedisLiveQueue(client(i), keys), agents: new RedisAgentStore(client(i), keys) })),
  );
};

describeCallStoreContract('redis', () => Promise.resolve(new RedisCallStore(client(), freshKeys())));
describeLiveQueueContract('redis', redisDispatch);
describeRoutingContract('redis', redisDispatch);
describeRoutingStepsContract('redis', redisDispatch);
describeAgentStoreContract('redis', redisDispatch);
describeCallRecordsContract('redis', () => {
  const keys = freshKeys();
  return Promise.resolve({ store: new RedisCallStore(client(), keys), records: new RedisCallRecords(client(), keys) });
});

const keysUnder = async (prefix: string): Promise<string[]> => {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client().scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found.map((k) => k.slice(prefix.length)).sort();
};

describe('Redis adapters', () => {
  it("keep every key under their prefix, in the documented layout, in the center's hash tag", async () => {
    const keys = freshKeys();
    const calls = new RedisCallStore(client(), keys);
    const queue = new RedisLiveQueue(client(), keys);
    const agents = new RedisAgentStore(client(), keys);
    await calls.create(makeCall(1));
    await queue.enqueue(callId('call-1'), T0, false);
    await agents.ensure([agentId('anna'), agentId('bernd')], T0);
    await calls.save(ended(await calls.create(makeCall(9)), T0));
    const written = await keysUnder(keys.prefix);
    expect(written).toEqual([
      'agent:anna',
      'agent:bernd',
      'agents',
      'agents:available',
      'call:call-1',
      'call:call-9',
      'calls:active',
      'chan:1736150400.1',
      'queue',
      'records',
    ].map((k) => `{test-center}:${k}`));
    // Redis Cluster hashes the text between a key's first "{" and the next "}": every key of the
    // center's live state, and the stream its save script appends to, lands in the center's slot.
    for (const key of written) expect(/^[^{]*\{([^}]*)\}/.exec(key)?.[1], key).toBe('test-center');
    expect(await client().hgetall(keys.agent(agentId('anna')))).toEqual({
      status: 'available',
      since: String(T0),
      callId: '',
      pauseReason: '',
      version: '1',
    });
  });

  it('let exactly one of concurrent saves from different connections win', async () => {
    const keys = freshKeys();
    const stores = clients.map((c) => new RedisCallStore(c, keys));
    const v1 = await stores[0]!.create(makeCall(1));
    const results = await Promise.allSettled(stores.map((s, i) => s.save({ ...v1, timerSeq: i + 1 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isEngineError(r.reason, 'STORE_VERSION_CONFLICT')).toBe(true);
  });

  it('keep an ended call for the retention period, a running one without expiry', async () => {
    const keys = freshKeys();
    const store = new RedisCallStore(client(), keys, { retentionMs: 60_000 });
    const running = await store.create(makeCall(1));
    expect(await client().pttl(keys.call(running.id))).toBe(-1);
    await store.save(ended(running, T0 + 1_000));
    const ttl = await client().pttl(keys.call(running.id));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keep a call record deflated in Redis, and read and update one written as plain JSON by an earlier version', async () => {
    const keys = freshKeys();
    const store = new RedisCallStore(client(), keys);
    const coded = await store.create(makeCall(1));
    const kept = await client().getBuffer(keys.call(coded.id));
    expect(kept?.subarray(0, 5).toString()).toBe('z1:1:');
    expect(kept!.length).toBeLessThan(JSON.stringify(coded).length / 2);

    const older = { ...makeCall(2), version: 3 };
    await client().set(keys.call(older.id), JSON.stringify(older));
    await client().sadd(keys.activeCalls, older.id);
    expect(await store.get(older.id)).toEqual(older);
    expect((await store.active()).map((c) => c.id).sort()).toEqual([coded.id, older.id].sort());
    // The save script reads the old record's version inside its JSON: a stale one is refused, the right one saves.
    await expect(store.save({ ...older, version: 2 })).rejects.toMatchObject({ code: 'STORE_VERSION_CONFLICT' });
    const updated = await store.save(ended(older, T0 + 1_000));
    expect(updated.version).toBe(4);
    expect(await store.get(older.id)).toEqual(updated);
    // The records stream keeps plain JSON for the reports.
    const [entry] = await client().xrange(keys.records, '-', '+');
    expect(JSON.parse(entry![1][1]!)).toEqual(updated);
  });

  it('name the key of a call record it cannot read (STORE_UNREADABLE), instead of guessing', async () => {
    const keys = freshKeys();
    const store = new RedisCallStore(client(), keys);
    await client().set(keys.call(callId('c-damaged')), 'z9:1:\x00\x01');
    await expect(store.get(callId('c-damaged'))).rejects.toMatchObject({ code: 'STORE_UNREADABLE', details: { key: keys.call(callId('c-damaged')) } });
  });

  it("keep a call's outcome, pending and once final, for the retention they are given, and make it final once", async () => {
    const keys = freshKeys();
    const dispositions = new RedisDispositions(client(), keys, { retentionMs: 8 * 86_400_000 });
    await dispositions.file({ callId: callId('c-1'), agentId: agentId('anna'), outcome: 'resolved', at: T0 });
    const pendingTtl = await client().pttl(keys.disposition(callId('c-1')));
    expect(pendingTtl).toBeGreaterThan(7 * 86_400_000);
    expect(pendingTtl).toBeLessThanOrEqual(8 * 86_400_000);
    expect(await dispositions.finalize(callId('c-1'), agentId('anna'), T0 + 5_000)).toMatchObject({ outcome: 'resolved', finalizedAt: T0 + 5_000 });
    expect(await dispositions.finalize(callId('c-1'), agentId('anna'), T0 + 9_000)).toMatchObject({ outcome: 'resolved', finalizedAt: T0 + 5_000 });
    const finalTtl = await client().pttl(`${keys.disposition(callId('c-1'))}:final`);
    expect(finalTtl).toBeGreaterThan(7 * 86_400_000);
    expect(finalTtl).toBeLessThanOrEqual(8 * 86_400_000);
    expect(await dispositions.read()).toHaveLength(1);
  });

  it('drop stale members of the available set instead of offering them', async () => {
    const keys = freshKeys();
    const queue = new RedisLiveQueue(client(), keys);
    const agents = new RedisAgentStore(client(), keys);
    await agents.ensure([agentId('real')], T0 + 100);
    // Left behind by a hand edit: no record at all, and a record that says busy.
    await client().zadd(keys.availableAgents, T0, 'ghost', T0 + 1, 'busy-one');
    await client().hset(keys.agent(agentId('busy-one')), { status: 'busy', since: T0, callId: 'x', pauseReason: '', version: 3 });
    await queue.enqueue(callId('c'), T0, false);
    expect(await queue.assignNext(T0 + 200)).toMatchObject({ call: 'c', agent: 'real' });
    expect(await client().zrange(keys.availableAgents, 0, -1)).toEqual([]);
    expect((await agents.get(agentId('busy-one')))?.status).toBe('busy');
  });

  it('cap the records stream and read on from an id', async () => {
    const keys = freshKeys();
    const calls = new RedisCallStore(client(), keys, { recordsMaxLen: 10 });
    const sink = new RedisCallRecords(client(), keys);
    for (let i = 0; i < 300; i++) await calls.save(ended(await calls.create(makeCall(i)), T0 + i));
    // MAXLEN ~ trims whole stream nodes (100 entries each by default), so the cap is approximate.
    const length = await client().xlen(keys.records);
    expect(length).toBeLessThan(300);
    expect(length).toBeGreaterThanOrEqual(10);
    const firstTwo = await sink.read(undefined, 2);
    expect(firstTwo).toHaveLength(2);
    const rest = await sink.read(firstTwo[1]!.id);
    expect(rest).toHaveLength(length - 2);
    expect(rest.at(-1)?.call.id).toBe('call-299');
  });

  it('report REDIS_UNAVAILABLE when Redis cannot be reached', async () => {
    // Nothing listens on port 1 of this host.
    const down = createRedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 1, connectTimeoutMs: 500 });
    try {
      const keys = freshKeys();
      await expect(new RedisCallStore(down, keys).get(callId('x'))).rejects.toSatisfy((e) => isEngineError(e, 'REDIS_UNAVAILABLE'));
      await expect(new RedisLiveQueue(down, keys).assignNext(T0)).rejects.toSatisfy((e) => isEngineError(e, 'REDIS_UNAVAILABLE'));
      await expect(new RedisAgentStore(down, keys).all()).rejects.toSatisfy((e) => isEngineError(e, 'REDIS_UNAVAILABLE'));
    } finally {
      down.disconnect();
    }
  });

  it('keep calls, queue, agents and records across a redis-server restart (AOF)', async () => {
    const keys = freshKeys();
    const calls = new RedisCallStore(client(), keys);
    const queue = new RedisLiveQueue(client(), keys);
    const agents = new RedisAgentStore(client(), keys);
    const records = new RedisCallRecords(client(), keys);
    const saved = await calls.save(await calls.create(makeCall(1)));
    await queue.enqueue(callId('call-1'), T0 + 1, false);
    await queue.enqueue(callId('call-2'), T0 + 2, false);
    await queue.enqueue(callId('call-3'), T0 + 3, false);
    await agents.ensure([agentId('anna'), agentId('bernd')], T0);
    const pair = await queue.assignNext(T0 + 10);
    await calls.save(ended(await calls.create(makeCall(0)), T0));
    const pidBefore = server.pid();

    await server.restart();
    expect(server.pid()).not.toBe(pidBefore);

    // The same clients reconnect on their own; the Lua scripts are reloaded after NOSCRIPT.
    expect(await calls.get(saved.id)).toEqual(saved);
    expect(await calls.findByCallerChannel(saved.callerChannel)).toBe(saved.id);
    expect((await queue.waiting()).map((w) => w.call)).toEqual(['call-2', 'call-3']);
    expect(await agents.get(pair!.agent)).toMatchObject({ status: 'offered', callId: 'call-1' });
    expect((await records.read()).map((r) => r.call.id)).toEqual(['call-0']);
    expect(await queue.assignNext(T0 + 20)).toMatchObject({ call: 'call-2', agent: 'bernd' });
  });

  it("keep a caller's calls of the last week, and their key no longer than a week", async () => {
    const keys = freshKeys();
    const history = new RedisCallerHistory(client(), keys);
    const WEEK = 7 * 24 * 60 * 60 * 1000;
    await history.seen('h1', 'old', T0);
    await history.seen('h1', 'recent', T0 + WEEK - 10);
    await history.seen('h1', 'now', T0 + WEEK + 10);
    expect(await history.count('h1', T0 + 10, T0 + WEEK + 11, 'now')).toBe(1);
    // The week-old call is gone from the set itself, not only from the count.
    expect(await client().zrange(keys.callerHistory('h1'), 0, -1)).toEqual(['recent', 'now']);
    const ttl = await client().pttl(keys.callerHistory('h1'));
    expect(ttl).toBeGreaterThan(WEEK - 60_000);
    expect(ttl).toBeLessThanOrEqual(WEEK);
  });
});
