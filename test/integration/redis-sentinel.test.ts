import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, type RedisTarget } from '../../src/adapters/redis/connection.js';
import { loadEngineSettings } from '../../src/config/index.js';
import { openEngineQueues } from '../support/engine-queues.js';
import { startSentinelSet, type SentinelSetHandle } from '../support/redis-sentinel.js';
import { waitFor } from '../support/wait-for.js';

/**
 * REDIS_SENTINELS: every connection the engine opens (its own, the notes queue's, the report jobs')
 * finds the primary through the sentinels, and follows a failover to the promoted replica when the
 * primary dies, with no restart and no new configuration.
 */

const PREFIX = 'sentinel-test:';
/** The data servers' password (in REDIS_URL) and the sentinels' own (REDIS_SENTINEL_PASSWORD): both must reach every connection. */
const DATA_PASSWORD = 'data-pw-for-the-sentinel-test-5d1e';
const SENTINEL_PASSWORD = 'sentinel-pw-for-the-test-a93c';
const closers: (() => Promise<unknown>)[] = [];
let set: SentinelSetHandle | undefined;

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  await set?.stop();
  set = undefined;
});

/** The engine's Redis settings from its environment, as main.ts reads them. */
const engineTarget = (env: Record<string, string>): RedisTarget =>
  loadEngineSettings({ ARI_PASSWORD: 'ari-pw-for-the-test', CALLER_HASH_SALT: 'salt-for-the-sentinel-test', ...env }).redis;

/** A plain connection to one server, bypassing the sentinels: what that server holds. */
const direct = (port: number): Redis => {
  const client = new Redis({ port, host: '127.0.0.1', password: DATA_PASSWORD });
  client.on('error', () => {
    // The killed primary refuses; what matters is asserted on the commands.
  });
  closers.push(() => client.quit());
  return client;
};

describe('Redis through Sentinel (REDIS_SENTINELS)', () => {
  it('with passwords on the servers and the sentinels, finds the primary through the sentinels and, when it dies, carries on with the promoted replica: the engine, its notes queue and report jobs', async () => {
    set = await startSentinelSet({ downAfterMs: 1_000, password: DATA_PASSWORD, sentinelPassword: SENTINEL_PASSWORD });
    const [primary, replica] = set.servers;
    if (!primary || !replica) throw new Error('the sentinel set has two servers');
    const target = engineTarget({
      // With sentinels only the URL's credentials and database are used, not its host.
      REDIS_URL: `redis://:${DATA_PASSWORD}@unused.invalid:1/2`,
      REDIS_SENTINELS: set.target.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      REDIS_SENTINEL_NAME: set.name,
      REDIS_SENTINEL_PASSWORD: SENTINEL_PASSWORD,
    });

    const redis = createRedis(target, { name: 'sentinel-test' });
    closers.push(() => redis.quit());
    let readies = 0;
    redis.on('ready', () => readies++);
    await redis.set(`${PREFIX}before`, 'kept');
    const onPrimary = direct(primary.port);
    await onPrimary.select(2);
    expect(await onPrimary.get(`${PREFIX}before`)).toBe('kept');
    // Acknowledged by the replica too: what a failover keeps.
    expect(await redis.wait(1, 5_000)).toBe(1);

    const queues = await openEngineQueues(target, PREFIX);
    closers.push(() => queues.close());
    expect(await queues.notes.bull.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
    await queues.jobs.runNow('aggregate');
    await waitFor(() => queues.aggregateRuns() === 1, { timeoutMs: 5_000, what: 'the report worker running a job through the primary' });

    const killedAt = Date.now();
    await primary.kill();
    await waitFor(async () => (await set?.primaryPort()) === replica.port, { timeoutMs: 20_000, what: 'the sentinels promoting the replica' });
    // The engine's client finds the new primary by itself; a command sent meanwhile fails fast
    // (REDIS_UNAVAILABLE, repaired by the reconcile when the connection is ready again).
    await waitFor(() => redis.set(`${PREFIX}after`, 'written').then(() => true, () => false), { timeoutMs: 15_000, what: 'a write through the engine\'s client after the failover' });
    const writableAfterMs = Date.now() - killedAt;
    const promoted = direct(replica.port);
    await promoted.select(2);
    expect(await promoted.get(`${PREFIX}after`)).toBe('written');
    expect(await redis.get(`${PREFIX}before`)).toBe('kept');
    // 'ready' again: main.ts reconciles with Asterisk on it.
    expect(readies).toBeGreaterThanOrEqual(2);

    await waitFor(() => queues.notes.bull.getJobCounts('waiting').then(() => true, () => false), { timeoutMs: 15_000, what: 'the notes queue after the failover' });
    await waitFor(() => queues.jobs.runNow('aggregate').then(() => true, () => false), { timeoutMs: 15_000, what: 'a report job added after the failover' });
    await waitFor(() => queues.aggregateRuns() === 2, { timeoutMs: 15_000, what: 'the report worker running a job through the promoted replica' });
    console.info(`Sentinel failover (down-after 1 s): the engine's client wrote to the promoted replica ${writableAfterMs} ms after the primary was killed`);
  }, 90_000);
});
