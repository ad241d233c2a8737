import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveUntaggedKeys } from '../../src/adapters/redis/key-migration.js';
import { RedisKeys } from '../../src/adapters/redis/keys.js';
import type { AgentId, CallId } from '../../src/domain/ids.js';
import { RedisCallRecords, RedisLiveQueue } from '../../src/adapters/redis/index.js';
import { createRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { freeTcpPort } from '../support/free-port.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An engine upgraded from keys without the center's hash tag: its first start moves the live state
 * (waiting callers, agents, call records) to the tagged keys, so that nobody waiting is forgotten.
 */
const dir = mkdtempSync(join(tmpdir(), 'ovr-key-migration-'));
let server: RedisServerHandle;
let redis: Redis;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  server = createRedisServer({ port: await freeTcpPort(), dir });
  await server.start();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('moveUntaggedKeys', () => {
  it("moves the center's live state under its hash tag, keeps what is there already, and finds nothing the second time", async () => {
    const keys = new RedisKeys('old:', 'kreis-pinneberg');
    // What an engine of the earlier layout left: a waiting caller, an agent, a record, and a session (not live state).
    await redis.zadd('old:queue', 1_000, 'c-1');
    await redis.sadd('old:calls:active', 'c-1');
    await redis.set('old:call:c-1', 'record-of-c-1');
    await redis.set('old:chan:1736150400.1', 'c-1');
    await redis.hset('old:agent:agent-1', 'status', 'available');
    await redis.xadd('old:records', '*', 'call', JSON.stringify({ id: 'c-0' }));
    await redis.set('old:disposition:c-0:final', '{}');
    await redis.set('old:callback:c-1', '0410112345');
    await redis.hset('old:session:abc', 'person', 'anna');
    // Already under the new name: not overwritten.
    await redis.hset('old:{kreis-pinneberg}:agent:agent-2', 'status', 'paused');
    await redis.hset('old:agent:agent-2', 'status', 'available');

    const moved = await moveUntaggedKeys(redis, keys, log);
    expect(moved).toBe(8);
    expect(await new RedisLiveQueue(redis, keys).waiting()).toEqual([expect.objectContaining({ call: 'c-1' })]);
    expect(await redis.get(keys.call('c-1' as CallId))).toBe('record-of-c-1');
    expect(await redis.hget(keys.agent('agent-1' as AgentId), 'status')).toBe('available');
    expect(await redis.hget(keys.agent('agent-2' as AgentId), 'status')).toBe('paused');
    expect((await new RedisCallRecords(redis, keys).read(undefined, 10)).map((r) => (r.call as { id: string }).id)).toEqual(['c-0']);
    expect(await redis.get(`${keys.centerPrefix}disposition:c-0:final`)).toBe('{}');
    expect(await redis.get(keys.callbackNumber('c-1' as CallId))).toBe('0410112345');
    expect(await redis.hget('old:session:abc', 'person')).toBe('anna');
    expect(await redis.exists('old:queue', 'old:call:c-1', 'old:agent:agent-1', 'old:records')).toBe(0);

    expect(await moveUntaggedKeys(redis, keys, log)).toBe(0);
  });
});
