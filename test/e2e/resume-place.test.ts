import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples } from '../support/announcement-audio.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * On the real stack (Asterisk, Redis, SIPp): a caller who gives up while waiting and calls again
 * from the same number keeps their place ahead of a caller who came later, and hears so.
 */
const SOUNDS = ['overflow/greeting', 'overflow/resumed'];
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;

describe('a caller who hangs up while waiting and calls again', () => {
  const counties = useCounties();

  it('is back at their place, told so, and served before the caller who came after them', async () => {
    const [A, B, C] = ['04101555641', '04101555642', '04101555643'];
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { resumeWithinSec: 60 } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const a = await county.sipp.call({ to: NUMBERS.n115, from: A });
    await agent.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 5_000, what: 'talking with A' });
    const b = await county.sipp.call({ to: NUMBERS.n115, from: B });
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 5_000, what: 'B waiting' });
    const c = await county.sipp.call({ to: NUMBERS.n115, from: C });
    await waitFor(async () => (await county.queue()).waiting.length === 2, { timeoutMs: 5_000, what: 'C waiting behind B' });

    await b.hangUp();
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 5_000, what: 'B gone from the queue' });
    const bAgain = await county.sipp.call({ to: NUMBERS.n115, from: B });
    await waitFor(async () => (await county.queue()).waiting.length === 2, { timeoutMs: 5_000, what: 'B back in the queue' });
    // B is ahead of C again, and hears that the place was kept (not the greeting).
    const waiting = (await county.queue()).waiting;
    expect(waiting.map((w) => w.position)).toEqual([1, 2]);
    const resumed = await waitFor(() => noticeable(heardSegments(bAgain.rtp.received(), SOUNDS)).find((s) => s.what === 'overflow/resumed'), {
      timeoutMs: lengthMs('overflow/resumed') + 5_000,
      what: 'B hearing that the place was kept',
    });
    expect(resumed).toBeDefined();
    expect(noticeable(heardSegments(bAgain.rtp.received(), SOUNDS)).map((s) => s.what)).not.toContain('overflow/greeting');

    // A ends: B, not C, talks with the agent next.
    await a.hangUp();
    await waitFor(() => bAgain.rtp.heard(agent.rtp.signature) >= 10, { timeoutMs: 10_000, what: 'B hearing the agent' });
    expect(c.rtp.heard(agent.rtp.signature)).toBe(0);
    await bAgain.hangUp();
    await waitFor(() => c.rtp.heard(agent.rtp.signature) >= 10, { timeoutMs: 10_000, what: 'then C hearing the agent' });
    await c.hangUp();

    const cRecord = await county.recordOf(C);
    const hashOfB = (await county.recordOf(B)).callerHash;
    await waitFor(async () => (await county.records()).filter((r) => r.callerHash === hashOfB).length === 2, { timeoutMs: 10_000, what: "both of B's records" });
    const ofB = (await county.records()).filter((r) => r.callerHash === hashOfB);
    const gaveUp = ofB.find((r) => r.outcome === 'abandoned');
    const served = ofB.find((r) => r.outcome === 'answered-by-agent');
    // The second call names the first and kept its arrival, earlier than C's.
    expect(served?.resumedFrom).toEqual({ call: gaveUp?.id, arrivedAt: gaveUp?.times.arrivedAt });
    expect(gaveUp!.times.arrivedAt).toBeLessThan(cRecord.times.arrivedAt);
    expect(cRecord.outcome).toBe('answered-by-agent');
    await county.assertClean();
  });
});
