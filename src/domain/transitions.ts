import type { Call, EndedBy, LegFailReason, Outcome, OverflowReason, TimerName } from './call.js';
import type { Command } from './commands.js';

/** Result of a step: the next state and the orders to carry out. */
export interface Step {
  readonly next: Call;
  readonly commands: readonly Command[];
}

export function startTimer(call: Call, name: TimerName, dueAt: number): { call: Call; command: Command } {
  const seq = call.timerSeq + 1;
  const token = `${call.id}:${name}:${seq}`;
  return {
    call: { ...call, timerSeq: seq, timer: { name, dueAt, token } },
    command: { type: 'timer.start', name, dueAt, token },
  };
}

export function cancelTimer(call: Call): { call: Call; commands: Command[] } {
  if (!call.timer) return { call, commands: [] };
  const { timer, ...rest } = call;
  return { call: rest, commands: [{ type: 'timer.cancel', token: timer.token }] };
}

/** The town did not take the call: hang up its phones, answer the caller, music on hold, enqueue. */
export function overflow(call: Call, at: number, reason: OverflowReason): Step {
  const cancelled = cancelTimer(call);
  const hangups: Command[] = (call.townRing?.legs ?? [])
    .filter((leg) => !call.townRing?.failedLegs.includes(leg))
    .map((channel) => ({ type: 'telephony.hangup', channel }));
  const next: Call = {
    ...cancelled.call,
    phase: 'queued',
    overflowReason: reason,
    times: {
      ...call.times,
      ...(call.phase === 'town-ringing' ? { townRingEndedAt: at } : {}),
      queuedAt: at,
    },
  };
  return {
    next,
    commands: [
      // The place in line is taken first: answering takes Asterisk round trips, and a call that
      // arrived earlier must not lose its place to one whose answer was quicker.
      { type: 'queue.enqueue', call: call.id, arrivedAt: call.times.arrivedAt, atHead: false },
      ...cancelled.commands,
      ...hangups,
      { type: 'telephony.answer', channel: call.callerChannel },
      { type: 'telephony.start-moh', channel: call.callerChannel },
      { type: 'dispatch.request' },
    ],
  };
}

/** Which overflow reason the failures of every town leg add up to. */
export function townFailureReason(reasons: readonly LegFailReason[]): OverflowReason {
  if (reasons.length > 0 && reasons.every((r) => r === 'busy')) return 'town-busy';
  if (reasons.some((r) => r === 'no-answer')) return 'town-no-answer';
  return 'town-unreachable';
}

/**
 * End the call: every leg and bridge we own goes, agents are freed. Saving the ended call publishes its
 * record in the same atomic step (CallStore.save), so a crash can neither lose nor double it.
 */
export function end(call: Call, at: number, outcome: Outcome, endedBy: EndedBy, extra: readonly Command[] = []): Step {
  const cancelled = cancelTimer(call);
  const commands: Command[] = [...cancelled.commands, ...extra];
  if (call.phase === 'town-ringing') {
    for (const leg of call.townRing?.legs ?? []) {
      if (!call.townRing?.failedLegs.includes(leg)) commands.push({ type: 'telephony.hangup', channel: leg });
    }
  }
  if (call.phase === 'queued') commands.push({ type: 'queue.remove', call: call.id });
  if (call.phase === 'offering' && call.offer) {
    commands.push({ type: 'telephony.hangup', channel: call.offer.leg });
    commands.push({ type: 'agent.release', agent: call.offer.agentId, call: call.id, at });
    commands.push({ type: 'dispatch.request' });
  }
  if (call.phase === 'connected' && call.peer) {
    if (endedBy !== call.peer.kind) commands.push({ type: 'telephony.hangup', channel: call.peer.leg });
    if (call.peer.kind === 'agent') {
      commands.push({ type: 'agent.release', agent: call.peer.agentId, call: call.id, at });
      commands.push({ type: 'dispatch.request' });
    }
  }
  if (endedBy !== 'caller') commands.push({ type: 'telephony.hangup', channel: call.callerChannel });
  if (call.bridge) commands.push({ type: 'telephony.destroy-bridge', bridge: call.bridge });
  const offers =
    call.phase === 'offering' && call.offer
      ? markLastOffer(call.offers, 'cancelled')
      : call.offers;
  const { offer: _offer, ...rest } = cancelled.call;
  const next: Call = {
    ...rest,
    phase: 'ended',
    outcome,
    endedBy,
    offers,
    times: { ...call.times, ...(call.phase === 'town-ringing' ? { townRingEndedAt: at } : {}), endedAt: at },
  };
  return { next, commands };
}

export function markLastOffer(offers: Call['offers'], result: Call['offers'][number]['result']): Call['offers'] {
  const last = offers[offers.length - 1];
  return last ? [...offers.slice(0, -1), { ...last, result }] : offers;
}

