/**
 * Invariants of the call state machine over thousands of seeded random calls. Each event script mixes
 * the likely next event with late, duplicate and stray ones. A failure prints the seed and a shrunk
 * event script that reproduces it.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/decide.js';
import type { AgentId, ChannelId } from '../../../src/domain/ids.js';
import { policy } from './helpers.js';
import { arbitraryCall, arbitraryEvent, counterexample, generate, replay, seeded, type Invariant, type Trace, type World } from './random-calls.js';

const RUNS = 3_000;
const MAX_EVENTS = 30;
const seeds = Array.from({ length: RUNS }, (_, i) => 1_000 + i);
/** Assignments may be re-delivered: the agent already on the call can be "assigned" again. */
const worlds: readonly World[] = seeds.map((seed) => generate(seed, { duplicateAssignments: true, maxEvents: MAX_EVENTS }));
/** Every assignment is delivered once, as the atomic dispatch produces them. */
const worldsOnce: readonly World[] = seeds.map((seed) => generate(seed, { duplicateAssignments: false, maxEvents: MAX_EVENTS }));

const at = (i: number): string => `step ${i + 1}`;
const last = (t: Trace) => t.steps[t.steps.length - 1]?.after ?? t.arrived;

const neverThrows: Invariant = (t) => (t.threw ? `decide threw on ${t.threw.event.type}: ${String(t.threw.error)}` : null);

/** Saving an ended call appends its record (CallStore.save): an ended call must never be saved again. */
const endedStaysEnded: Invariant = (t) => {
  for (const [i, s] of t.steps.entries()) {
    if (s.before.phase !== 'ended') continue;
    if (s.decision.kind === 'next') return `${at(i)}: ended call saved again as ${s.decision.next.phase} (a second record)`;
  }
  return null;
};

const endsOnce: Invariant = (t) => {
  const ends = t.steps.filter((s) => s.before.phase !== 'ended' && s.after.phase === 'ended').length;
  const expected = last(t).phase === 'ended' ? 1 : 0;
  return ends === expected ? null : `call ended ${ends} times, expected ${expected}`;
};

/** Nothing is announced while the caller is being connected: no announcement plays once an agent rings. */
const quietWhileConnecting: Invariant = (t) => {
  for (const [i, s] of t.steps.entries()) {
    if (s.after.phase !== 'offering' && s.after.phase !== 'connected') continue;
    if (s.after.playback) return `${at(i)}: announcement ${s.after.playback} still playing in phase ${s.after.phase}`;
    const spoken = s.decision.commands.find((c) => c.type === 'telephony.play' || c.type === 'telephony.announce-queue-status');
    if (spoken) return `${at(i)}: ${spoken.type} in phase ${s.after.phase}`;
  }
  return null;
};

const oneAgentAtMost: Invariant = (t) => {
  let connected = 0;
  let bridges = 0;
  for (const [i, s] of t.steps.entries()) {
    for (const c of s.decision.commands) {
      if (c.type === 'agent.connected') connected++;
      if (c.type === 'telephony.bridge') {
        bridges++;
        const peer = s.after.peer;
        // On a callback the citizen's leg stands in for the caller.
        const caller = s.after.callback?.citizenLeg ?? s.after.callerChannel;
        if (!peer || c.channels.length !== 2 || c.channels[0] !== caller || c.channels[1] !== peer.leg) {
          return `${at(i)}: bridge ${JSON.stringify(c.channels)} is not caller + peer`;
        }
      }
    }
    // A callback task given back by its agent, or a caller whose agent left a transfer nobody
    // answered, is taken by the next agent: a new connection, not a second.
    if (s.after.phase === 'callback-waiting' || (s.after.phase === 'queued' && s.before.phase === 'connected')) {
      connected = 0;
      bridges = 0;
    }
    if (connected > 1) return `${at(i)}: a second agent.connected`;
    if (bridges > 1) return `${at(i)}: a second bridge`;
    // The one change allowed: a case worker takes over from the agent on a transfer.
    if (s.before.phase === 'connected' && s.after.phase === 'connected' && s.before.peer?.leg !== s.after.peer?.leg && s.after.peer?.kind !== 'case-worker') {
      return `${at(i)}: peer changed from ${s.before.peer?.leg ?? '-'} to ${s.after.peer?.leg ?? '-'}`;
    }
    if (s.after.phase === 'connected' && !s.after.peer) return `${at(i)}: connected without a peer`;
    if (s.after.peer?.kind === 'agent' && s.after.agentId !== s.after.peer.agentId) return `${at(i)}: agentId differs from the peer agent`;
  }
  return null;
};

/**
 * The agents' side, as the agent store would see it: an assignment marks an agent offered for this
 * call (unless it already is: that is a re-delivery), agent.connected makes it busy, release or
 * pause frees it. No agent may be freed twice, and at every step the agents held are exactly the
 * one the call is ringing or talking with.
 */
const agentsFreedExactlyOnce: Invariant = (t) => {
  const held = new Map<AgentId, 'offered' | 'busy'>();
  for (const [i, s] of t.steps.entries()) {
    if (s.event.type === 'offer.assigned' && !held.has(s.event.agentId)) held.set(s.event.agentId, 'offered');
    for (const c of s.decision.commands) {
      if (c.type === 'agent.connected') {
        if (held.get(c.agent) !== 'offered') return `${at(i)}: agent.connected for ${c.agent}, who was not offered this call`;
        held.set(c.agent, 'busy');
      }
      if (c.type === 'agent.release' || c.type === 'agent.pause') {
        if (!held.has(c.agent)) return `${at(i)}: ${c.type} for ${c.agent}, who was already freed (or never held)`;
        held.delete(c.agent);
      }
    }
    const call = s.after;
    const expected: [AgentId, 'offered' | 'busy'][] =
      call.phase === 'offering' && call.offer
        ? [[call.offer.agentId, 'offered']]
        : call.phase === 'callback-dialing' && call.offer
          ? [[call.offer.agentId, 'busy']]
          : call.phase === 'connected' && call.peer?.kind === 'agent' && !call.transfer?.agentGone
            ? [[call.peer.agentId, 'busy']]
            : [];
    const actual = [...held.entries()];
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      return `${at(i)} (${s.event.type}, ${s.before.phase} → ${call.phase}): agents held ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
  }
  return null;
};

const timersAccountedFor: Invariant = (t) => {
  const started = new Set<string>();
  const cancelled = new Set<string>();
  const fired = new Set<string>();
  const start = (token: string): string | null => (started.has(token) ? `timer ${token} started twice` : (started.add(token), null));
  for (const c of t.arrivalCommands) if (c.type === 'timer.start') start(c.token);
  if (t.arrived.timer && !started.has(t.arrived.timer.token)) return 'arrival keeps a timer it did not start';
  for (const [i, s] of t.steps.entries()) {
    if (s.event.type === 'timer.fired' && s.event.token === s.before.timer?.token) fired.add(s.event.token);
    for (const c of s.decision.commands) {
      if (c.type === 'timer.start') {
        const problem = start(c.token);
        if (problem) return `${at(i)}: ${problem}`;
      }
      if (c.type === 'timer.cancel') {
        if (!started.has(c.token)) return `${at(i)}: cancels timer ${c.token}, never started`;
        if (cancelled.has(c.token)) return `${at(i)}: cancels timer ${c.token} twice`;
        cancelled.add(c.token);
      }
    }
    const current = s.after.timer;
    if (current && (!started.has(current.token) || cancelled.has(current.token) || fired.has(current.token))) {
      return `${at(i)}: current timer ${current.token} was not started, or was cancelled or fired`;
    }
    for (const token of started) {
      if (!cancelled.has(token) && !fired.has(token) && token !== current?.token) return `${at(i)}: timer ${token} left running, no longer current`;
    }
    // A queued caller waits for the next announcement, or, offered a callback, for key 1.
    const wanted: Record<string, readonly (string | undefined)[]> = {
      'town-ringing': ['town-ring'],
      queued: [s.after.limitOffer ? 'callback-key' : 'announce'],
      offering: ['offer'],
      'final-message': ['final-message'],
      'callback-dialing': ['callback-ring'],
      connected: [s.after.transfer?.stage === 'ringing' ? 'transfer-ring' : undefined],
    };
    if (!(wanted[s.after.phase] ?? [undefined]).includes(current?.name)) return `${at(i)}: phase ${s.after.phase} with timer ${current?.name ?? 'none'}`;
  }
  return null;
};

/** Every phone we dialed is down once the caller waits in the queue again, and once the call ended. */
const noLegLeftUp: Invariant = (t) => {
  const dialed = new Set<ChannelId>();
  const down = new Set<ChannelId>();
  let callerDown = false;
  for (const c of t.arrivalCommands) if (c.type === 'telephony.dial') dialed.add(c.leg);
  for (const [i, s] of t.steps.entries()) {
    const e = s.event;
    if (e.type === 'caller.hung-up' || e.type === 'caller.gone') {
      callerDown = true;
      // On a connected callback the citizen's leg is the caller.
      const citizen = s.before.callback?.citizenLeg;
      if (citizen && s.before.phase === 'connected') down.add(citizen);
    }
    if (e.type === 'town.leg-failed' || e.type === 'offer.failed' || e.type === 'peer.hung-up' || e.type === 'citizen.failed' || e.type === 'worker.failed') down.add(e.leg);
    for (const c of s.decision.commands) {
      if (c.type === 'telephony.dial' || c.type === 'telephony.dial-callback') dialed.add(c.leg);
      if (c.type === 'telephony.hangup') {
        if (c.channel === s.after.callerChannel) callerDown = true;
        else down.add(c.channel);
      }
      // Handed to a partner center: the caller leaves for its application, no longer ours to end.
      if (c.type === 'telephony.hand-over' && c.channel === s.after.callerChannel) callerDown = true;
    }
    if (s.after.phase === 'queued' || s.after.phase === 'callback-waiting' || s.after.phase === 'ended') {
      const up = [...dialed].filter((leg) => !down.has(leg));
      if (up.length > 0) return `${at(i)}: ${s.after.phase} with ${up.join(', ')} still up`;
    }
    if (s.after.phase === 'ended' && !callerDown) return `${at(i)}: ended with the caller still on the line`;
  }
  return null;
};

describe('call state machine invariants over random event scripts', () => {
  it('decide never throws', () => {
    expect(counterexample(worlds, neverThrows)).toBeNull();
  });

  it('decide never throws, even on call records in shapes it never produces itself', () => {
    const r = seeded(42);
    const problems: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const call = arbitraryCall(r);
      const event = arbitraryEvent(r, call);
      try {
        const decision = decide(call, event, policy);
        if (decision.kind === 'ignored' && decision.reason === '') problems.push(`${call.phase} + ${event.type}: ignored without a reason`);
      } catch (error) {
        problems.push(`${call.phase} + ${event.type} on ${JSON.stringify(call)}: ${String(error)}`);
      }
    }
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it('an ended call stays ended and is never saved again (its record is appended once)', () => {
    expect(counterexample(worlds, endedStaysEnded)).toBeNull();
  });

  it('a call ends exactly once on every path that ends it', () => {
    expect(counterexample(worlds, endsOnce)).toBeNull();
  });

  it('nothing is announced while an agent rings or talks with the caller', () => {
    expect(counterexample(worlds, quietWhileConnecting)).toBeNull();
  });

  it('a call is never connected to two agents: one peer, one bridge of caller + peer', () => {
    expect(counterexample(worlds, oneAgentAtMost)).toBeNull();
  });

  it('every agent offered the call is released or paused exactly once, none left held (assignments delivered once)', () => {
    expect(counterexample(worldsOnce, agentsFreedExactlyOnce)).toBeNull();
  });

  it('every agent offered the call is released or paused exactly once, none left held (an assignment re-delivered)', () => {
    expect(counterexample(worlds, agentsFreedExactlyOnce)).toBeNull();
  });

  it('every started timer is cancelled, fired or still current, and only the phase that needs one has one', () => {
    expect(counterexample(worlds, timersAccountedFor)).toBeNull();
  });

  it('no phone we dialed is left ringing once the caller is queued again or the call has ended', () => {
    expect(counterexample(worlds, noLegLeftUp)).toBeNull();
  });

  it('the random scripts reach every phase, outcome and overflow reason (the properties are not vacuous)', () => {
    const seen = new Map<string, number>();
    const note = (key: string): void => void seen.set(key, (seen.get(key) ?? 0) + 1);
    for (const world of worlds) {
      const trace = replay(world);
      for (const s of trace.steps) {
        note(`phase:${s.after.phase}${s.after.peer ? `:${s.after.peer.kind}` : ''}`);
        note(`decision:${s.decision.kind}`);
        if (s.event.type === 'offer.assigned' && s.before.phase === 'offering' && s.event.agentId === s.before.offer?.agentId) note('duplicate-assignment');
      }
      const end = last(trace);
      if (end.outcome) note(`outcome:${end.outcome}`);
      if (end.overflowReason) note(`reason:${end.overflowReason}`);
      if (end.offers.length >= 2) note('second-offer');
    }
    const required = [
      'phase:town-ringing',
      'phase:queued',
      'phase:offering',
      'phase:connected:agent',
      'phase:connected:town',
      'phase:final-message',
      'phase:callback-waiting',
      'phase:callback-dialing',
      'phase:ended',
      'decision:ignored',
      'outcome:closed',
      'outcome:queue-full',
      'outcome:callback-unanswered',
      'outcome:abandoned',
      'outcome:answered-by-agent',
      'outcome:answered-by-town',
      'reason:direct-115',
      'reason:town-no-answer',
      'reason:town-busy',
      'reason:town-unreachable',
      'reason:town-unregistered',
      'reason:town-closed',
      'reason:switchboard',
      'reason:town-ring-limit',
      'second-offer',
      'duplicate-assignment',
    ];
    expect(required.filter((key) => (seen.get(key) ?? 0) < 10)).toEqual([]);
  });
});
