import { SOUNDS } from './announcements.js';
import type { Call, CallbackAttempt, CallPolicy, LegFailReason, Offer } from './call.js';
import { bridgeIdFor, enqueueCommand } from './call.js';
import type { Command } from './commands.js';
import { cancelTimer, end, startPlayback, startTimer, stopPlayback, type Step } from './transitions.js';

/** How long the greeting may take before the agent is connected anyway (a playback that never reports its end). */
export const GREETING_MAX_MS = 30_000;
/** How far ahead the next opening is looked for (a long closure): beyond it, the search starts again then. */
const MAX_SEARCH_MS = 14 * 24 * 3600_000;
const SEARCH_STEP_MS = 60_000;

/** Whether this caller may be offered a callback at all: somebody to call back, and nothing asked for yet. */
export const mayAskForCallback = (call: Call): boolean => !call.callerWithheld && !call.callback && !call.limitOffer;

/**
 * The callback offer of a waiting caller's status announcement: offered when the estimated wait is
 * at least the returned value (0: always, the caller has waited long enough); null: not offered.
 */
export function callbackOfferThreshold(call: Call, at: number, policy: CallPolicy): number | null {
  const offer = policy.callbackOffer;
  if (!offer || !mayAskForCallback(call)) return null;
  if (offer.afterWaitMs !== null && at - call.times.arrivedAt >= offer.afterWaitMs) return 0;
  return offer.afterEstimatedWaitMs;
}

/** The first instant from `from` on (to the minute) when the service center is open; two weeks on if it stays closed that long. */
export function nextOpenAt(policy: CallPolicy, from: number): number {
  for (let t = from; t < from + MAX_SEARCH_MS; t += SEARCH_STEP_MS) if (policy.centerOpen(t)) return t;
  return from + MAX_SEARCH_MS;
}

/**
 * The citizen was not reached. While tries are left, the agent is freed and the request waits,
 * outside the queue, for its next try after the pause (within service hours); else it ends unanswered.
 */
export function attemptFailed(call: Call, offer: Offer, at: number, result: LegFailReason, policy: CallPolicy): Step {
  const callback = call.callback;
  const attempts: CallbackAttempt[] = [...(callback?.attempts ?? []), { at, result }];
  const recorded: Call = callback ? { ...call, callback: { ...callback, attempts } } : call;
  if (!callback || attempts.length >= policy.callbackAttempts) return end(recorded, at, 'callback-unanswered', 'system');
  const quiet = stopPlayback(recorded, false);
  const cancelled = cancelTimer(quiet.call);
  const { offer: _offer, ...rest } = cancelled.call;
  const { citizenLeg, ...request } = callback;
  const timed = startTimer({ ...rest, phase: 'callback-waiting', callback: { ...request, attempts } }, 'callback-retry', nextOpenAt(policy, at + policy.callbackRetryMs));
  const commands: Command[] = [
    ...quiet.commands,
    ...cancelled.commands,
    ...(citizenLeg ? [{ type: 'telephony.hangup' as const, channel: citizenLeg }] : []),
    { type: 'telephony.hangup', channel: offer.leg },
    { type: 'agent.release', agent: offer.agentId, call: call.id, at },
    { type: 'dispatch.request' },
    timed.command,
  ];
  return { next: timed.call, commands };
}

/** The pause before the next try is over: back into the queue at the caller's place, if the center is open. */
export function retryDue(call: Call, at: number, policy: CallPolicy): Step {
  if (!policy.centerOpen(at)) {
    const later = startTimer(call, 'callback-retry', nextOpenAt(policy, at + SEARCH_STEP_MS));
    return { next: later.call, commands: [later.command] };
  }
  const { timer: _timer, ...waiting } = call;
  return { next: waiting, commands: [enqueueCommand(waiting, false), { type: 'dispatch.request' }] };
}

/** The citizen answered: they hear who calls and why, then the agent (hearing the ring tone until then) is connected. */
export function greetCitizen(call: Call, citizenLeg: Call['callerChannel'], at: number): Step {
  const callback = call.callback;
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const played = startPlayback(cancelled.call);
  const timed = startTimer(played.call, 'callback-ring', at + GREETING_MAX_MS);
  const attempts: CallbackAttempt[] = [...(callback?.attempts ?? []), { at, result: 'answered' }];
  return {
    next: { ...timed.call, ...(callback ? { callback: { ...callback, attempts, greeting: true as const } } : {}), times: { ...call.times, answeredAt: at } },
    commands: [
      ...quiet.commands,
      ...cancelled.commands,
      { type: 'telephony.play', channel: citizenLeg, playback: played.playback, sounds: [SOUNDS.callbackGreeting] },
      timed.command,
    ],
  };
}

/** The greeting has played (or taken too long): the citizen and the agent talk. */
export function connectAfterGreeting(call: Call, offer: Offer, citizenLeg: Call['callerChannel']): Step {
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const { offer: _o, callback, ...rest } = cancelled.call;
  const bridge = bridgeIdFor(call.id);
  const talking: Call = { ...rest, phase: 'connected', peer: { kind: 'agent', agentId: offer.agentId, leg: offer.leg }, bridge };
  const commands: Command[] = [...quiet.commands, ...cancelled.commands, { type: 'telephony.bridge', bridge, channels: [citizenLeg, offer.leg] }];
  if (!callback) return { next: talking, commands };
  const { greeting: _greeted, ...request } = callback;
  return { next: { ...talking, callback: request }, commands };
}
