import type { Call, CallPolicy, LegFailReason } from './call.js';
import { bridgeIdFor, enqueueCommand, queueArrivalOf } from './call.js';
import type { Command } from './commands.js';
import { isTransferEvent, type CallEvent, type CoreEvent } from './events.js';
import { partnerTake } from './partner-take.js';
import type { AgentId, ChannelId } from './ids.js';
import { acceptCallbackTask, callbackDialing, callbackWaiting, keyPressed, limitReached, noKey } from './callback.js';
import { ignored, next, type Decision } from './decision.js';
import { agentLeftTransfer, endDuringTransfer, transferEvent, transferTimedOut } from './transfer.js';
import { SOUNDS } from './announcements.js';
import { neverWidens } from './routing-steps.js';
import { callbackOfferThreshold } from './callback-attempts.js';
import { cancelTimer, end, finalMessage, markLastOffer, nextAnnounceAt, offerTo, overflow, unknownAgentCommands, startPlayback, startTimer, stopPlayback, townFailureReason, type Step } from './transitions.js';

/**
 * The call state machine. Pure: the next state and the commands to carry out, or `ignored` with a
 * reason for late and duplicate events. `ignored` may still carry compensating commands (an agent
 * assigned to a call that has just ended must be freed again).
 */
export function decide(call: Call, event: CallEvent, policy: CallPolicy): Decision {
  if (isTransferEvent(event)) {
    if (call.phase === 'connected') return transferEvent(call, event, policy);
    // A case worker's phone answering for a call that is no longer talking must not stay up.
    return ignored(`${event.type} while ${call.phase}`, event.type === 'worker.answered' ? [{ type: 'telephony.hangup', channel: event.leg }] : []);
  }
  if (event.type === 'partner.take') return partnerTake(call, event);
  const decision = decideCore(call, event, policy);
  // The caller's Asterisk died with the call: nobody hung up, the system lost it. Said so in the record.
  if (event.type === 'caller.gone' && event.lostWith !== undefined && decision.kind === 'next' && decision.next.phase === 'ended') {
    return { ...decision, next: { ...decision.next, endedBy: 'system', lostWith: event.lostWith } };
  }
  return decision;
}

function decideCore(call: Call, event: CoreEvent, policy: CallPolicy): Decision {
  switch (call.phase) {
    case 'town-ringing':
      return townRinging(call, event, policy);
    case 'queued':
      return queued(call, event, policy);
    case 'offering':
      return offering(call, event, policy);
    case 'connected':
      return connected(call, event, policy);
    case 'final-message':
      return finalMessagePhase(call, event);
    case 'callback-waiting':
      return callbackWaiting(call, event, policy);
    case 'callback-dialing':
      return callbackDialing(call, event, policy);
    case 'ended':
      return afterEnd(call, event);
  }
}

function townRinging(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  const ring = call.townRing;
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      return next(end(call, e.at, 'abandoned', 'caller'));
    case 'timer.fired':
      if (e.token !== call.timer?.token) return ignored('stale timer');
      return next(overflow(call, e.at, 'town-no-answer', policy));
    case 'town.answered': {
      if (!ring?.legs.includes(e.leg)) return ignored('unknown town leg');
      const cancelled = cancelTimer(call);
      const others: Command[] = ring.legs
        .filter((l) => l !== e.leg && !ring.failedLegs.includes(l))
        .map((channel) => ({ type: 'telephony.hangup', channel }));
      const bridge = bridgeIdFor(call.id);
      return next({
        next: {
          ...cancelled.call,
          phase: 'connected',
          peer: { kind: 'town', leg: e.leg },
          bridge,
          times: { ...call.times, townRingEndedAt: e.at, answeredAt: e.at },
        },
        commands: [
          ...cancelled.commands,
          ...others,
          { type: 'telephony.answer', channel: call.callerChannel },
          { type: 'telephony.bridge', bridge, channels: [call.callerChannel, e.leg] },
        ],
      });
    }
    case 'town.leg-failed': {
      if (!ring?.legs.includes(e.leg)) return ignored('unknown town leg');
      if (ring.failedLegs.includes(e.leg)) return ignored('duplicate town leg failure');
      const failedLegs = [...ring.failedLegs, e.leg];
      const failReasons: LegFailReason[] = [...ring.failReasons, e.reason];
      const updated: Call = { ...call, townRing: { legs: ring.legs, failedLegs, failReasons } };
      // Every phone of the town said no (busy, unreachable): waiting out the timeout helps nobody.
      if (failedLegs.length === ring.legs.length) return next(overflow(updated, e.at, townFailureReason(failReasons), policy));
      return next({ next: updated, commands: [] });
    }
    case 'offer.assigned':
      return ignored('call is not queued', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'citizen.answered':
      return ignored('a stray callback leg', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'offer.accepted':
    case 'offer.failed':
    case 'peer.hung-up':
    case 'announcement.finished':
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored(`${e.type} while the town rings`);
  }
}

function queued(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      return next(end(call, e.at, 'abandoned', 'caller', rememberPlace(call, policy)));
    case 'offer.assigned': {
      // Nothing is announced while the caller is being connected: the announcement stops, music plays.
      const quiet = stopPlayback(call);
      const cancelled = cancelTimer(quiet.call);
      const { limitOffer: _offer, ...waiting } = cancelled.call;
      const step = offerTo(call, waiting, e.agentId, e.at, policy, [...cancelled.commands, ...quiet.commands], call.callerChannel);
      return step ? next(step) : ignored('agent not in the deployment', unknownAgentCommands(call, e.agentId, e.at));
    }
    case 'timer.fired': {
      if (e.token !== call.timer?.token) return ignored('stale timer');
      if (call.timer.name === 'callback-key') return noKey(call, e.at);
      const queuedAt = call.times.queuedAt ?? call.times.arrivedAt;
      if (policy.maxWaitMs !== null && e.at - queuedAt >= policy.maxWaitMs && !call.limitOffer) {
        return limitReached(call, e.at, 'max-wait', policy);
      }
      const timed = startTimer(call, 'announce', nextAnnounceAt(queuedAt, e.at, policy));
      // Still playing the last one (a long greeting): the next announcement comes at the next turn.
      if (call.playback) return next({ next: timed.call, commands: [timed.command] });
      const played = startPlayback(timed.call);
      return next({
        next: played.call,
        commands: [
          { type: 'telephony.stop-moh', channel: call.callerChannel },
          { type: 'telephony.announce-queue-status', channel: call.callerChannel, playback: played.playback, call: call.id, ...callbackOffer(call, e.at, policy) },
          timed.command,
        ],
      });
    }
    case 'announcement.finished':
      return announcementFinished(call, e.playback);
    case 'queue.limit':
      return limitReached(call, e.at, e.limit, policy);
    case 'dtmf':
      return keyPressed(call, e.digit, e.at, policy);
    case 'skills.unavailable':
      if (!call.routing || !neverWidens(call.routing.steps)) return ignored('the call can wait for any agent');
      return next(finalMessage(call, e.at, SOUNDS.noAgent, 'no-agent', policy, { waiting: true }));
    case 'town.answered':
      // A town phone answering after the overflow is too late: the caller is already in the queue.
      return ignored('town answered after overflow', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'town.leg-failed':
    case 'offer.accepted':
    case 'offer.failed':
    case 'peer.hung-up':
    case 'citizen.answered':
    case 'citizen.failed':
      return ignored(`${e.type} while queued`, lateLegHangup(call, e));
  }
}

/** The caller's announcement is over: music on hold again. */
function announcementFinished(call: Call, playback: string): Decision {
  if (call.playback !== playback) return ignored('another announcement');
  const { playback: _done, ...rest } = call;
  return next({ next: rest, commands: [{ type: 'telephony.start-moh', channel: call.callerChannel }] });
}

/** A leg of an earlier offer (or a stray callback leg) that answers late must not stay up. */
function lateLegHangup(call: Call, e: CallEvent): Command[] {
  if (e.type === 'offer.accepted' && e.leg !== call.offer?.leg) return [{ type: 'telephony.hangup', channel: e.leg }];
  if (e.type === 'citizen.answered') return [{ type: 'telephony.hangup', channel: e.leg }];
  return [];
}

function offering(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  const offer = call.offer;
  if (!offer) return ignored('offering without an offer');
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      // A callback task: the caller hung up on purpose after asking for it.
      if (call.callback) return ignored('the caller hung up after asking for a callback, as expected');
      return next(end(call, e.at, 'abandoned', 'caller'));
    case 'offer.accepted': {
      if (e.leg !== offer.leg) return ignored('accept from another leg', [{ type: 'telephony.hangup', channel: e.leg }]);
      if (call.callback) return next(acceptCallbackTask(call, offer, e.at, policy));
      const { offer: _answered, ...cancelled } = cancelTimer(call).call;
      const bridge = bridgeIdFor(call.id);
      return next({
        next: {
          ...cancelled,
          phase: 'connected',
          peer: { kind: 'agent', agentId: offer.agentId, leg: offer.leg },
          agentId: offer.agentId,
          bridge,
          offers: markLastOffer(call.offers, 'accepted'),
          times: { ...call.times, answeredAt: e.at },
        },
        commands: [
          ...(call.timer ? [{ type: 'timer.cancel' as const, token: call.timer.token }] : []),
          { type: 'agent.connected', agent: offer.agentId, call: call.id, at: e.at },
          { type: 'telephony.stop-moh', channel: call.callerChannel },
          { type: 'telephony.bridge', bridge, channels: [call.callerChannel, offer.leg] },
        ],
      });
    }
    case 'timer.fired':
      if (e.token !== call.timer?.token) return ignored('stale timer');
      return next(requeue(call, offer.leg, e.at, 'no-answer', policy));
    case 'offer.failed':
      if (e.leg !== offer.leg) return ignored('failure of another leg');
      return next(requeue(call, offer.leg, e.at, agentAfterFailure(e.reason), policy));
    case 'announcement.finished':
      return announcementFinished(call, e.playback);
    case 'citizen.answered':
      return ignored('a stray callback leg', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored(`${e.type} while an agent's phone rings`);
    case 'offer.assigned':
      // The same assignment delivered twice must not free the agent whose phone is ringing.
      if (e.agentId === offer.agentId) return ignored('duplicate assignment');
      return ignored('call already offered', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'town.answered':
      return ignored('town answered after overflow', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'town.leg-failed':
    case 'peer.hung-up':
      return ignored(`${e.type} while offering`);
  }
}

/**
 * What happens to the agent whose leg failed: a phone that rang out or refused is paused; a leg that
 * ended for a reason nobody knows (it vanished while the engine was away) does not blame the agent.
 */
function agentAfterFailure(reason: LegFailReason): 'no-answer' | 'unreachable' | 'release' {
  switch (reason) {
    case 'no-answer':
      return 'no-answer';
    case 'busy':
    case 'unreachable':
    case 'rejected':
      return 'unreachable';
    case 'failed':
      return 'release';
  }
}

/** The agent did not take the call: back to the head of the queue; the agent is paused (or freed). */
function requeue(call: Call, leg: ChannelId, at: number, reason: 'no-answer' | 'unreachable' | 'release', policy: CallPolicy): Step {
  const offer = call.offer;
  const cancelled = cancelTimer(call);
  // A callback request waits without a caller on the line: nothing to announce.
  const timed = call.callback ? null : startTimer(cancelled.call, 'announce', at + policy.announceEveryMs);
  const { offer: _offer, ...rest } = timed?.call ?? cancelled.call;
  const commands: Command[] = [...cancelled.commands, { type: 'telephony.hangup', channel: leg }];
  if (offer) {
    commands.push(
      reason === 'release'
        ? { type: 'agent.release', agent: offer.agentId, call: call.id, at }
        : { type: 'agent.pause', agent: offer.agentId, call: call.id, reason, at },
    );
  }
  commands.push(enqueueCommand(call, true));
  if (timed) commands.push(timed.command);
  commands.push({ type: 'dispatch.request' });
  return {
    next: { ...rest, phase: call.callback ? 'callback-waiting' : 'queued', offers: markLastOffer(call.offers, reason === 'no-answer' ? 'no-answer' : 'failed') },
    commands,
  };
}

function connected(call: Call, e: CoreEvent, policy: CallPolicy): Decision {
  const peer = call.peer;
  if (!peer) return ignored('connected without a peer');
  // A case worker took over from an agent: the agent answered the call.
  const outcome = peer.kind === 'town' ? 'answered-by-town' : 'answered-by-agent';
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      return next(endDuringTransfer(call, e.at, outcome, 'caller'));
    case 'peer.hung-up':
      if (e.leg !== peer.leg) return ignored('hangup of another leg');
      if (call.transfer) return agentLeftTransfer(call, e.at);
      if (e.unbridged && peer.kind === 'agent') return next(backToQueueUnheard(call, peer.agentId, e.at, policy));
      return next(end(call, e.at, outcome, peer.kind));
    case 'offer.assigned':
      // The agent who left a transfer was freed: a new assignment of them is not a duplicate.
      if (peer.kind === 'agent' && e.agentId === peer.agentId && !call.transfer?.agentGone) return ignored('duplicate assignment');
      return ignored('call already connected', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'town.answered':
    case 'offer.accepted':
      if (e.leg === peer.leg) return ignored('duplicate answer');
      return ignored('late answer of another leg', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'timer.fired':
      if (call.transfer && e.token === call.timer?.token) return transferTimedOut(call, e.at, policy);
      return ignored('stale timer');
    case 'citizen.answered':
      if (e.leg === call.callback?.citizenLeg) return ignored('duplicate answer');
      return ignored('a stray callback leg', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'town.leg-failed':
    case 'offer.failed':
    case 'announcement.finished':
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored(`${e.type} while connected`);
  }
}

/** The last announcement (closed, queue full) plays; the call ends when it is over. */
function finalMessagePhase(call: Call, e: CoreEvent): Decision {
  const outcome = call.finalOutcome ?? 'closed';
  switch (e.type) {
    case 'caller.hung-up':
    case 'caller.gone':
      return next(end(call, e.at, outcome, 'caller'));
    case 'announcement.finished':
      if (e.playback !== call.playback) return ignored('another announcement');
      return next(end(call, e.at, outcome, 'system'));
    case 'timer.fired':
      if (e.token !== call.timer?.token) return ignored('stale timer');
      return next(end(call, e.at, outcome, 'system'));
    case 'offer.assigned':
      return ignored('call is not queued', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'town.answered':
    case 'offer.accepted':
    case 'citizen.answered':
      return ignored('the call is ending', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'town.leg-failed':
    case 'offer.failed':
    case 'peer.hung-up':
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored(`${e.type} during the final message`);
  }
}

function afterEnd(call: Call, e: CoreEvent): Decision {
  switch (e.type) {
    case 'offer.assigned':
      return ignored('call has ended', [{ type: 'agent.release', agent: e.agentId, call: call.id, at: e.at }, { type: 'dispatch.request' }]);
    case 'town.answered':
    case 'offer.accepted':
    case 'citizen.answered':
      return ignored('call has ended', [{ type: 'telephony.hangup', channel: e.leg }]);
    case 'caller.hung-up':
    case 'caller.gone':
    case 'timer.fired':
    case 'town.leg-failed':
    case 'offer.failed':
    case 'peer.hung-up':
    case 'announcement.finished':
    case 'queue.limit':
    case 'dtmf':
    case 'citizen.failed':
    case 'skills.unavailable':
      return ignored('call has ended');
  }
}
export type { Decision } from './decision.js';

/**
 * The agent answered and left before the caller was ever bridged with them (the engine was away in
 * between): the caller has not been served, so they go back to the head of the queue, with music.
 */
function backToQueueUnheard(call: Call, agentId: AgentId, at: number, policy: CallPolicy): Step {
  const { peer: _peer, bridge: _bridge, agentId: _agent, ...rest } = call;
  const { answeredAt: _answered, ...times } = call.times;
  const timed = startTimer({ ...rest, times }, 'announce', at + policy.announceEveryMs);
  return {
    next: { ...timed.call, phase: 'queued', offers: markLastOffer(call.offers, 'failed') },
    commands: [
      { type: 'agent.release', agent: agentId, call: call.id, at },
      ...(call.bridge ? [{ type: 'telephony.destroy-bridge' as const, bridge: call.bridge }] : []),
      { type: 'telephony.start-moh', channel: call.callerChannel },
      enqueueCommand(call, true),
      timed.command,
      { type: 'dispatch.request' },
    ],
  };
}

/** The status announcement's callback offer, when the deployment offers callbacks to waiting callers. */
function callbackOffer(call: Call, at: number, policy: CallPolicy): { offerCallbackAtEstimateMs?: number } {
  const threshold = callbackOfferThreshold(call, at, policy);
  return threshold === null ? {} : { offerCallbackAtEstimateMs: threshold };
}

/** A waiting caller who hangs up keeps their place for a while, should they call again from the same number. */
function rememberPlace(call: Call, policy: CallPolicy): Command[] {
  if (policy.resumeWithinMs === null || call.callerWithheld || call.callback || call.limitOffer) return [];
  return [{ type: 'resume.remember', callerHash: call.callerHash, call: call.id, arrivedAt: queueArrivalOf(call), forMs: policy.resumeWithinMs }];
}
