import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/domain/call.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

describe('the county queue', () => {
  const counties = useCounties();

  it('10 callers at once, 2 agents: all served in order of arrival, no agent ever has two calls', async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'] });
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 300, hangUpAfterMs: 700 });
    const numbers = Array.from({ length: 10 }, (_, i) => `0410155510${i}`);
    const callers = await Promise.all(numbers.map((from) => county.sipp.call({ to: NUMBERS.n115, from })));

    const ends = await Promise.all(callers.map((c) => c.waitForEnd(30_000)));
    expect(ends.map((e) => e.outcome)).toEqual(Array(10).fill('remote-hangup'));
    for (const agent of agents) expect(agent.counts().maxActive).toBe(1);
    expect(agents.reduce((n, a) => n + a.counts().answered, 0)).toBe(10);

    const records = await Promise.all(numbers.map((n) => county.recordOf(n)));
    expect(records.every((r) => r.outcome === 'answered-by-agent')).toBe(true);
    // Whoever arrived earlier was offered to an agent no later (calls in the same millisecond are a tie).
    const outOfOrder = records.flatMap((a) =>
      records.filter((b) => a.times.arrivedAt < b.times.arrivedAt && a.times.offeredAt! > b.times.offeredAt!).map((b) => [a.id, b.id]),
    );
    expect(outOfOrder).toEqual([]);
  });

  it('town callers who overflowed and 115 callers are served by arrival, the town ring counted, not by when they joined the queue', async () => {
    const county = await counties.open({ agents: ['agent-1'], towns: { quickborn: { overflowTimeoutSec: 4 } } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const townHall = await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'never-answer' });
    const townRang = (n: number) => () => townHall.every((phone) => phone.counts().offered === n);
    // agent-1, the only agent, talks with a first caller while the others arrive.
    const first = await county.sipp.call({ to: NUMBERS.n115, from: '04101555600' });
    const busy = await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-1 talking' });
    const queued = (n: number) => async () => (await county.queue()).waiting.filter((w) => w.phase === 'queued').length === n;

    // Arrival: town, 115, town, 115. Each one is in the engine before the next dials.
    const town1 = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555601' });
    await waitFor(townRang(1), { timeoutMs: 5_000, what: 'first town call ringing at the town hall' });
    const line1 = await county.sipp.call({ to: NUMBERS.n115, from: '04101555602' });
    await waitFor(queued(1), { timeoutMs: 5_000, what: 'first 115 caller queued' });
    const town2 = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555603' });
    await waitFor(townRang(2), { timeoutMs: 5_000, what: 'second town call ringing at the town hall' });
    const line2 = await county.sipp.call({ to: NUMBERS.n115, from: '04101555604' });
    await waitFor(queued(2), { timeoutMs: 5_000, what: 'second 115 caller queued' });
    // Nobody at the town hall answers: after 4 s both town calls join the queue, behind the 115 callers.
    await waitFor(queued(4), { timeoutMs: 10_000, what: 'both town calls overflowed into the queue' });

    // agent-1 becomes free and takes one caller after the other.
    agent.setBehaviour({ kind: 'answer', afterMs: 100, hangUpAfterMs: 300 });
    await agent.hangUp(busy.callId);
    const callers = [town1, line1, town2, line2];
    const ends = await Promise.all(callers.map((c) => c.waitForEnd(20_000)));
    expect(ends.map((e) => e.outcome)).toEqual(Array(4).fill('remote-hangup'));
    expect((await first.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect(agent.counts()).toMatchObject({ offered: 5, answered: 5, maxActive: 1 });

    const names = ['town-1', '115-1', 'town-2', '115-2'];
    const records = await Promise.all(['04101555601', '04101555602', '04101555603', '04101555604'].map((n) => county.recordOf(n)));
    const order = (at: (r: Call) => number) => records.map((r, i) => ({ at: at(r), name: names[i] })).sort((a, b) => a.at - b.at).map((x) => x.name);
    // The town calls rang at the town hall from their arrival and joined the queue only after the
    // 4 s: by queue entry both 115 callers came first.
    for (const town of [records[0]!, records[2]!]) {
      expect(town).toMatchObject({ overflowReason: 'town-no-answer', entry: { kind: 'town', townId: 'quickborn' } });
      expect(town.times.townRingStartedAt! - town.times.arrivedAt).toBeLessThan(500);
    }
    expect(order((r) => r.times.queuedAt!), 'order of queue entry').toEqual(['115-1', '115-2', 'town-1', 'town-2']);
    // agent-1's phone was offered them by arrival, and each was accepted at the first offer.
    expect(order((r) => r.times.arrivedAt), 'order of arrival').toEqual(['town-1', '115-1', 'town-2', '115-2']);
    expect(order((r) => r.offers[0]!.at), "order of agent-1's offers").toEqual(['town-1', '115-1', 'town-2', '115-2']);
    for (const r of records) expect(r).toMatchObject({ outcome: 'answered-by-agent', offers: [{ agentId: 'agent-1', result: 'accepted' }] });
  });

  it('an agent who does not answer is paused no-answer and the caller is served by the next agent', async () => {
    const county = await counties.open({ agents: ['agent-1', 'agent-2'], agentRingTimeoutSec: 2 });
    const silent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'never-answer' } });
    const answering = await county.sipp.phone({ endpoint: 'agent-2', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 500 } });
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555201' });

    const ended = await citizen.waitForEnd(15_000);
    expect(ended.outcome).toBe('remote-hangup');
    expect(silent.counts()).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });
    expect(answering.counts()).toMatchObject({ offered: 1, answered: 1 });
    const record = await county.recordOf('04101555201');
    expect(record.offers.map((o) => [o.agentId, o.result])).toEqual([
      ['agent-1', 'no-answer'],
      ['agent-2', 'accepted'],
    ]);
    expect(record.offers[1]!.at - record.offers[0]!.at).toBeGreaterThanOrEqual(2_000);
    const agentsNow = (await county.queue()).agents;
    expect(agentsNow.find((a) => a.id === 'agent-1')).toMatchObject({ status: 'paused', pauseReason: 'no-answer' });
    expect(agentsNow.find((a) => a.id === 'agent-2')).toMatchObject({ status: 'available' });
  });

  it('a caller who hangs up while queued is recorded as abandoned with the wait', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const first = await county.sipp.call({ to: NUMBERS.n115, from: '04101555301' });
    await first.waitForAnswer(5_000);
    await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent talking' });

    const second = await county.sipp.call({ to: NUMBERS.n115, from: '04101555302' });
    await second.waitForAnswer(5_000);
    await waitFor(async () => (await county.queue()).waiting.some((w) => w.phase === 'queued'), { timeoutMs: 5_000, what: 'second caller queued' });
    const gaveUp = await second.hangUp();
    expect(gaveUp.outcome).toBe('local-hangup');

    const record = await county.recordOf('04101555302');
    expect(record).toMatchObject({ outcome: 'abandoned', endedBy: 'caller', offers: [] });
    expect(record.times.endedAt! - record.times.arrivedAt).toBeGreaterThanOrEqual(gaveUp.sentByeAt! - gaveUp.startedAt - 500);
    expect((await county.queue()).waiting).toHaveLength(0);
    await first.hangUp();
  });

  it('a caller who hangs up while the agent rings: the agent leg is cancelled and the agent is available again', async () => {
    const county = await counties.open({ agents: ['agent-1'], agentRingTimeoutSec: 10 });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'never-answer' } });
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555401' });
    await agent.waitForCall(() => true, { timeoutMs: 5_000, what: 'agent phone ringing' });
    await citizen.hangUp();

    await agent.waitForCall((c) => c.outcome === 'cancelled', { timeoutMs: 5_000, what: 'agent offer cancelled' });
    const record = await county.recordOf('04101555401');
    expect(record).toMatchObject({ outcome: 'abandoned', endedBy: 'caller', offers: [{ agentId: 'agent-1', result: 'cancelled' }] });
    expect(record.times.endedAt! - record.times.arrivedAt).toBeGreaterThan(0);
    await waitFor(async () => (await county.queue()).agents[0]?.status === 'available', { timeoutMs: 5_000, what: 'agent available again' });
  });
});
