import type { Call, CallPolicy, ClosedTaker, EndedBy, LegFailReason, Outcome, OverflowReason, TimerName } from './call.js';
import { SOUNDS } from './announcements.js';
import { agentLegId, enqueueCommand, playbackIdFor, queueArrivalOf, routingAt } from './call.js';
import type { AgentId, ChannelId } from './ids.js';
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

/**
 * The call goes to the county. Open: hang up the town's phones, answer, play the greeting (music on
 * hold follows it), enqueue, and schedule the first position announcement. Closed: the caller hears
 * the service hours and the call ends.
 */
export function overflow(call: Call, at: number, reason: OverflowReason, policy: CallPolicy): Step {
  if (!policy.centerOpen(at)) {
    // A handed-over caller never goes round the network again.
    const taker = call.fromPartner ? null : (policy.partnerWhenClosed?.(at, call.municipality) ?? null);
    if (taker) return handOverClosed(call, at, reason, taker);
    return finalMessage({ ...call, overflowReason: reason }, at, SOUNDS.closed, 'closed', policy, { waiting: false });
  }
  const cancelled = cancelTimer(call);
  const played = startPlayback(cancelled.call);
  const timed = startTimer(played.call, 'announce', nextAnnounceAt(at, at, policy));
  const next: Call = {
    ...timed.call,
    phase: 'queued',
    overflowReason: reason,
    routing: routingAt(call.routingRequest, at),
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
      enqueueCommand(next, false),
      ...cancelled.commands,
      ...townHangups(call),
      { type: 'telephony.answer', channel: call.callerChannel },
      // A caller who called again to keep their place hears so instead of the greeting.
      { type: 'telephony.play', channel: call.callerChannel, playback: played.playback, sounds: [call.resumedFrom ? SOUNDS.resumed : SOUNDS.greeting] },
      timed.command,
      { type: 'dispatch.request' },
    ],
  };
}

/**
 * The center is closed and a partner on the platform takes its callers meanwhile: the caller goes
 * there at once (the town hall's phones stop ringing), as a waiting caller handed over would.
 */
function handOverClosed(call: Call, at: number, reason: OverflowReason, taker: ClosedTaker): Step {
  const cancelled = cancelTimer(call);
  return {
    next: {
      ...cancelled.call,
      phase: 'ended',
      overflowReason: reason,
      outcome: 'handed-over',
      endedBy: 'system',
      handedOver: { center: taker.partner, trigger: 'closed', at },
      times: { ...call.times, ...(call.phase === 'town-ringing' ? { townRingEndedAt: at } : {}), endedAt: at },
    },
    commands: [
      ...cancelled.commands,
      ...townHangups(call),
      {
        type: 'telephony.hand-over',
        channel: call.callerChannel,
        to: taker.to,
        handover: { center: taker.center, entry: call.entry.kind, trigger: 'closed', arrivedAt: queueArrivalOf(call), overflowReason: reason, municipality: taker.municipality },
      },
    ],
  };
}

/**
 * The last thing the caller hears (the county's hours, or that the queue is full): answer if not
 * yet, leave the queue, play it; the call ends when it has played (or after closedMessageMaxMs).
 */
export function finalMessage(
  call: Call,
  at: number,
  sound: string,
  outcome: 'closed' | 'queue-full' | 'no-agent',
  policy: CallPolicy,
  /** waiting: the caller was answered and is in the queue (with music), not arriving. */
  how: { readonly waiting: boolean },
): Step {
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const played = startPlayback(cancelled.call);
  const timed = startTimer(played.call, 'final-message', at + policy.closedMessageMaxMs);
  const { limitOffer: _offer, ...rest } = timed.call;
  return {
    next: {
      ...rest,
      phase: 'final-message',
      finalOutcome: outcome,
      times: { ...call.times, ...(call.phase === 'town-ringing' ? { townRingEndedAt: at } : {}) },
    },
    commands: [
      ...quiet.commands,
      ...cancelled.commands,
      ...(call.phase === 'town-ringing' ? townHangups(call) : []),
      ...(how.waiting
        ? [{ type: 'queue.remove' as const, call: call.id }, { type: 'telephony.stop-moh' as const, channel: call.callerChannel }]
        : [{ type: 'telephony.answer' as const, channel: call.callerChannel }]),
      { type: 'telephony.play', channel: call.callerChannel, playback: played.playback, sounds: [sound] },
      timed.command,
    ],
  };
}

/**
 * When a queued caller next hears position and wait: every announceEveryMs, but no later than the
 * moment the call reaches the county's longest wait (then the queue-full fallback is due).
 */
export function nextAnnounceAt(queuedAt: number, at: number, policy: CallPolicy): number {
  const regular = at + policy.announceEveryMs;
  if (policy.maxWaitMs === null) return regular;
  const limit = queuedAt + policy.maxWaitMs;
  return limit > at ? Math.min(regular, limit) : regular;
}

/** A new playback id for the call, remembered as the one playing now. */
export function startPlayback(call: Call): { call: Call; playback: string } {
  const seq = (call.playbackSeq ?? 0) + 1;
  const playback = playbackIdFor(call.id, seq);
  return { call: { ...call, playbackSeq: seq, playback }, playback };
}

/** Stops the announcement playing now, if any; the caller hears music on hold instead (unless `music` is false). */
export function stopPlayback(call: Call, music = true): { call: Call; commands: Command[] } {
  if (!call.playback) return { call, commands: [] };
  const { playback, ...rest } = call;
  return {
    call: rest,
    commands: [
      { type: 'telephony.stop-playback', playback },
      ...(music ? [{ type: 'telephony.start-moh' as const, channel: call.callerChannel }] : []),
    ],
  };
}

const townHangups = (call: Call): Command[] =>
  (call.townRing?.legs ?? [])
    .filter((leg) => !call.townRing?.failedLegs.includes(leg))
    .map((channel) => ({ type: 'telephony.hangup', channel }));

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
  if (call.phase === 'queued' || call.phase === 'callback-waiting') commands.push({ type: 'queue.remove', call: call.id });
  if ((call.phase === 'offering' || call.phase === 'callback-dialing') && call.offer) {
    commands.push({ type: 'telephony.hangup', channel: call.offer.leg });
    commands.push({ type: 'agent.release', agent: call.offer.agentId, call: call.id, at });
    commands.push({ type: 'dispatch.request' });
  }
  // An agent who left a transfer in progress is gone and free already.
  if (call.phase === 'connected' && call.peer && !call.transfer?.agentGone) {
    if (endedBy !== call.peer.kind) commands.push({ type: 'telephony.hangup', channel: call.peer.leg });
    if (call.peer.kind === 'agent') {
      commands.push({ type: 'agent.release', agent: call.peer.agentId, call: call.id, at });
      commands.push({ type: 'dispatch.request' });
    }
  }
  // On a callback the citizen's leg is the caller's; the channel they first called on is gone.
  const callerLeg = call.callback ? call.callback.citizenLeg : call.callerChannel;
  if (endedBy !== 'caller' && callerLeg) commands.push({ type: 'telephony.hangup', channel: callerLeg });
  if (call.bridge) commands.push({ type: 'telephony.destroy-bridge', bridge: call.bridge });
  if (call.callback) commands.push({ type: 'callback.forget-number', call: call.id });
  const offers =
    call.phase === 'offering' && call.offer
      ? markLastOffer(call.offers, 'cancelled')
      : call.offers;
  const { offer: _offer, playback: _playback, limitOffer: _limitOffer, transfer: _transfer, ...rest } = cancelled.call;
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

/**
 * Rings the assigned agent's phone for the call. `prepared` is the call with whatever must stop
 * first already stopped (announcements, timers), `before` the commands that stop it. Null when the
 * agent is not in the deployment (see unknownAgentCommands).
 */
export function offerTo(
  call: Call,
  prepared: Call,
  agent: AgentId,
  at: number,
  policy: CallPolicy,
  before: readonly Command[],
  callerChannel: ChannelId | null,
): Step | null {
  const endpoint = Object.hasOwn(policy.agentEndpoints, agent) ? policy.agentEndpoints[agent] : undefined;
  if (!endpoint) return null;
  const attempt = call.offers.length + 1;
  const leg = agentLegId(call.id, attempt);
  const timed = startTimer(prepared, 'offer', at + policy.agentRingTimeoutMs);
  return {
    next: {
      ...timed.call,
      phase: 'offering',
      offer: { agentId: agent, leg, attempt },
      offers: [...call.offers, { agentId: agent, at, result: 'no-answer' }],
      times: { ...call.times, offeredAt: call.times.offeredAt ?? at },
    },
    commands: [...before, { type: 'telephony.dial', role: 'agent', leg, endpoint, callerChannel }, timed.command],
  };
}

/** An assigned agent the deployment does not know (removed on reload): paused, the call back at the head. */
export const unknownAgentCommands = (call: Call, agent: AgentId, at: number): Command[] => [
  { type: 'agent.pause', agent, call: call.id, reason: 'unreachable', at },
  enqueueCommand(call, true),
  { type: 'dispatch.request' },
];

export function markLastOffer(offers: Call['offers'], result: Call['offers'][number]['result']): Call['offers'] {
  const last = offers[offers.length - 1];
  return last ? [...offers.slice(0, -1), { ...last, result }] : offers;
}

