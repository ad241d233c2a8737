import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples, type HeardSegment } from '../support/announcement-audio.js';
import { freeUdpPort } from '../support/free-port.js';
import type { Caller } from '../support/sipp.js';
import { waitFor, WaitTimeoutError } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * Callback any time on the real stack (Asterisk, Redis, SIPp): a caller who waits hears, after
 * their position, that key 1 gets them called back; they press it, hear the confirmation and are
 * hung up; in turn the agent takes the task, the engine calls the citizen back, and the citizen
 * first hears who calls and why, then talks with the agent.
 */
const SOUNDS = ['overflow/greeting', 'overflow/callback-offer', 'overflow/callback-confirmed', 'overflow/callback-greeting'];
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;
const heard = (received: Caller['rtp']): HeardSegment[] => noticeable(heardSegments(received.received(), SOUNDS));
const describeHeard = (segments: readonly HeardSegment[]): string => segments.map((s) => s.what).join(', ') || 'nothing';

async function waitToHear(who: { readonly rtp: Caller['rtp'] }, sound: string, timeoutMs: number): Promise<HeardSegment> {
  try {
    return await waitFor(() => heard(who.rtp).find((s) => s.what === sound), { timeoutMs, what: `hearing ${sound} in full`, intervalMs: 250 });
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    throw new Error(`${err.message}; heard: ${describeHeard(heard(who.rtp))}`);
  }
}

describe('callback any time', () => {
  const counties = useCounties();

  it('a waiting caller is offered a callback with the status, presses 1, and is called back: greeted first, then the agent', async () => {
    const [A, B] = ['04101555631', '04101555632'];
    const citizenPort = await freeUdpPort();
    const county = await counties.open({
      agents: ['agent-1'],
      announceEverySec: 3,
      serviceCenter: {
        callbackOfferAfterEstimatedWaitSec: 60,
        callbackRingSec: 10,
        callbackDial: `PJSIP/trunk/sip:{number}@127.0.0.1:${citizenPort}`,
      },
    });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const citizen = await county.sipp.phone({ endpoint: B, register: false, sipPort: citizenPort, behaviour: { kind: 'answer', afterMs: 500, onlyTo: B } });

    const a = await county.sipp.call({ to: NUMBERS.n115, from: A });
    await agent.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 5_000, what: 'talking with A' });
    const b = await county.sipp.call({ to: NUMBERS.n115, from: B, dtmf: true });
    await b.waitForAnswer(5_000);

    // With the only agent busy, B's estimated wait is the default talk time: the offer follows the status.
    await waitToHear(b, 'overflow/callback-offer', lengthMs('overflow/greeting') + lengthMs('overflow/callback-offer') + 15_000);
    await b.pressKey('1');
    const bEnd = await b.waitForEnd(lengthMs('overflow/callback-confirmed') + 5_000);
    expect(bEnd.outcome).toBe('remote-hangup');
    expect(heard(b.rtp).map((s) => s.what)).toContain('overflow/callback-confirmed');
    expect((await county.queue()).waiting).toMatchObject([{ position: 1, phase: 'callback', callbackRequested: true }]);

    // A ends: the agent takes the task, the engine calls B back.
    await a.hangUp();
    const call = await citizen.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 10_000, what: 'the callback answered' });
    expect(call.requestUser).toBe(B);
    const greeting = await waitToHear(citizen, 'overflow/callback-greeting', lengthMs('overflow/callback-greeting') + 5_000);
    await waitFor(() => agent.rtp.heard(citizen.rtp.signature) >= 25 && citizen.rtp.heard(agent.rtp.signature) >= 25, {
      timeoutMs: 5_000,
      what: 'agent and citizen hearing each other',
    });
    // The agent came on only after the greeting.
    const firstFromAgent = citizen.rtp.received().find((p) => p.payload.length > 0 && p.payload.every((x) => x === agent.rtp.signature));
    expect(firstFromAgent?.at ?? 0).toBeGreaterThanOrEqual(greeting.toAt - 100);
    await agent.hangUp();
    await citizen.waitForCall((x) => x.outcome === 'remote-hangup', { timeoutMs: 5_000, what: 'the citizen hung up by the engine' });

    expect(await county.recordOf(B)).toMatchObject({
      outcome: 'answered-by-agent',
      callback: { limit: 'long-wait', attempt: 1, attempts: [{ result: 'answered' }] },
    });
    await county.assertClean();
  });
});
