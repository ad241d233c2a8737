import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisControllerLock } from '../../src/adapters/redis/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';

describe('RedisControllerLock (real Redis): one engine controls an ARI app', () => {
  let server: RedisServerHandle;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('lets one owner in, keeps the other out, and hands over on release', async () => {
    const a = new RedisControllerLock(redis, 'lock-1', 'engine-a', 1_000);
    const b = new RedisControllerLock(redis, 'lock-1', 'engine-b', 1_000);
    expect(await a.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await b.renew()).toBe(false);
    expect(await b.holder()).toBe('engine-a');
    await b.release();
    expect(await a.renew()).toBe(true);
    await a.release();
    expect(await b.acquire()).toBe(true);
  });

  it('expires when its owner stops renewing (a crashed engine)', async () => {
    const crashed = new RedisControllerLock(redis, 'lock-2', 'engine-a', 1_000);
    const standby = new RedisControllerLock(redis, 'lock-2', 'engine-b', 1_000);
    expect(await crashed.acquire()).toBe(true);
    await waitFor(() => standby.acquire(), { timeoutMs: 3_000, what: 'standby takes the expired lock' });
    expect(await crashed.renew()).toBe(false);
  });
});
