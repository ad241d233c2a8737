import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * Why a town call goes to the county, as the caller, the town hall's phones and the call record
 * see it. The three towns of the sample county get different settings, so one county (and one
 * wait) covers three rules; each call is asserted on its own.
 */
describe('overflow rules', () => {
  const counties = useCounties();

  it('town phones that never answer, answer busy, or are not registered: overflow after the timeout, at once, and without ringing', async () => {
    const county = await counties.open({
      agents: ['agent-1', 'agent-2'],
      towns: { quickborn: { overflowTimeoutSec: 2 }, hasloh: { overflowTimeoutSec: 10 }, boenningstedt: { overflowTimeoutSec: 10 } },
    });
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 100, hangUpAfterMs: 300 });
    const quickborn = await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'never-answer' });
    const hasloh = await county.sipp.phone({ endpoint: 'hasloh-1', behaviour: { kind: 'busy' } });
    // Would answer if it were rung; unregistered, Asterisk has no address for it.
    const boenningstedt = await county.sipp.phone({ endpoint: 'boenningstedt-1', behaviour: { kind: 'answer', afterMs: 100 } });
    await boenningstedt.unregister();
    await waitFor(async () => (await county.ari<{ state?: string }>('/endpoints/PJSIP/boenningstedt-1')).state === 'offline', {
      timeoutMs: 5_000,
      what: 'Asterisk sees boenningstedt-1 offline',
    });

    const noAnswer = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555101' });
    const busy = await county.sipp.call({ to: NUMBERS.hasloh, from: '04101555102' });
    const unregistered = await county.sipp.call({ to: NUMBERS.boenningstedt, from: '04101555103' });
    const [noAnswerEnd, busyEnd, unregisteredEnd] = await Promise.all([noAnswer, busy, unregistered].map((c) => c.waitForEnd(15_000)));
    // Every one of them was taken by an agent, who hung up.
    expect([noAnswerEnd, busyEnd, unregisteredEnd].map((e) => e?.outcome)).toEqual(['remote-hangup', 'remote-hangup', 'remote-hangup']);
    expect(agents.reduce((n, a) => n + a.counts().answered, 0)).toBe(3);

    // town-no-answer: both Quickborn phones rang for the town's 2 s, then the county answered.
    const noAnswerWait = noAnswerEnd!.answeredAt! - noAnswerEnd!.startedAt;
    expect(noAnswerWait, 'town-no-answer: caller waits out the town timeout').toBeGreaterThanOrEqual(1_900);
    expect(noAnswerWait).toBeLessThan(3_500);
    for (const phone of quickborn) expect(phone.counts(), phone.endpoint).toMatchObject({ offered: 1, answered: 0, cancelled: 1 });
    const noAnswerRecord = await county.recordOf('04101555101');
    expect(noAnswerRecord).toMatchObject({ overflowReason: 'town-no-answer', outcome: 'answered-by-agent', entry: { kind: 'town', townId: 'quickborn' } });
    const rang = noAnswerRecord.times.townRingEndedAt! - noAnswerRecord.times.townRingStartedAt!;
    expect(rang).toBeGreaterThanOrEqual(2_000);
    expect(rang).toBeLessThan(2_500);

    // town-busy: Hasloh's only phone said 486, so the county answers at once, not after the 10 s timeout.
    expect(hasloh.counts()).toMatchObject({ offered: 1, busy: 1, answered: 0 });
    expect(busyEnd!.answeredAt! - busyEnd!.startedAt, 'town-busy: overflow well before the timeout').toBeLessThan(2_000);
    const busyRecord = await county.recordOf('04101555102');
    expect(busyRecord).toMatchObject({ overflowReason: 'town-busy', outcome: 'answered-by-agent', entry: { kind: 'town', townId: 'hasloh' } });
    expect(busyRecord.times.townRingEndedAt! - busyRecord.times.townRingStartedAt!).toBeLessThan(1_500);

    // town-unregistered: nothing was dialled (no ring started, no INVITE), the county answered at once.
    expect(boenningstedt.counts().offered, 'town-unregistered: the phone got no INVITE').toBe(0);
    expect(unregisteredEnd!.answeredAt! - unregisteredEnd!.startedAt).toBeLessThan(1_000);
    const unregisteredRecord = await county.recordOf('04101555103');
    expect(unregisteredRecord).toMatchObject({ overflowReason: 'town-unregistered', outcome: 'answered-by-agent', entry: { kind: 'town', townId: 'boenningstedt' } });
    expect(unregisteredRecord.times.townRingStartedAt).toBeUndefined();
    expect(unregisteredRecord.times.queuedAt! - unregisteredRecord.times.arrivedAt).toBeLessThan(500);
  });

  it('a town closed by its own hours, a switchboard town, a town at its ring limit: the county answers without ringing the town', async () => {
    const county = await counties.open({
      agents: ['agent-1', 'agent-2'],
      towns: {
        quickborn: { hours: {} }, // closed every day, while the county is open
        hasloh: { mode: 'switchboard' },
        boenningstedt: { maxRinging: 1, overflowTimeoutSec: 3 },
      },
    });
    const agents = await county.sipp.phones(['agent-1', 'agent-2'], { kind: 'answer', afterMs: 100, hangUpAfterMs: 300 });
    // The town halls of Quickborn and Hasloh would answer at once if they were rung.
    const quickborn = await county.sipp.phones(['quickborn-1', 'quickborn-2'], { kind: 'answer', afterMs: 100 });
    const hasloh = await county.sipp.phone({ endpoint: 'hasloh-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const boenningstedt = await county.sipp.phone({ endpoint: 'boenningstedt-1', behaviour: { kind: 'never-answer' } });

    const townClosed = await county.sipp.call({ to: NUMBERS.quickborn, from: '04101555201' });
    const switchboard = await county.sipp.call({ to: NUMBERS.hasloh, from: '04101555202' });
    const ringing = await county.sipp.call({ to: NUMBERS.boenningstedt, from: '04101555203' });
    await boenningstedt.waitForCall(() => true, { timeoutMs: 5_000, what: 'first Bönningstedt call ringing' });
    const overLimit = await county.sipp.call({ to: NUMBERS.boenningstedt, from: '04101555204' });
    const [closedEnd, switchboardEnd, ringingEnd, overLimitEnd] = await Promise.all([townClosed, switchboard, ringing, overLimit].map((c) => c.waitForEnd(15_000)));
    expect([closedEnd, switchboardEnd, ringingEnd, overLimitEnd].map((e) => e?.outcome)).toEqual(Array(4).fill('remote-hangup'));
    expect(agents.reduce((n, a) => n + a.counts().answered, 0)).toBe(4);

    // town-closed: Quickborn's phones never rang; queued and taken by an agent.
    for (const phone of quickborn) expect(phone.counts().offered, `town-closed: ${phone.endpoint} got no INVITE`).toBe(0);
    expect(closedEnd!.answeredAt! - closedEnd!.startedAt).toBeLessThan(1_000);
    const closedRecord = await county.recordOf('04101555201');
    expect(closedRecord).toMatchObject({ overflowReason: 'town-closed', outcome: 'answered-by-agent', municipality: 'quickborn' });
    expect(closedRecord.times.townRingStartedAt).toBeUndefined();
    expect(closedRecord.times.queuedAt! - closedRecord.times.arrivedAt).toBeLessThan(500);

    // switchboard: Hasloh's main number is answered by the county; the town hall never rang.
    expect(hasloh.counts().offered, 'switchboard: hasloh-1 got no INVITE').toBe(0);
    expect(switchboardEnd!.answeredAt! - switchboardEnd!.startedAt).toBeLessThan(1_000);
    const switchboardRecord = await county.recordOf('04101555202');
    expect(switchboardRecord).toMatchObject({ overflowReason: 'switchboard', outcome: 'answered-by-agent', municipality: 'hasloh' });
    expect(switchboardRecord.times.townRingStartedAt).toBeUndefined();

    // town-ring-limit: with one call ringing at Bönningstedt (its limit), the next went to the county
    // at once and was served while the first still rang; the first overflowed after its timeout.
    expect(boenningstedt.counts(), 'town-ring-limit: only the first call rang the town').toMatchObject({ offered: 1, cancelled: 1 });
    const first = await county.recordOf('04101555203');
    const second = await county.recordOf('04101555204');
    expect(second).toMatchObject({ overflowReason: 'town-ring-limit', outcome: 'answered-by-agent', entry: { kind: 'town', townId: 'boenningstedt' } });
    expect(second.times.townRingStartedAt).toBeUndefined();
    expect(second.times.queuedAt! - second.times.arrivedAt).toBeLessThan(500);
    expect(second.times.answeredAt!, 'second answered by an agent while the first still rang').toBeLessThan(first.times.townRingEndedAt!);
    expect(overLimitEnd!.answeredAt!).toBeLessThan(ringingEnd!.answeredAt!);
    expect(first).toMatchObject({ overflowReason: 'town-no-answer', outcome: 'answered-by-agent' });
    expect(first.times.townRingEndedAt! - first.times.townRingStartedAt!).toBeGreaterThanOrEqual(3_000);
  });
});
