import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

const HALF_A_SECOND = 25;

describe('a call reaches a county agent', () => {
  const counties = useCounties();

  it('115: an agent answers, both hear each other, the agent hangs up and the caller gets BYE', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 300 } });
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555001' });

    await citizen.waitForAnswer(5_000);
    const talk = await agent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent answered' });
    await waitFor(() => citizen.rtp.heard(agent.rtp.signature) >= HALF_A_SECOND && agent.rtp.heard(citizen.rtp.signature) >= HALF_A_SECOND, {
      timeoutMs: 5_000,
      what: 'citizen and agent hearing each other',
    });
    await agent.hangUp(talk.callId);
    const ended = await citizen.waitForEnd(5_000);
    expect(ended.outcome).toBe('remote-hangup');

    const record = await county.recordOf('04101555001');
    expect(record).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', endedBy: 'agent', entry: { kind: '115', townId: null }, overflowReason: 'direct-115' });
    const waited = record.times.answeredAt! - record.times.arrivedAt;
    // The wait is the agent's phone ringing (answers after 300 ms), nothing else.
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3_000);
    expect(record.times.townRingStartedAt).toBeUndefined();
  });

  it('an agent whose phone unregisters is paused and offered nothing; registered again, she takes the waiting caller', async () => {
    const county = await counties.open({ agents: ['agent-1'] });
    const statusOf = async () => (await county.queue()).agents.find((a) => a.id === 'agent-1');
    const first = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    await waitFor(async () => (await statusOf())?.status === 'available', { timeoutMs: 5_000, what: 'agent-1 available once her phone registered' });

    // Asterisk reports the registration gone: the engine pauses her at once, without a call to find out.
    await first.unregister();
    await waitFor(async () => {
      const agent = await statusOf();
      return agent?.status === 'paused' && agent.pauseReason === 'unregistered';
    }, { timeoutMs: 5_000, what: 'agent-1 paused unregistered' });
    const citizen = await county.sipp.call({ to: NUMBERS.n115, from: '04101555071' });
    await citizen.waitForAnswer(5_000);
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 5_000, what: 'the caller waiting' });
    expect(first.counts().offered).toBe(0);

    // Her phone registers again: she is available and the waiting caller is offered to her.
    const second = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    const talk = await second.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-1 answering the waiting caller' });
    await second.hangUp(talk.callId);
    expect((await citizen.waitForEnd(5_000)).outcome).toBe('remote-hangup');
    expect(await county.recordOf('04101555071')).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1' });
  });

  it('town call nobody at the town hall answers: overflows after the town timeout and an agent takes it', async () => {
    const county = await counties.open({ agents: ['agent-2'], overflowTimeoutSec: 2 });
    const town = await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'never-answer' });
    const agent = await county.sipp.phone({ endpoint: 'agent-2', behaviour: { kind: 'answer', afterMs: 200, hangUpAfterMs: 800 } });
    const citizen = await county.sipp.call({ to: NUMBERS.quickborn, from: '04106555002' });

    const ended = await citizen.waitForEnd(15_000);
    expect(ended.outcome).toBe('remote-hangup');
    // Ringback while the town rang; answered by the engine only when the call overflowed.
    expect(ended.ringingAt).toBeDefined();
    expect(ended.answeredAt! - ended.startedAt).toBeGreaterThanOrEqual(1_900);
    for (const phone of town) expect(phone.counts()).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });
    expect(agent.counts()).toMatchObject({ offered: 1, answered: 1 });

    const record = await county.recordOf('04106555002');
    expect(record).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-2', overflowReason: 'town-no-answer', entry: { kind: 'town', townId: 'quickborn' } });
    const t = record.times;
    expect(t.townRingEndedAt! - t.townRingStartedAt!).toBeGreaterThanOrEqual(2_000);
    expect(t.townRingEndedAt! - t.townRingStartedAt!).toBeLessThan(2_500);
    expect(t.answeredAt! - t.queuedAt!).toBeGreaterThanOrEqual(150);
    expect(t.queuedAt).toBe(t.townRingEndedAt);
  });

  it('town call answered by the town hall: bridged with the town, no overflow', async () => {
    const county = await counties.open({ agents: ['agent-1'], overflowTimeoutSec: 5 });
    const townHall = await county.sipp.phone({ endpoint: 'hasloh-1', behaviour: { kind: 'answer', afterMs: 500 } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const citizen = await county.sipp.call({ to: NUMBERS.hasloh, from: '04106555003' });

    await citizen.waitForAnswer(5_000);
    await waitFor(() => citizen.rtp.heard(townHall.rtp.signature) >= HALF_A_SECOND && townHall.rtp.heard(citizen.rtp.signature) >= HALF_A_SECOND, {
      timeoutMs: 5_000,
      what: 'citizen and town hall hearing each other',
    });
    await citizen.hangUp();
    const record = await county.recordOf('04106555003');
    expect(record).toMatchObject({ outcome: 'answered-by-town', endedBy: 'caller', entry: { kind: 'town', townId: 'hasloh' } });
    expect(record.times.queuedAt).toBeUndefined();
    expect(record.overflowReason).toBeUndefined();
    expect(agent.counts().offered).toBe(0);
  });
});
