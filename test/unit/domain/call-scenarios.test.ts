/**
 * Whole calls as event scripts, from arrival to the published record. The assertions are what a
 * citizen, an agent or the statistics would notice: who rang, who talked, how long the caller waited,
 * what was recorded.
 */
import { describe, expect, it } from 'vitest';
import { arrive } from '../../../src/domain/arrive.js';
import { bridgeIdFor, waitedMs } from '../../../src/domain/call.js';
import { endpointName } from '../../../src/domain/ids.js';
import {
  AGENT_RING_MS,
  ANNA,
  NO_ROUTING,
  ANNOUNCE_EVERY_MS,
  BEN,
  CALL,
  CALLER,
  HASLOH,
  QUICKBORN,
  T0,
  TOWN_RING_MS,
  agentLeg,
  arrival,
  commandsOf,
  count,
  ev,
  fire,
  ofType,
  play,
  policy,
  timerOf,
  townLeg,
  types,
} from './helpers.js';

const BRIDGE = bridgeIdFor(CALL);
const s = (seconds: number): number => T0 + seconds * 1_000;

describe('a call to the town hall that the town answers', () => {
  const script = play(arrive(arrival(QUICKBORN), policy), [
    ev.townAnswered(townLeg(1), s(7)),
    ev.callerHungUp(s(187)),
  ]);

  it('rings both Quickborn phones while the caller hears ringback, with a 20 s overflow timer', () => {
    const arrivalCommands = arrive(arrival(QUICKBORN), policy).commands;
    expect(arrivalCommands).toEqual([
      { type: 'telephony.indicate-ringing', channel: CALLER },
      { type: 'telephony.dial', role: 'town', leg: townLeg(0), endpoint: endpointName('quickborn-1'), callerChannel: CALLER },
      { type: 'telephony.dial', role: 'town', leg: townLeg(1), endpoint: endpointName('quickborn-2'), callerChannel: CALLER },
      { type: 'timer.start', name: 'town-ring', dueAt: T0 + TOWN_RING_MS, token: expect.any(String) as string },
    ]);
    expect(count(arrivalCommands, 'telephony.answer')).toBe(0);
  });

  it('bridges the caller with the phone that answered and hangs up the other', () => {
    const answered = commandsOf(script.steps[0]);
    expect(answered).toContainEqual({ type: 'telephony.bridge', bridge: BRIDGE, channels: [CALLER, townLeg(1)] });
    expect(ofType(answered, 'telephony.hangup')).toEqual([{ type: 'telephony.hangup', channel: townLeg(0) }]);
    expect(script.steps[0]?.after).toMatchObject({ phase: 'connected', peer: { kind: 'town', leg: townLeg(1) } });
  });

  it('never touches the county queue: no music on hold, no enqueue, no agent', () => {
    for (const type of ['queue.enqueue', 'telephony.start-moh', 'dispatch.request', 'agent.connected'] as const) {
      expect(count(script.commands, type), type).toBe(0);
    }
    expect(script.call.overflowReason).toBeUndefined();
  });

  it('records an answered-by-town call: rang 7 s, talked 3 min', () => {
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'answered-by-town', endedBy: 'caller' });
    expect(script.call.times).toEqual({ arrivedAt: T0, townRingStartedAt: T0, townRingEndedAt: s(7), answeredAt: s(7), endedAt: s(187) });
    expect(waitedMs(script.call, s(999))).toBe(7_000);
    // The caller hung up: we hang up the town phone and take the bridge down, never the caller.
    expect(commandsOf(script.steps[1])).toEqual([
      { type: 'telephony.hangup', channel: townLeg(1) },
      { type: 'telephony.destroy-bridge', bridge: BRIDGE },
    ]);
  });
});

describe('a town call nobody at the town hall answers', () => {
  const script = play(arrive(arrival(QUICKBORN), policy), [
    fire, // 20 s: the town ring timer
    ev.offerAssigned(ANNA, s(20.05)),
    ev.offerAccepted(agentLeg(1), s(26)),
    ev.townAnswered(townLeg(0), s(27)), // a clerk picks up a phone that is already hung up
    ev.peerHungUp(agentLeg(1), s(300)),
  ]);
  const overflowed = script.steps[0];

  it('overflows after the 20 s timer with reason town-no-answer', () => {
    expect(overflowed?.event).toMatchObject({ type: 'timer.fired', at: s(20) });
    expect(overflowed?.after).toMatchObject({ phase: 'queued', overflowReason: 'town-no-answer' });
  });

  it('takes the place in line first, then hangs up the town phones, answers the caller and greets them', () => {
    expect(types(commandsOf(overflowed))).toEqual([
      'queue.enqueue',
      'timer.cancel',
      'telephony.hangup',
      'telephony.hangup',
      'telephony.answer',
      'telephony.play',
      'timer.start',
      'dispatch.request',
    ]);
    expect(ofType(commandsOf(overflowed), 'telephony.play')).toEqual([
      { type: 'telephony.play', channel: CALLER, playback: `${CALL}~play~1`, sounds: ['overflow/greeting'] },
    ]);
  });

  it('keeps the head start: the caller is queued by the time the call ARRIVED, not when it overflowed', () => {
    expect(ofType(commandsOf(overflowed), 'queue.enqueue')).toEqual([{ type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: false, routing: NO_ROUTING }]);
  });

  it("rings Anna's phone, then bridges her with the caller and stops the music", () => {
    expect(ofType(commandsOf(script.steps[1]), 'telephony.dial')).toEqual([
      { type: 'telephony.dial', role: 'agent', leg: agentLeg(1), endpoint: endpointName('agent-1'), callerChannel: CALLER },
    ]);
    expect(types(commandsOf(script.steps[2]))).toEqual(['timer.cancel', 'agent.connected', 'telephony.stop-moh', 'telephony.bridge']);
    expect(commandsOf(script.steps[2])).toContainEqual({ type: 'telephony.bridge', bridge: BRIDGE, channels: [CALLER, agentLeg(1)] });
  });

  it('hangs up a town phone that answers after the overflow, and the caller stays with Anna', () => {
    expect(script.steps[3]?.decision).toMatchObject({ kind: 'ignored', commands: [{ type: 'telephony.hangup', channel: townLeg(0) }] });
    expect(script.steps[3]?.after.peer).toEqual({ kind: 'agent', agentId: ANNA, leg: agentLeg(1) });
  });

  it('when Anna hangs up first: the caller is hung up, Anna released, the bridge destroyed', () => {
    expect(commandsOf(script.steps[4])).toEqual([
      { type: 'agent.release', agent: ANNA, call: CALL, at: s(300) },
      { type: 'dispatch.request' },
      { type: 'telephony.hangup', channel: CALLER },
      { type: 'telephony.destroy-bridge', bridge: BRIDGE },
    ]);
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'answered-by-agent', endedBy: 'agent', agentId: ANNA });
  });

  it('records every instant once', () => {
    expect(script.call.times).toEqual({
      arrivedAt: T0,
      townRingStartedAt: T0,
      townRingEndedAt: s(20),
      queuedAt: s(20),
      offeredAt: s(20.05),
      answeredAt: s(26),
      endedAt: s(300),
    });
    expect(waitedMs(script.call, s(999))).toBe(26_000);
    expect(script.call.offers).toEqual([{ agentId: ANNA, at: s(20.05), result: 'accepted' }]);
    expect(script.call.timer).toBeUndefined();
  });
});

describe('a town whose phones are all busy', () => {
  const arrived = arrive(arrival(QUICKBORN), policy);
  const ringTimer = timerOf(arrived.next);
  const script = play(arrived, [
    ev.townLegFailed(townLeg(0), 'busy', s(0.3)),
    ev.townLegFailed(townLeg(1), 'busy', s(0.45)),
    ev.timerFired(ringTimer, ringTimer.dueAt), // the cancel lost the race with the timer
  ]);

  it('keeps ringing the other phone while one is busy', () => {
    expect(script.steps[0]?.after.phase).toBe('town-ringing');
    expect(commandsOf(script.steps[0])).toEqual([]);
  });

  it('overflows at once with reason town-busy, without waiting out the 20 s', () => {
    expect(script.steps[1]?.after).toMatchObject({ phase: 'queued', overflowReason: 'town-busy', times: { townRingEndedAt: s(0.45), queuedAt: s(0.45) } });
    // Both phones are gone already: nothing to hang up. The ring timer is cancelled.
    expect(types(commandsOf(script.steps[1]))).toEqual(['queue.enqueue', 'timer.cancel', 'telephony.answer', 'telephony.play', 'timer.start', 'dispatch.request']);
    expect(ofType(commandsOf(script.steps[1]), 'queue.enqueue')[0]?.arrivedAt).toBe(T0);
  });

  it('ignores the ring timer if it fires anyway', () => {
    expect(ringTimer.dueAt).toBe(T0 + TOWN_RING_MS);
    expect(script.steps[2]?.decision).toMatchObject({ kind: 'ignored', commands: [] });
  });

  it('names the reason town-unreachable when the phones are unreachable, town-no-answer when they time out', () => {
    const unreachable = play(arrive(arrival(QUICKBORN), policy), [
      ev.townLegFailed(townLeg(0), 'unreachable', s(1)),
      ev.townLegFailed(townLeg(1), 'unreachable', s(1)),
    ]);
    expect(unreachable.call.overflowReason).toBe('town-unreachable');
    const timedOut = play(arrive(arrival(QUICKBORN), policy), [
      ev.townLegFailed(townLeg(0), 'busy', s(1)),
      ev.townLegFailed(townLeg(1), 'no-answer', s(15)),
    ]);
    expect(timedOut.call.overflowReason).toBe('town-no-answer');
  });

  it('with one phone busy and the other ringing out, only the ringing phone is hung up at the overflow', () => {
    const oneBusy = play(arrive(arrival(QUICKBORN), policy), [ev.townLegFailed(townLeg(0), 'busy', s(1)), fire]);
    expect(oneBusy.call.overflowReason).toBe('town-no-answer');
    expect(ofType(commandsOf(oneBusy.steps[1]), 'telephony.hangup')).toEqual([{ type: 'telephony.hangup', channel: townLeg(1) }]);
  });
});

describe('a 115 call', () => {
  const arrived = arrive(arrival('115'), policy);

  it('goes straight to the queue: enqueued, answered, greeted, the first position announcement due in 45 s', () => {
    expect(arrived.next).toMatchObject({ phase: 'queued', overflowReason: 'direct-115', entry: { kind: '115', townId: null } });
    expect(arrived.commands).toEqual([
      { type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: false, routing: NO_ROUTING },
      { type: 'telephony.answer', channel: CALLER },
      { type: 'telephony.play', channel: CALLER, playback: `${CALL}~play~1`, sounds: ['overflow/greeting'] },
      { type: 'timer.start', name: 'announce', dueAt: T0 + ANNOUNCE_EVERY_MS, token: `${CALL}:announce:1` },
      { type: 'dispatch.request' },
    ]);
    expect(arrived.next.times).toEqual({ arrivedAt: T0, queuedAt: T0 });
  });

  it('a town configured without phones goes straight to the queue, reason town-unregistered', () => {
    const hasloh = arrive(arrival(HASLOH), policy);
    expect(hasloh.next).toMatchObject({ phase: 'queued', overflowReason: 'town-unregistered' });
    expect(types(hasloh.commands)).toEqual(['queue.enqueue', 'telephony.answer', 'telephony.play', 'timer.start', 'dispatch.request']);
    expect(hasloh.next.entry).toEqual({ kind: 'town', townId: HASLOH });
  });
});

describe('an agent who does not answer', () => {
  const script = play(arrive(arrival('115'), policy), [
    ev.offerAssigned(ANNA, s(1)),
    fire, // Anna's 15 s ring timer
    ev.offerAssigned(BEN, s(16.01)),
    ev.offerAccepted(agentLeg(1), s(17)), // Anna picks up too late
    ev.offerAccepted(agentLeg(2), s(19)),
    ev.callerHungUp(s(200)),
  ]);

  it("pauses Anna 'no-answer' after 15 s and hangs up her phone", () => {
    expect(script.steps[1]?.event).toMatchObject({ type: 'timer.fired', at: s(1) + AGENT_RING_MS });
    expect(commandsOf(script.steps[1])).toContainEqual({ type: 'telephony.hangup', channel: agentLeg(1) });
    expect(commandsOf(script.steps[1])).toContainEqual({ type: 'agent.pause', agent: ANNA, call: CALL, reason: 'no-answer', at: s(16) });
    expect(count(commandsOf(script.steps[1]), 'agent.release')).toBe(0);
  });

  it('puts the caller back at the HEAD of the queue, still by arrival time, and asks for the next agent', () => {
    expect(script.steps[1]?.after.phase).toBe('queued');
    expect(ofType(commandsOf(script.steps[1]), 'queue.enqueue')).toEqual([{ type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: true, routing: NO_ROUTING }]);
    expect(count(commandsOf(script.steps[1]), 'dispatch.request')).toBe(1);
  });

  it("rings Ben on a new leg (attempt 2), and hangs up Anna's late answer", () => {
    expect(script.steps[2]?.after.offer).toEqual({ agentId: BEN, leg: agentLeg(2), attempt: 2 });
    expect(ofType(commandsOf(script.steps[2]), 'telephony.dial')).toEqual([
      { type: 'telephony.dial', role: 'agent', leg: agentLeg(2), endpoint: endpointName('agent-2'), callerChannel: CALLER },
    ]);
    expect(script.steps[3]?.decision).toMatchObject({ kind: 'ignored', commands: [{ type: 'telephony.hangup', channel: agentLeg(1) }] });
    expect(script.steps[3]?.after.offer?.agentId).toBe(BEN);
  });

  it('connects the caller with Ben, and the record keeps both offers and the first offer time', () => {
    expect(script.steps[4]?.after).toMatchObject({ phase: 'connected', agentId: BEN, peer: { kind: 'agent', agentId: BEN, leg: agentLeg(2) } });
    expect(script.call.offers).toEqual([
      { agentId: ANNA, at: s(1), result: 'no-answer' },
      { agentId: BEN, at: s(16.01), result: 'accepted' },
    ]);
    expect(script.call.times).toMatchObject({ queuedAt: T0, offeredAt: s(1), answeredAt: s(19), endedAt: s(200) });
    expect(ofType(script.commands, 'agent.release')).toEqual([{ type: 'agent.release', agent: BEN, call: CALL, at: s(200) }]);
  });

  it("pauses an agent whose phone is unreachable 'unreachable', and requeues at the head", () => {
    const unreachable = play(arrive(arrival('115'), policy), [ev.offerAssigned(ANNA, s(1)), ev.offerFailed(agentLeg(1), 'unreachable', s(1.2))]);
    expect(commandsOf(unreachable.steps[1])).toContainEqual({ type: 'agent.pause', agent: ANNA, call: CALL, reason: 'unreachable', at: s(1.2) });
    expect(commandsOf(unreachable.steps[1])).toContainEqual({ type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: true, routing: NO_ROUTING });
    expect(unreachable.call.offers).toEqual([{ agentId: ANNA, at: s(1), result: 'failed' }]);
    // Waiting again: the next position announcement is 45 s away.
    expect(unreachable.call.timer).toMatchObject({ name: 'announce', dueAt: s(1.2) + ANNOUNCE_EVERY_MS });
  });
});

describe('the caller hangs up', () => {
  it('while queued: leaves the queue, recorded abandoned after waiting 45 s', () => {
    const script = play(arrive(arrival('115'), policy), [ev.callerHungUp(s(45))]);
    expect(commandsOf(script.steps[0])).toEqual([{ type: 'timer.cancel', token: `${CALL}:announce:1` }, { type: 'queue.remove', call: CALL }]);
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'abandoned', endedBy: 'caller' });
    expect(script.call.times).toEqual({ arrivedAt: T0, queuedAt: T0, endedAt: s(45) });
    expect(waitedMs(script.call, s(999))).toBe(45_000);
  });

  it('while the town rings: the town phones stop ringing, recorded abandoned', () => {
    const script = play(arrive(arrival(QUICKBORN), policy), [ev.callerHungUp(s(4))]);
    expect(ofType(commandsOf(script.steps[0]), 'telephony.hangup').map((c) => c.channel)).toEqual([townLeg(0), townLeg(1)]);
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'abandoned', times: { townRingEndedAt: s(4), endedAt: s(4) } });
    expect(count(script.commands, 'queue.remove')).toBe(0);
  });

  it("while Anna's phone rings: her phone stops, she is released at once, recorded abandoned", () => {
    const ringing = play(arrive(arrival('115'), policy), [ev.offerAssigned(ANNA, s(3))]);
    const annaTimer = timerOf(ringing.call);
    const script = play(ringing.call, [
      ev.callerHungUp(s(8)),
      ev.offerAssigned(BEN, s(8.05)), // the dispatcher raced the hang-up
      ev.offerFailed(agentLeg(1), 'failed', s(8.1)), // Asterisk reports the leg we hung up
      ev.timerFired(annaTimer, annaTimer.dueAt), // the cancel lost the race with the timer
    ]);
    expect(commandsOf(script.steps[0])).toEqual([
      { type: 'timer.cancel', token: annaTimer.token },
      { type: 'telephony.hangup', channel: agentLeg(1) },
      { type: 'agent.release', agent: ANNA, call: CALL, at: s(8) },
      { type: 'dispatch.request' },
    ]);
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'abandoned', endedBy: 'caller', offers: [{ agentId: ANNA, result: 'cancelled' }] });
    expect(script.call.times).toMatchObject({ offeredAt: s(3), endedAt: s(8) });
    expect(script.call.times.answeredAt).toBeUndefined();
    // The agent the dispatcher picked meanwhile is freed again; other late events change nothing.
    expect(script.steps[1]?.decision).toMatchObject({
      kind: 'ignored',
      commands: [{ type: 'agent.release', agent: BEN, call: CALL, at: s(8.05) }, { type: 'dispatch.request' }],
    });
    expect(script.steps[2]?.decision).toMatchObject({ kind: 'ignored', commands: [] });
    expect(script.steps[3]?.decision).toMatchObject({ kind: 'ignored', commands: [] });
    expect(ofType(script.commands, 'agent.release').filter((c) => c.agent === ANNA)).toHaveLength(1);
  });

  it('while talking with Anna: her phone is hung up, she is released, recorded answered-by-agent', () => {
    const script = play(arrive(arrival('115'), policy), [
      ev.offerAssigned(ANNA, s(2)),
      ev.offerAccepted(agentLeg(1), s(6)),
      ev.callerHungUp(s(66)),
      ev.peerHungUp(agentLeg(1), s(66.1)), // Asterisk reports the leg we hung up
    ]);
    expect(commandsOf(script.steps[2])).toEqual([
      { type: 'telephony.hangup', channel: agentLeg(1) },
      { type: 'agent.release', agent: ANNA, call: CALL, at: s(66) },
      { type: 'dispatch.request' },
      { type: 'telephony.destroy-bridge', bridge: BRIDGE },
    ]);
    expect(script.call).toMatchObject({ phase: 'ended', outcome: 'answered-by-agent', endedBy: 'caller', agentId: ANNA });
    expect(script.call.times).toEqual({ arrivedAt: T0, queuedAt: T0, offeredAt: s(2), answeredAt: s(6), endedAt: s(66) });
    expect(script.steps[3]?.decision).toMatchObject({ kind: 'ignored', commands: [] });
    expect(count(script.commands, 'agent.release')).toBe(1);
  });
});
