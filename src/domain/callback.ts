import { SOUNDS } from './announcements.js';
import type { Call, CallbackReason, CallPolicy, Offer, QueueLimit } from './call.js';
import { citizenLegId, enqueueCommand } from './call.js';
import type { Command } from './commands.js';
import { ignored, next, type Decision } from './decision.js';
import type { CoreEvent } from './events.js';
import { cancelTimer, end, finalMessage, markLastOffer, offerTo, startPlayback, startTimer, stopPlayback, unknownAgentCommands, type Step } from './transitions.js';
import { attemptFailed, connectAfterGreeting, greetCitizen, mayAskForCallback, retryDue } from './callback-attempts.js';

/**
 * A waiting caller ran into a queue limit. `end`: the queue-full announcement, then the call ends.
 * `callback`: the announcement offers a callback (key 1) and the caller keeps their place; without
 * a key within callbackKeyMs the call ends as `queue-full`.
 */
export function limitReached(call: Call, at: number, limit: QueueLimit, policy: CallPolicy): Decision {
  if (call.limitOffer) return ignored('callback already offered');
  if (call.callback) return ignored('a callback is already asked for');
  // Nobody to call back: a withheld number hears the announcement without the offer.
  if (policy.whenQueueFull === 'end' || call.callerWithheld) return next(finalMessage(call, at, SOUNDS.queueFullNoCallback, 'queue-full', policy, { waiting: true }));
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const played = startPlayback(cancelled.call);
  const timed = startTimer(played.call, 'callback-key', at + policy.callbackKeyMs);
  return next({
    next: { ...timed.call, limitOffer: { limit, at } },
    commands: [
      ...quiet.commands,
      ...cancelled.commands,
      // After a playback stopped for this one, music is off already; otherwise it stops here.
      ...(quiet.commands.length === 0 ? [{ type: 'telephony.stop-moh' as const, channel: call.callerChannel }] : []),
      {
        type: 'telephony.play',
        channel: call.callerChannel,
        playback: played.playback,
        sounds: [limit === 'max-waiting' ? SOUNDS.queueFull : SOUNDS.callbackOffer],
      },
      timed.command,
    ],
  });
}

/**
 * Key 1 while a callback is offered (at a queue limit), or at any time while waiting when the
 * deployment offers callbacks to waiting callers: the number is kept, the caller hears the
 * confirmation and is hung up; the request keeps the caller's place in the queue.
 */
export function keyPressed(call: Call, digit: string, at: number, policy: CallPolicy): Decision {
  const anyTime = policy.callbackOffer !== null && mayAskForCallback(call);
  if (!call.limitOffer && !anyTime) return ignored(call.callerWithheld ? 'no callback for a withheld number' : 'no callback offered');
  if (digit !== '1') return ignored(`key ${digit} is not 1`);
  const reason: CallbackReason = call.limitOffer?.limit ?? 'long-wait';
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const played = startPlayback(cancelled.call);
  const { limitOffer: _offer, ...rest } = played.call;
  return next({
    next: { ...rest, phase: 'callback-waiting', callback: { requestedAt: at, limit: reason, attempt: 0 } },
    commands: [
      ...quiet.commands,
      ...cancelled.commands,
      { type: 'callback.keep-number', call: call.id, channel: call.callerChannel },
      { type: 'telephony.play', channel: call.callerChannel, playback: played.playback, sounds: [SOUNDS.callbackConfirmed] },
    ],
  });
}

/** No key in time: the announcement said to call again later; the call ends. */
export function noKey(call: Call, at: number): Decision {
  return next(end({ ...call, phase: 'queued' }, at, 'queue-full', 'system'));
}

/** The request waits in the queue at the caller's place; the caller's own channel goes. */
export function callbackWaiting(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  switch (e.type) {
    case 'announcement.finished':
      if (e.playback !== call.playback) return ignored('another announcement');
      {
        const { playback: _done, ...rest } = call;
        return next({ next: rest, commands: [{ type: 'telephony.hangup', channel: call.callerChannel }] });
      }
    case 'offer.assigned': {
      // A callback task: no caller on the line, the agent's phone just rings. Still hearing the
      // confirmation, the caller is hung up now: the task does not wait for it.
      const { playback, ...rest } = call;
      const before: Command[] = playback ? [{ type: 'telephony.hangup', channel: call.callerChannel }] : [];
      const step = offerTo(call, rest, e.agentId, e.at, policy, before, null);
      return step ? next(step) : ignored('agent not in the deployment', unknownAgentCommands(call, e.agentId, e.at));
    }
    case 'caller.hung-up':
    case 'caller.gone':
      return ignored('the caller hung up after asking for a callback, as expected');
    case 'town.answered':
    case 'offer.accepted':
    case 'citizen.answered':
      return ignored(`${e.type} while a callback waits`, [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'timer.fired':
      if (e.token !== call.timer?.token || call.timer.name !== 'callback-retry') return ignored('stale timer');
      return next(retryDue(call, e.at, policy));
    case 'town.leg-failed':
    case 'offer.failed':
    case 'peer.hung-up':
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored(`${e.type} while a callback waits`);
  }
}

/** The agent answered the callback task: ring the citizen; the agent hears ringing meanwhile. */
export function acceptCallbackTask(call: Call, offer: Offer, at: number, policy: CallPolicy): Step {
  const callback = call.callback;
  const attempt = (callback?.attempt ?? 0) + 1;
  const citizenLeg = citizenLegId(call.id, attempt);
  const cancelled = cancelTimer(call);
  const { offer: _answered, ...rest } = cancelled.call;
  const timed = startTimer({ ...rest, offer }, 'callback-ring', at + policy.callbackRingMs);
  const played = startPlayback(timed.call);
  return {
    next: {
      ...played.call,
      phase: 'callback-dialing',
      agentId: offer.agentId,
      offers: markLastOffer(call.offers, 'accepted'),
      ...(callback ? { callback: { ...callback, citizenLeg, attempt } } : {}),
    },
    commands: [
      ...cancelled.commands,
      { type: 'agent.connected', agent: offer.agentId, call: call.id, at },
      { type: 'telephony.play', channel: offer.leg, playback: played.playback, sounds: ['tone:ring'] },
      { type: 'telephony.dial-callback', leg: citizenLeg, call: call.id },
      timed.command,
    ],
  };
}

/** The agent waits on the line while the citizen's phone rings. */
export function callbackDialing(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  const offer = call.offer;
  const citizenLeg = call.callback?.citizenLeg;
  if (!offer || !citizenLeg) return ignored('callback dialling without an agent or a citizen leg');
  switch (e.type) {
    case 'citizen.answered':
      if (e.leg !== citizenLeg) return ignored('another citizen leg', [{ type: 'telephony.hangup', channel: e.leg }]);
      if (call.callback?.greeting) return ignored('duplicate answer');
      return next(greetCitizen(call, citizenLeg, e.at));
    case 'citizen.failed':
      if (e.leg !== citizenLeg) return ignored('another citizen leg');
      // Hung up while being greeted: they were reached, and left before the agent came on.
      if (call.callback?.greeting) return next(end(call, e.at, 'abandoned', 'caller'));
      return next(attemptFailed(call, offer, e.at, e.reason, policy));
    case 'timer.fired':
      if (e.token !== call.timer?.token) return ignored('stale timer');
      if (call.callback?.greeting) return next(connectAfterGreeting(call, offer, citizenLeg));
      return next(attemptFailed(call, offer, e.at, 'no-answer', policy));
    case 'peer.hung-up':
    case 'offer.failed': {
      if (e.leg !== offer.leg) return ignored('another leg');
      // The agent gave up the task before the citizen answered: the request goes back to the head.
      const quiet = stopPlayback(call, false);
      const cancelled = cancelTimer(quiet.call);
      const { offer: _o, ...rest } = cancelled.call;
      const back: Call = { ...rest, phase: 'callback-waiting' };
      const commands: Command[] = [
        ...cancelled.commands,
        { type: 'telephony.hangup', channel: citizenLeg },
        { type: 'agent.release', agent: offer.agentId, call: call.id, at: e.at },
        enqueueCommand(back, true),
        { type: 'dispatch.request' },
      ];
      return next({ next: back, commands });
    }
    case 'announcement.finished':
      if (e.playback !== call.playback) return ignored('another announcement');
      if (call.callback?.greeting) return next(connectAfterGreeting(call, offer, citizenLeg));
      {
        const { playback: _done, ...rest } = call;
        return next({ next: rest, commands: [] });
      }
    case 'offer.assigned':
      if (e.agentId === offer.agentId) return ignored('duplicate assignment');
      return ignored('callback already taken', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'town.answered':
    case 'offer.accepted':
      if (e.leg === offer.leg) return ignored('duplicate answer');
      return ignored('late answer of another leg', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'caller.hung-up':
    case 'caller.gone':
    case 'town.leg-failed':
    case 'queue.limit':
    case 'dtmf':
    case 'skills.unavailable':
      return ignored(`${e.type} while calling the citizen back`);
  }
}
