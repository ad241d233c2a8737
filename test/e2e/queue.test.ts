import { describe, expect, it } from 'vitest';
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
