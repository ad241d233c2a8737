import { describe, expect, it } from 'vitest';
import { heardSegments, noticeable, soundSamples, type HeardSegment } from '../support/announcement-audio.js';
import type { Caller } from '../support/sipp.js';
import { waitFor } from '../support/wait-for.js';
import { NUMBERS, useCounties } from './county-fixture.js';

/**
 * The sign-language number 11599 (config/county.yaml: kind 115, service dgs, needs [dgs, video],
 * video) through the engine, on the real stack: a video caller reaches only the agent who has both
 * skills (agent-dgs-1, skills [dgs], video phone), never the longer-idle agent-1 without them, and
 * sees and hears her in the engine's bridge; with nobody there who could serve the call, the
 * caller hears overflow/no-agent and the call ends as `no-agent`.
 *
 * How video crosses the engine's `mixing` bridge is shown without the engine in
 * video-groundwork.test.ts; the checks on the video streams are the same here.
 */
const DGS_NUMBER = '11599';
/** 0.5 s of 20 ms audio packets. */
const HALF_A_SECOND_AUDIO = 25;
/** 1 s of video at the endpoints' 20 frames per second. */
const ONE_SECOND_VIDEO = 20;
const SOUNDS = ['overflow/greeting', 'overflow/no-agent'];
/** Length of an announcement file in ms (8000 samples a second). */
const lengthMs = (sound: string): number => soundSamples(sound).length / 8;

const heard = (caller: Caller): HeardSegment[] => noticeable(heardSegments(caller.rtp.received(), SOUNDS));
const describeHeard = (segments: readonly HeardSegment[], since: number): string =>
  segments.map((s) => `${s.what} ${s.fromAt - since}..${s.toAt - since} ms`).join(', ') || 'nothing';

describe('sign language (DGS) on 11599 through the engine', () => {
  const counties = useCounties();

  it('a video caller is offered only to agent-dgs-1 (not the longer-idle agent-1), video and audio flow both ways; a plain 115 call meanwhile goes to agent-1', async () => {
    const county = await counties.open({ dgs: true, agents: ['agent-1', 'agent-dgs-1'] });
    // Both agents are ensured at the engine's start at the same instant; agent-1 is first in idle
    // order, so a call that ignored its needs would ring agent-1.
    const agent1 = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    // agent-dgs-1 lets her phone ring for a while: the plain call comes in while it rings.
    const dgsAgent = await county.sipp.phone({ endpoint: 'agent-dgs-1', behaviour: { kind: 'answer', afterMs: 1_500 }, video: true });
    // Registered: the engine hears it from Asterisk (EndpointStateChange) a moment after the phone does.
    await waitFor(async () => (await county.queue()).agents.every((a) => a.status === 'available'), { timeoutMs: 5_000, what: 'both agents available' });
    const available = (await county.queue()).agents;
    expect(available.map((a) => [a.id, a.status])).toEqual([['agent-1', 'available'], ['agent-dgs-1', 'available']]);
    expect(available[0]!.since).toBeLessThanOrEqual(available[1]!.since);

    const citizen = await county.sipp.call({ to: DGS_NUMBER, from: '04101555601', video: true });
    await dgsAgent.waitForCall(() => true, { timeoutMs: 5_000, what: 'the DGS call offered to agent-dgs-1' });
    // The offer went past agent-1, who was free and idle longest.
    expect(agent1.counts().offered).toBe(0);

    // A plain 115 caller at the same time is not held up by the DGS call: agent-1 takes it.
    const plain = await county.sipp.call({ to: NUMBERS.n115, from: '04101555602' });
    const [talk] = await Promise.all([
      dgsAgent.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-dgs-1 answered the DGS call' }),
      agent1.waitForCall((c) => c.answeredAt !== undefined, { timeoutMs: 5_000, what: 'agent-1 answered the plain 115 call' }),
    ]);

    // The citizen's video call: Asterisk accepted video on the caller's leg and offered the same
    // codec to the agent's phone, which answered with its camera.
    expect(citizen.report().answeredAt).toBeDefined();
    expect(citizen.report().video).toMatchObject({ codec: 'H264', payloadType: citizen.video?.payloadType });
    expect(citizen.report().video?.port).toBeGreaterThan(0);
    expect(talk.video).toMatchObject({ codec: 'H264' });

    const [citizenCamera, agentCamera] = [citizen.video!, dgsAgent.video!];
    await waitFor(() => citizenCamera.saw(agentCamera.signature) >= ONE_SECOND_VIDEO && agentCamera.saw(citizenCamera.signature) >= ONE_SECOND_VIDEO, {
      timeoutMs: 5_000,
      what: 'a second of video both ways (the citizen seeing agent-dgs-1, and she the citizen)',
    }).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}: citizen saw ${citizenCamera.saw(agentCamera.signature)} agent frames, agent saw ${agentCamera.saw(citizenCamera.signature)} citizen frames`);
    });
    // Every video packet arrived with the payload type negotiated on that side's own leg.
    expect(citizenCamera.stats().otherPayloadType).toBe(0);
    expect(agentCamera.stats().otherPayloadType).toBe(0);
    await waitFor(() => citizen.rtp.heard(dgsAgent.rtp.signature) >= HALF_A_SECOND_AUDIO && dgsAgent.rtp.heard(citizen.rtp.signature) >= HALF_A_SECOND_AUDIO, {
      timeoutMs: 5_000,
      what: 'the DGS caller and agent-dgs-1 hearing each other',
    });
    await waitFor(() => plain.rtp.heard(agent1.rtp.signature) >= HALF_A_SECOND_AUDIO && agent1.rtp.heard(plain.rtp.signature) >= HALF_A_SECOND_AUDIO, {
      timeoutMs: 5_000,
      what: 'the plain caller and agent-1 hearing each other',
    });
    // No crossed lines: the plain caller did not hear agent-dgs-1, nor the DGS caller agent-1.
    expect(plain.rtp.heard(dgsAgent.rtp.signature)).toBe(0);
    expect(citizen.rtp.heard(agent1.rtp.signature)).toBe(0);

    const { waiting, agents } = await county.queue();
    expect(waiting).toEqual([]);
    expect(agents.map((a) => [a.id, a.status])).toEqual([['agent-1', 'busy'], ['agent-dgs-1', 'busy']]);
    expect(agents[0]!.callId).not.toBe(agents[1]!.callId);

    // The engine's bridge for the DGS call relays video through the core, as in the groundwork.
    const dgsCallId = agents.find((a) => a.id === 'agent-dgs-1')!.callId!;
    const live = (await county.engine.getJson<{ bridge?: string }>(`/api/calls/${dgsCallId}`)).body;
    const bridge = await county.ari<{ technology: string; bridge_type: string; channels: string[] }>(`/bridges/${live.bridge}`);
    expect(bridge).toMatchObject({ technology: 'simple_bridge', bridge_type: 'mixing' });
    expect(bridge.channels).toHaveLength(2);

    await citizen.hangUp();
    await plain.hangUp();
    // Each phone had exactly one call: agent-dgs-1 the DGS call, agent-1 the plain one.
    expect(dgsAgent.counts()).toMatchObject({ offered: 1, answered: 1 });
    expect(agent1.counts()).toMatchObject({ offered: 1, answered: 1 });

    const record = await county.recordOf('04101555601');
    expect(record).toMatchObject({
      outcome: 'answered-by-agent',
      endedBy: 'caller',
      agentId: 'agent-dgs-1',
      entry: { kind: '115', townId: null },
      overflowReason: 'direct-115',
      offers: [{ agentId: 'agent-dgs-1', result: 'accepted' }],
    });
    expect(record.routingRequest?.steps).toEqual([{ skills: { dgs: 3, video: 1 }, forMs: 30_000 }, { skills: { dgs: 1, video: 1 }, forMs: null }]);
    expect(record.routing).toEqual({
      priority: 0,
      prefer: 'highest-level',
      steps: [
        { skills: { dgs: 3, video: 1 }, until: record.times.queuedAt! + 30_000 },
        { skills: { dgs: 1, video: 1 }, until: null },
      ],
    });
    expect(agents.find((a) => a.id === 'agent-dgs-1')?.callId).toBe(record.id);

    const plainRecord = await county.recordOf('04101555602');
    expect(plainRecord).toMatchObject({ outcome: 'answered-by-agent', agentId: 'agent-1', entry: { kind: '115', townId: null }, offers: [{ agentId: 'agent-1', result: 'accepted' }] });
    expect(plainRecord.routingRequest?.steps ?? []).toEqual([]);
    // Served while agent-dgs-1's phone was still ringing for the DGS call.
    expect(plainRecord.times.offeredAt!).toBeLessThan(record.times.answeredAt!);

    await county.assertClean();
  });

  it('agent-dgs-1 not registered: she is paused unregistered, and every sign-language caller hears overflow/no-agent at once', async () => {
    const county = await counties.open({ dgs: true, agents: ['agent-1', 'agent-dgs-1'] });
    // agent-1 is there and free, but cannot serve the call; agent-dgs-1's phone is not registered.
    const agent1 = await county.sipp.phone({ endpoint: 'agent-1', behaviour: { kind: 'answer', afterMs: 200 } });
    const noAgentMs = lengthMs('overflow/no-agent');
    // The engine watches registrations: an agent whose phone is not registered is not offered calls.
    await waitFor(async () => {
      const dgs = (await county.queue()).agents.find((a) => a.id === 'agent-dgs-1');
      return dgs?.status === 'paused' && dgs.pauseReason === 'unregistered';
    }, { timeoutMs: 5_000, what: 'agent-dgs-1 paused unregistered' });

    const callers = [await county.sipp.call({ to: DGS_NUMBER, from: '04101555611', video: true }), await county.sipp.call({ to: DGS_NUMBER, from: '04101555612', video: true })];
    const ends = await Promise.all(callers.map((c) => c.waitForEnd(noAgentMs + 10_000)));

    for (const [i, caller] of callers.entries()) {
      const end = ends[i]!;
      // Answered, the no-agent message straight away and nothing else, then BYE.
      expect(end.outcome).toBe('remote-hangup');
      const got = heard(caller);
      expect(got.map((h) => h.what), describeHeard(got, end.answeredAt!)).toEqual(['overflow/no-agent']);
      expect(got[0]!.fromAt - end.answeredAt!).toBeLessThan(500);
      expect(end.gotByeAt! - end.answeredAt!).toBeGreaterThanOrEqual(noAgentMs - 300);
      expect(end.gotByeAt! - end.answeredAt!).toBeLessThan(noAgentMs + 2_000);
    }

    // Neither call went to agent-1, who has no DGS, nor to the unregistered phone.
    expect(agent1.counts().offered).toBe(0);
    for (const from of ['04101555611', '04101555612']) {
      const record = await county.recordOf(from);
      expect(record).toMatchObject({ outcome: 'no-agent', endedBy: 'system', entry: { kind: '115', townId: null }, overflowReason: 'direct-115', offers: [] });
      expect(record.routingRequest?.steps).toEqual([{ skills: { dgs: 3, video: 1 }, forMs: 30_000 }, { skills: { dgs: 1, video: 1 }, forMs: null }]);
      expect(record.times.queuedAt).toBeUndefined();
    }
    expect(county.engine.logs().filter((l) => l['msg'] === 'dial failed')).toEqual([]);

    // Paused stays paused (assertClean accepts it); agent-1 is free.
    const { agents, waiting } = await county.queue();
    expect(waiting).toEqual([]);
    expect(agents.map((a) => [a.id, a.status, a.pauseReason])).toEqual([['agent-1', 'available', null], ['agent-dgs-1', 'paused', 'unregistered']]);

    await county.assertClean();
  });
});
