import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import { startSentinelSet, type SentinelSetHandle } from '../support/redis-sentinel.js';
import { SAMPLE_CENTER } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * Redis with Sentinel on the real stack: the primary dies (killed, no goodbye) while 30 callers
 * wait and both agents talk. What the citizens notice: nothing but a longer wait; every one of
 * them talks to an agent. The engine finds the promoted replica through the sentinels and
 * reconciles with Asterisk, which frees the agents whose hang-ups it could not record meanwhile.
 * Callers who arrive during the promotion are answered within seconds and hear a voice: the engine's
 * (once its save reaches the new primary) or the dialplan fallback's.
 */
/** Callers arriving one every 0.5 s from the kill: 4 s, well past the promotion (about 2.5 s). */
const CALLERS_DURING = 8;

describe('the Redis primary killed (Sentinel)', () => {
  const counties = useCounties();
  const sets: SentinelSetHandle[] = [];
  /** A primary, a replica and three sentinels (down-after 1 s), and a county whose engine reaches Redis only through them. */
  const sentinelCounty = async (agents: string[]) => {
    const set = await startSentinelSet({ downAfterMs: 1_000 });
    sets.push(set);
    const [primary, replica] = set.servers;
    if (!primary || !replica) throw new Error('the sentinel set has two servers');
    const sentinels = set.target.sentinels.map((x) => `${x.host}:${x.port}`).join(',');
    // REDIS_URL (the stack's own Redis) is not used: the sentinels name the primary.
    const county = await counties.open({ agents, extraEnv: { REDIS_SENTINELS: sentinels, REDIS_SENTINEL_NAME: set.name } });
    return { set, primary, replica, county };
  };
  /** The county's ended calls, read from whichever server the sentinels name as primary now. */
  const recordsThroughSentinels = async (set: SentinelSetHandle, prefix: string) => {
    const redis = createRedis({ url: 'redis://unused.invalid:1', sentinel: set.target }, { name: 'e2e-failover-reader' });
    try {
      return (await new RedisCallRecords(redis, new RedisKeys(prefix, SAMPLE_CENTER)).read(undefined, 10_000)).map((r) => r.call);
    } finally {
      redis.disconnect();
    }
  };

  // After the county's own checks and close (useCounties, after each test): the engine needs its Redis until it has stopped.
  afterAll(async () => {
    for (const s of sets.splice(0)) await s.stop();
  });

  it('with 30 callers waiting: the replica takes over within seconds, every caller talks to an agent', async () => {
    const { set, primary, replica, county } = await sentinelCounty(['agent-1', 'agent-2']);
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 200, hangUpAfterMs: 500 });
    await waitFor(async () => (await county.queue()).agents.filter((a) => a.status === 'available').length === 2, { timeoutMs: 5_000, what: 'both agents available' });
    const callers = [];
    for (let i = 0; i < 30; i++) callers.push(await county.sipp.call({ to: NUMBERS.n115, from: `0410156${String(5000 + i)}` }));
    // Thirty SIPp processes start one after the other: on a busy 2-core machine the last INVITEs take a while.
    await waitFor(() => county.engine.logs().filter((l) => l.msg === 'call arrived').length >= 30, { timeoutMs: 30_000, what: '30 calls arrived' });
    expect(county.engine.logs().filter((l) => l.msg === 'call arrived')).toHaveLength(30);
    expect((await county.queue()).waiting.length).toBeGreaterThanOrEqual(20);
    await waitFor(async () => (await county.queue()).agents.every((a) => a.status === 'busy'), { timeoutMs: 10_000, what: 'both agents talking' });

    const readyBefore = county.engine.logs().filter((l) => l.msg === 'redis ready again: reconciling with asterisk').length;
    const killedAt = Date.now();
    await primary.kill();
    await waitFor(async () => (await set.primaryPort()) === replica.port, { timeoutMs: 20_000, what: 'the sentinels promoting the replica' });
    const promotedAfterMs = Date.now() - killedAt;
    const reconciled = await waitFor(
      () => county.engine.logs().filter((l) => l.msg === 'redis ready again: reconciling with asterisk')[readyBefore],
      { timeoutMs: 20_000, what: 'the engine reconnected to the promoted replica and reconciling' },
    );
    const reconciledAfterMs = Number(reconciled['time']) - killedAt;

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(120_000)));
    const servedAfterMs = Date.now() - killedAt;
    // Every caller was answered (by the engine, with music) and ended by an agent's hang-up: talked to a person.
    expect(ends.map((e) => e.outcome)).toEqual(ends.map(() => 'remote-hangup'));
    expect(agents.reduce((n, a) => n + a.counts().answered, 0)).toBe(30);
    // The records are in the promoted replica, read as the engine reaches it: through the sentinels.
    const records = await recordsThroughSentinels(set, county.prefix);
    expect(records.filter((r) => r.outcome === 'answered-by-agent')).toHaveLength(30);
    console.info(
      `redis primary killed with 30 callers waiting (down-after 1 s): replica promoted after ${promotedAfterMs} ms, the engine reconciling after ${reconciledAfterMs} ms, all 30 served, the last ended ${servedAfterMs} ms after the kill`,
    );
  });

  it('callers who arrive while the replica is promoted: each is answered within seconds and hears something, by the engine or by the fallback', async () => {
    const { set, primary, county } = await sentinelCounty(['agent-1']);
    await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 400 } });
    await waitFor(async () => (await county.queue()).agents.some((a) => a.status === 'available'), { timeoutMs: 5_000, what: 'the agent available' });

    const killedAt = Date.now();
    await primary.kill();
    // A caller every half second from the kill until well after the promotion (about 2.5 s).
    const callers = [];
    for (let i = 0; i < CALLERS_DURING; i++) {
      callers.push(await county.sipp.call({ to: NUMBERS.n115, from: `0410157${String(5000 + i)}` }));
      // The callers' pace is part of the scenario, not a wait for an event.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + (i + 1) * 500 - Date.now())));
    }
    const ends = await Promise.all(callers.map((c) => c.waitForEnd(120_000)));
    for (const [i, end] of ends.entries()) {
      const caller = callers[i];
      if (!caller) continue;
      // Answered within a few seconds, by the engine (greeting, music, an agent) or by the fallback (the announcement).
      expect(end.answeredAt, `caller ${i} answered`).toBeDefined();
      expect((end.answeredAt ?? Infinity) - end.startedAt, `caller ${i}: time to answer`).toBeLessThan(5_000);
      const firstSound = caller.rtp.received().find((p) => new Set(p.payload).size > 2);
      expect((firstSound?.at ?? Infinity) - (end.answeredAt ?? 0), `caller ${i}: silence after the answer`).toBeLessThan(2_000);
      expect(end.outcome, `caller ${i}`).toBe('remote-hangup');
    }
    const fallback = county.engine.logs().filter((l) => l.msg === 'redis unavailable: caller handed back to the dialplan fallback').length;
    const served = (await recordsThroughSentinels(set, county.prefix)).filter((r) => r.outcome === 'answered-by-agent').length;
    // Each caller went one way or the other; once the replica was promoted, the engine took them all.
    expect(fallback + served).toBe(CALLERS_DURING);
    expect(served).toBeGreaterThan(0);
    const answerMs = ends.map((e) => (e.answeredAt ?? 0) - e.startedAt);
    console.info(
      `callers during a Redis failover: ${CALLERS_DURING} arrived 0–${CALLERS_DURING / 2} s after the kill; ${fallback} heard the fallback announcement, ${served} talked to the agent; none in silence; answered after ${Math.min(...answerMs)}–${Math.max(...answerMs)} ms`,
    );
  });
});
