import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * Redis away, as an operator's bad morning would have it, on the real stack: what the citizens
 * experience while it is away and after it is back.
 */
describe('a Redis outage', () => {
  const counties = useCounties();

  it('a caller who arrives while Redis is away is handed to the dialplan fallback: the town hall rings and answers', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const townHall = await county.sipp.phone({ endpoint: 'quickborn-1', behaviour: { kind: 'answer', afterMs: 300, hangUpAfterMs: 500 } });
    const redis = counties.redisServer();
    await redis.kill();
    try {
      const startedAt = Date.now();
      const citizen = await county.sipp.call({ to: NUMBERS.quickborn, from: '04106555801' });
      await citizen.waitForAnswer(10_000);
      const waitedMs = Date.now() - startedAt;
      const ended = await citizen.waitForEnd(5_000);
      expect(ended.outcome).toBe('remote-hangup');
      expect(townHall.counts()).toMatchObject({ offered: 1, answered: 1 });
      // Redis fails fast: the fallback rings within a few seconds, never silence for long.
      expect(waitedMs).toBeLessThan(5_000);
      expect(county.engine.logs().some((l) => l.msg === 'redis unavailable: caller handed back to the dialplan fallback')).toBe(true);
    } finally {
      await redis.start();
    }
    await waitFor(async () => (await county.engine.getJson('/readyz')).status === 200, { timeoutMs: 10_000, what: 'the engine ready again' });
  });

  it('a 115 caller who arrives while Redis is away hears the German "not reachable" announcement, never silence', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const redis = counties.redisServer();
    await redis.kill();
    try {
      const startedAt = Date.now();
      const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555802' });
      const answeredAt = await citizen.waitForAnswer(10_000);
      const ended = await citizen.waitForEnd(15_000);
      expect(ended.outcome).toBe('remote-hangup');
      // Answered within a few seconds, then about 6 s of speech (config/county.yaml (announcements)) and a hang-up.
      expect(answeredAt - startedAt).toBeLessThan(5_000);
      const heardMs = (ended.gotByeAt ?? 0) - answeredAt;
      expect(heardMs).toBeGreaterThan(4_000);
      expect(citizen.rtp.stats().audio).toBeGreaterThanOrEqual(200);
    } finally {
      await redis.start();
    }
    await waitFor(async () => (await county.engine.getJson('/readyz')).status === 200, { timeoutMs: 10_000, what: 'the engine ready again' });
  });

  it('Redis restarted while 30 callers wait: every one of them talks to an agent afterwards', async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'] });
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 200, hangUpAfterMs: 1_000 });
    await waitFor(async () => (await county.queue()).agents.filter((a) => a.status === 'available').length === 2, { timeoutMs: 5_000, what: 'both agents available' });
    const callers = [];
    for (let i = 0; i < 30; i++) callers.push(await county.sipp.call({ to: NUMBERS.n115, from: `0410155${String(5000 + i)}` }));
    // All 30 are the engine's calls before Redis goes (one arriving during the outage would hear the fallback instead).
    await waitFor(() => county.engine.logs().filter((l) => l.msg === 'call arrived').length === 30, { timeoutMs: 15_000, what: '30 calls arrived' });
    expect((await county.queue()).waiting.length).toBeGreaterThanOrEqual(20);

    // Redis killed (no goodbye) while both agents talk, and back after 6 s, AOF on: both agents hang
    // up meanwhile, and the engine cannot record it. Without a reconcile they would stay busy for good.
    await waitFor(async () => (await county.queue()).agents.every((a) => a.status === 'busy'), { timeoutMs: 10_000, what: 'both agents talking' });
    const redis = counties.redisServer();
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // the outage itself: 6 s of no Redis, not a wait for an event
    const backAt = Date.now();
    await redis.start();

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(120_000)));
    const servedAfterMs = Date.now() - backAt;
    // Every caller was answered (by the engine, with music) and ended by an agent's hang-up: talked to a person.
    expect(ends.map((e) => e.outcome)).toEqual(ends.map(() => 'remote-hangup'));
    const answeredByAgent = agents.reduce((n, a) => n + a.counts().answered, 0);
    expect(answeredByAgent).toBe(30);
    const records = await county.records();
    expect(records.filter((r) => r.outcome === 'answered-by-agent')).toHaveLength(30);
    console.info(`redis restart under load: 30 callers, all served; the last ended ${servedAfterMs} ms after Redis was back`);
  });
});
