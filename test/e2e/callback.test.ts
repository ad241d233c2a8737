import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples, type HeardSegment } from '../support/announcement-audio.js';
import { freeUdpPort } from '../support/free-port.js';
import type { CallId } from '../../src/domain/ids.js';
import type { Caller } from '../support/sipp.js';
import { waitFor, WaitTimeoutError } from '../support/wait-for.js';
import { NUMBERS, useCounties, type County } from './county-fixture.js';

/**
 * A full queue on the real stack (Asterisk, Redis, SIPp), from what the people involved notice:
 * the caller over the limit hears the offer, presses 1 (an RFC 4733 telephone event in its audio,
 * which the trunk takes by default), hears the confirmation and is hung up; the request keeps the
 * caller's place behind the one already waiting; in turn the agent's phone rings with the task, and
 * once the agent answers, the engine calls the citizen through the trunk at the number the caller
 * called from, and both talk. Without a key the caller is hung up when the time to decide is over.
 *
 * The citizen's phone on the callback is a SIPp UAS reached through the trunk at its own address
 * (callbackDial `PJSIP/trunk/sip:{number}@127.0.0.1:<its port>`); it answers only its own number.
 */
const SOUNDS = ['overflow/greeting', 'overflow/queue-full', 'overflow/callback-offer', 'overflow/callback-confirmed', 'overflow/callback-greeting'];
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;
const heard = (caller: Caller): HeardSegment[] => noticeable(heardSegments(caller.rtp.received(), SOUNDS));
/** The announcements among what was heard, in order. */
const announcements = (segments: readonly HeardSegment[]): string[] => segments.map((s) => s.what).filter((w) => w.startsWith('overflow/'));
const describeHeard = (segments: readonly HeardSegment[], since: number): string =>
  segments.map((s) => `${s.what} ${s.fromAt - since}..${s.toAt - since} ms`).join(', ') || 'nothing';

async function waitToHear(caller: Caller, sound: string, timeoutMs: number): Promise<HeardSegment[]> {
  try {
    return await waitFor(() => {
      const segments = heard(caller);
      return segments.some((s) => s.what === sound) && segments;
    }, { timeoutMs, what: `${caller.callId} hearing ${sound} in full`, intervalMs: 250 });
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    throw new Error(`${err.message}; heard: ${describeHeard(heard(caller), caller.report().answeredAt ?? 0)}`);
  }
}

const callbackKey = (county: County, callId: string): string => county.keys.callbackNumber(callId as CallId);
const callbackKeys = (county: County): Promise<string[]> => county.redis.keys(`${county.keys.centerPrefix}callback:*`);

describe('queue full: callback on request', () => {
  const counties = useCounties();

  it('over the limit, key 1: confirmation and hang-up, the request waits behind the earlier caller, then the agent takes the task and talks with the citizen called back at the number', async () => {
    const [A, B, C] = ['04101555601', '04101555602', '04103555603'];
    const citizenPort = await freeUdpPort();
    const county = await counties.open({
      agents: ['agent-1'],
      serviceCenter: {
        maxWaitingCalls: 1,
        callbackKeySec: 15,
        callbackRingSec: 10,
        callbackDial: `PJSIP/trunk/sip:{number}@127.0.0.1:${citizenPort}`,
      },
    });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    // The citizen's own phone, for the callback: it rings a second before it is picked up.
    const citizen = await county.sipp.phone({ endpoint: C, register: false, sipPort: citizenPort, behaviour: { kind: 'answer', afterMs: 1_000, onlyTo: C } });

    // A talks with the only agent; B waits (the one call allowed to wait).
    const a = await county.sipp.call({ to: NUMBERS.n115, from: A });
    const withA = await agent.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 5_000, what: 'talking with A' });
    const b = await county.sipp.call({ to: NUMBERS.n115, from: B });
    await b.waitForAnswer(5_000);
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 5_000, what: 'B waiting' });

    // C is over the limit: the queue-full announcement with the callback offer, in full.
    const c = await county.sipp.call({ to: NUMBERS.n115, from: C, dtmf: true });
    const cAnsweredAt = await c.waitForAnswer(5_000);
    expect(c.report().dtmfPayloadType).toBeDefined();
    const offered = await waitToHear(c, 'overflow/queue-full', lengthMs('overflow/queue-full') + 5_000);
    const offer = offered.find((s) => s.what === 'overflow/queue-full')!;
    expect(offer.fromAt - cAnsweredAt, describeHeard(offered, cAnsweredAt)).toBeLessThan(1_500);

    await c.pressKey('1');
    const cEnd = await c.waitForEnd(lengthMs('overflow/callback-confirmed') + 5_000);
    // The confirmation, in full, then the engine hangs up.
    expect(cEnd.outcome).toBe('remote-hangup');
    const cHeard = heard(c);
    expect(announcements(cHeard), describeHeard(cHeard, cAnsweredAt)).toEqual(['overflow/queue-full', 'overflow/callback-confirmed']);
    const confirmed = cHeard.find((s) => s.what === 'overflow/callback-confirmed')!;
    expect(cEnd.gotByeAt! - confirmed.toAt).toBeLessThan(1_500);

    // The request keeps C's place behind B, without C on the line; the number is kept meanwhile.
    const waiting = (await county.queue()).waiting;
    expect(waiting).toMatchObject([
      { position: 1, phase: 'queued', callbackRequested: false },
      { position: 2, phase: 'callback', callbackRequested: true },
    ]);
    const cId = waiting[1]!.callId;
    expect(await county.redis.get(callbackKey(county, cId))).toBe(C);

    // A ends: B (ahead in line) is served first.
    await a.hangUp();
    const withB = await agent.waitForCall((x) => x.answeredAt !== undefined && x.callId !== withA.callId, {
      timeoutMs: 5_000,
      what: 'talking with B',
    });
    await waitFor(() => b.rtp.heard(agent.rtp.signature) >= 10, { timeoutMs: 5_000, what: 'B hearing the agent' });
    expect((await county.queue()).waiting).toMatchObject([{ callId: cId, position: 1, phase: 'callback' }]);
    expect(citizen.counts().offered).toBe(0);

    // B ends: the agent's phone rings with the callback task, and the agent answers.
    await b.hangUp();
    const task = await agent.waitForCall((x) => x.answeredAt !== undefined && x.callId !== withA.callId && x.callId !== withB.callId, {
      timeoutMs: 5_000,
      what: 'the callback task answered',
    });
    // The engine calls the citizen through the trunk at C's number.
    const callback = await citizen.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 5_000, what: 'the callback answered' });
    expect(callback.requestUser).toBe(C);
    expect(callback.offeredAt).toBeGreaterThanOrEqual(task.answeredAt!);
    // While the citizen's phone rang (about 1 s), the agent heard a ringing tone, not silence.
    const ringing = agent.rtp.received().filter((p) => p.at > task.answeredAt! && p.at < callback.answeredAt! && new Set(p.payload).size > 2);
    expect(ringing.length).toBeGreaterThanOrEqual(10);
    // The citizen first hears who calls and why, in full; then agent and citizen hear each other.
    const greeting = await waitFor(() => noticeable(heardSegments(citizen.rtp.received(), SOUNDS)).find((x) => x.what === 'overflow/callback-greeting'), {
      timeoutMs: lengthMs('overflow/callback-greeting') + 5_000,
      what: 'the citizen hearing the greeting in full',
    });
    await waitFor(() => agent.rtp.heard(citizen.rtp.signature) >= 25 && citizen.rtp.heard(agent.rtp.signature) >= 25, {
      timeoutMs: 5_000,
      what: 'agent and citizen hearing each other',
    });
    const firstFromAgent = citizen.rtp.received().find((p) => p.payload.length > 0 && p.payload.every((b) => b === agent.rtp.signature));
    expect(firstFromAgent?.at ?? 0).toBeGreaterThanOrEqual(greeting.toAt - 100);
    await agent.hangUp();
    await citizen.waitForCall((x) => x.outcome === 'remote-hangup', { timeoutMs: 5_000, what: 'the citizen hung up by the engine' });

    const recordB = await county.recordOf(B);
    const recordC = await county.recordOf(C);
    expect(recordB).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1' });
    expect(recordC).toMatchObject({
      id: cId,
      outcome: 'answered-by-agent',
      agentId: 'agent-1',
      endedBy: 'agent',
      callback: { limit: 'max-waiting', attempt: 1, attempts: [{ result: 'answered' }] },
      offers: [{ agentId: 'agent-1', result: 'accepted' }],
    });
    // B talked with the agent before the task was even offered.
    expect(recordC.offers[0]!.at).toBeGreaterThan(recordB.times.answeredAt!);
    expect(agent.counts()).toMatchObject({ offered: 3, answered: 3, maxActive: 1 });
    expect(JSON.stringify(recordC)).not.toContain(C);
    // The number is gone with the callback.
    expect(await county.redis.exists(callbackKey(county, cId))).toBe(0);
    // Asterisk's logs tell what happened (notices and worse, verbose up to 2) but hold no part of
    // the number the citizen was called back at (dialplan/logger.conf).
    const logs = counties.logs();
    const asteriskLog = [logs.asteriskMessages, logs.asteriskConsole].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '')).join('\n');
    expect(asteriskLog).toContain('Endpoint agent-1 is now Reachable');
    for (const part of [C, C.slice(1), C.slice(-6)]) expect(asteriskLog, `Asterisk logged ${part}`).not.toContain(part);
    expect(await callbackKeys(county)).toEqual([]);
    await county.assertClean();
  });


  it('over the limit, no key: hung up when the time to press 1 is over, recorded queue-full', async () => {
    // Long enough to hear the whole offer (overflow/queue-full is 13 s long).
    const keySec = 15;
    const [A, B, D] = ['04101555611', '04101555612', '04101555613'];
    const county = await counties.open({ agents: ['agent-1'], serviceCenter: { maxWaitingCalls: 1, callbackKeySec: keySec } });
    const agent = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 100 } });
    const a = await county.sipp.call({ to: NUMBERS.n115, from: A });
    await agent.waitForCall((x) => x.answeredAt !== undefined, { timeoutMs: 5_000, what: 'talking with A' });
    const b = await county.sipp.call({ to: NUMBERS.n115, from: B });
    await b.waitForAnswer(5_000);
    await waitFor(async () => (await county.queue()).waiting.length === 1, { timeoutMs: 5_000, what: 'B waiting' });

    const d = await county.sipp.call({ to: NUMBERS.n115, from: D, dtmf: true });
    const dAnsweredAt = await d.waitForAnswer(5_000);
    const dEnd = await d.waitForEnd(keySec * 1_000 + 5_000);
    expect(dEnd.outcome).toBe('remote-hangup');
    const dHeard = heard(d);
    expect(announcements(dHeard), describeHeard(dHeard, dAnsweredAt)).toEqual(['overflow/queue-full']);
    expect(dEnd.gotByeAt! - dAnsweredAt).toBeGreaterThanOrEqual(keySec * 1_000 - 500);
    expect(dEnd.gotByeAt! - dAnsweredAt).toBeLessThan(keySec * 1_000 + 1_500);

    const record = await county.recordOf(D);
    expect(record).toMatchObject({ outcome: 'queue-full', endedBy: 'system', offers: [] });
    expect(record.callback).toBeUndefined();
    // B still waits, alone; nothing was kept of D's number.
    expect((await county.queue()).waiting).toMatchObject([{ position: 1, phase: 'queued' }]);
    expect(await callbackKeys(county)).toEqual([]);

    await b.hangUp();
    await a.hangUp();
    expect(await county.recordOf(B)).toMatchObject({ outcome: 'abandoned' });
    await county.assertClean();
  });
});
