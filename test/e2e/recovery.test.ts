import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { RedisCallStore } from '../../src/adapters/redis/index.js';
import type { Call } from '../../src/domain/call.js';
import type { CallId, ChannelId } from '../../src/domain/ids.js';
import { NUMBERS, useCounties, type County } from './county-fixture.js';

/** A call of this center that ended (abandoned) while the engine ran: its record, as the engine saves it. */
async function endedCall(county: County, id: string): Promise<void> {
  const store = new RedisCallStore(county.redis, county.keys);
  const at = Date.now() - 5_000;
  const queued: Call = {
    id: id as CallId,
    version: 0,
    entry: { kind: '115', townId: null },
    municipality: null,
    callerChannel: `${id}-caller` as ChannelId,
    callerHash: 'e2e-ended-caller',
    phase: 'queued',
    times: { arrivedAt: at, queuedAt: at },
    timerSeq: 0,
    offers: [],
  };
  const created = await store.create(queued);
  await store.save({ ...created, phase: 'ended', outcome: 'abandoned', endedBy: 'caller', times: { ...created.times, endedAt: at + 1_000 } });
}

describe('engine restart', () => {
  const counties = useCounties();

  it('killed (SIGKILL) while 5 callers wait, then restarted: all 5 are served', async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'] });
    // Agents who take a while per call, so that callers are still waiting when the engine dies.
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 300, hangUpAfterMs: 1_500 });
    const numbers = Array.from({ length: 5 }, (_, i) => `0410155560${i}`);
    const callers = [];
    for (const from of numbers) callers.push(await county.sipp.call({ to: NUMBERS.n115, from }));
    await waitFor(async () => (await county.queue()).waiting.filter((w) => w.phase === 'queued').length === 3, {
      timeoutMs: 5_000,
      what: '3 callers queued, 2 with agents',
    });

    await county.engine.kill('SIGKILL');
    // While the engine is away the agents keep talking, and hang up: nobody is there to see it.
    await waitFor(() => agents.every((a) => a.counts().active === 0), { timeoutMs: 5_000, what: 'first two calls over on the agent side' });
    // A bridge of a call that ended just before the kill, whose destroy never reached Asterisk. The
    // call is this center's (its record says ended): a bridge of a call the store does not know
    // belongs to another center's engine on the same Asterisk and is left alone.
    await endedCall(county, 'call-ended-before-the-kill');
    await county.ari('/bridges/call-ended-before-the-kill~bridge?type=mixing', 'POST');
    await county.restartEngine();

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(30_000)));
    expect(ends.map((e) => e.outcome)).toEqual(Array(5).fill('remote-hangup'));
    const records = await Promise.all(numbers.map((n) => county.recordOf(n)));
    expect(records.map((r) => r.outcome)).toEqual(Array(5).fill('answered-by-agent'));
    // Served means talking with an agent: every caller heard one. (A call whose agent answered while
    // the engine was down is bridged on recovery if the agent is still there, offered again if not.)
    expect(callers.map((c) => agents.some((a) => c.rtp.heard(a.rtp.signature) > 0))).toEqual(Array(5).fill(true));
    for (const agent of agents) expect(agent.counts().maxActive).toBe(1);
    expect((await county.ari<{ id: string }[]>('/bridges')).map((b) => b.id)).not.toContain('call-ended-before-the-kill~bridge');
    const restarted = county.engine.logs().find((l) => l['msg'] === 'recovered');
    expect(restarted).toMatchObject({ adopted: 5 });
  });

  it('a second engine stands by while the first controls the app, and takes over when the first dies', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 500 } });
    const first = county.engine;
    const standby = await county.startStandby();
    expect((await standby.getJson('/readyz')).status).toBe(503);

    // The first engine still has the app: the standby did not take it over.
    const before = await county.sipp.call({ to: NUMBERS.n115, from: '04101555701' });
    expect((await before.waitForEnd(10_000)).outcome).toBe('remote-hangup');

    await first.kill('SIGKILL');
    await waitFor(async () => (await standby.getJson('/readyz')).status === 200, { timeoutMs: 10_000, what: 'standby took over' });
    county.useEngine(standby);
    const after = await county.sipp.call({ to: NUMBERS.n115, from: '04101555702' });
    expect((await after.waitForEnd(10_000)).outcome).toBe('remote-hangup');

    expect((await county.recordOf('04101555701')).outcome).toBe('answered-by-agent');
    expect((await county.recordOf('04101555702')).outcome).toBe('answered-by-agent');
    expect(agent.counts()).toMatchObject({ offered: 2, answered: 2, maxActive: 1 });
    expect(first.logs().some((l) => l['msg'] === 'controlling the ARI application')).toBe(true);
  });
});
