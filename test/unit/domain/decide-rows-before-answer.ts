/** decide() table rows: the town rings, the caller waits in the queue, an agent's phone rings. */
import { endpointName } from '../../../src/domain/ids.js';
import { BRIDGE, NOW, hangup, offerTimer, release, townRingTimer, townRingingLeg0Busy, unknownTimer, type Row } from './decide-table.js';
import {
  AGENT_RING_MS,
  ANNA,
  NO_ROUTING,
  ANNOUNCE_EVERY_MS,
  ASSIGNED_AT,
  BEN,
  CALL,
  CALLER,
  FOREIGN_LEG,
  GHOST,
  T0,
  agentLeg,
  ev,
  fire,
  offeringToAnna,
  offeringToBen,
  queuedAfterTown,
  requeuedAfterAnna,
  townLeg,
  townRinging,
} from './helpers.js';

export const rowsBeforeAnswer: readonly Row[] = [
  // ── town-ringing: Quickborn's two phones ring, the caller hears ringback ──────────────────────
  {
    phase: 'town-ringing', event: 'caller.hung-up', given: townRinging, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller' } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.hangup'],
    including: [{ type: 'timer.cancel', token: townRingTimer.token }, hangup(townLeg(0)), hangup(townLeg(1))],
  },
  {
    phase: 'town-ringing', event: 'caller.gone', given: townRinging, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller' } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.hangup'],
  },
  {
    phase: 'town-ringing', event: 'town.answered (one of its legs)', given: townRinging, when: () => ev.townAnswered(townLeg(1), NOW),
    then: { phase: 'connected', call: { peer: { kind: 'town', leg: townLeg(1) }, bridge: BRIDGE } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.answer', 'telephony.bridge'],
    including: [hangup(townLeg(0)), { type: 'telephony.answer', channel: CALLER }, { type: 'telephony.bridge', bridge: BRIDGE, channels: [CALLER, townLeg(1)] }],
  },
  {
    phase: 'town-ringing', event: 'town.answered (after its other phone failed)', given: townRingingLeg0Busy, when: () => ev.townAnswered(townLeg(1), NOW),
    then: { phase: 'connected' },
    // The busy phone is gone already: nothing to hang up.
    commands: ['timer.cancel', 'telephony.answer', 'telephony.bridge'],
  },
  {
    phase: 'town-ringing', event: 'town.answered (leg of another call)', given: townRinging, when: () => ev.townAnswered(FOREIGN_LEG, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'town.leg-failed (one phone busy, the other still rings)', given: townRinging, when: () => ev.townLegFailed(townLeg(0), 'busy', NOW),
    then: { phase: 'town-ringing', call: { townRing: { failedLegs: [townLeg(0)], failReasons: ['busy'] }, timer: townRingTimer } },
    commands: [],
  },
  {
    phase: 'town-ringing', event: 'town.leg-failed (the last phone: all busy)', given: townRingingLeg0Busy, when: () => ev.townLegFailed(townLeg(1), 'busy', NOW),
    then: { phase: 'queued', call: { overflowReason: 'town-busy' } },
    commands: ['queue.enqueue', 'timer.cancel', 'telephony.answer', 'telephony.play', 'timer.start', 'dispatch.request'],
    including: [{ type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: false, routing: NO_ROUTING }],
  },
  {
    phase: 'town-ringing', event: 'town.leg-failed (the last phone: busy + unreachable)', given: townRingingLeg0Busy, when: () => ev.townLegFailed(townLeg(1), 'unreachable', NOW),
    then: { phase: 'queued', call: { overflowReason: 'town-unreachable' } },
    commands: ['queue.enqueue', 'timer.cancel', 'telephony.answer', 'telephony.play', 'timer.start', 'dispatch.request'],
  },
  {
    phase: 'town-ringing', event: 'town.leg-failed (duplicate)', given: townRingingLeg0Busy, when: () => ev.townLegFailed(townLeg(0), 'busy', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'town.leg-failed (leg of another call)', given: townRinging, when: () => ev.townLegFailed(FOREIGN_LEG, 'busy', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'timer.fired (current token)', given: townRinging, when: fire,
    then: { phase: 'queued', call: { overflowReason: 'town-no-answer', times: { arrivedAt: T0, townRingStartedAt: T0, townRingEndedAt: townRingTimer.dueAt, queuedAt: townRingTimer.dueAt } } },
    commands: ['queue.enqueue', 'timer.cancel', 'telephony.hangup', 'telephony.hangup', 'telephony.answer', 'telephony.play', 'timer.start', 'dispatch.request'],
    including: [
      hangup(townLeg(0)),
      hangup(townLeg(1)),
      // The greeting first; music on hold follows when it has played.
      { type: 'telephony.play', channel: CALLER, playback: 'call-1~play~1', sounds: ['overflow/greeting'] },
      { type: 'timer.start', name: 'announce', dueAt: townRingTimer.dueAt + ANNOUNCE_EVERY_MS, token: 'call-1:announce:2' },
      { type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: false, routing: NO_ROUTING },
    ],
  },
  {
    phase: 'town-ringing', event: 'timer.fired (stale token)', given: townRinging, when: () => ev.timerFired(unknownTimer, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'offer.assigned', given: townRinging, when: () => ev.offerAssigned(ANNA, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(ANNA, NOW)],
  },
  {
    phase: 'town-ringing', event: 'offer.accepted', given: townRinging, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'offer.failed', given: townRinging, when: () => ev.offerFailed(agentLeg(1), 'busy', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'peer.hung-up', given: townRinging, when: () => ev.peerHungUp(townLeg(0), NOW),
    then: 'ignored', commands: [],
  },

  // ── queued: the Quickborn call overflowed and waits with music on hold ──────────────────────────
  {
    phase: 'queued', event: 'caller.hung-up', given: queuedAfterTown, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller', times: { endedAt: NOW } } },
    commands: ['timer.cancel', 'queue.remove'], including: [{ type: 'queue.remove', call: CALL }],
  },
  {
    phase: 'queued', event: 'caller.gone', given: queuedAfterTown, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller' } },
    commands: ['timer.cancel', 'queue.remove'],
  },
  {
    phase: 'queued', event: 'town.answered (a town phone, after the overflow)', given: queuedAfterTown, when: () => ev.townAnswered(townLeg(0), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(townLeg(0))],
  },
  {
    phase: 'queued', event: 'town.leg-failed (late)', given: queuedAfterTown, when: () => ev.townLegFailed(townLeg(1), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'timer.fired (the town ring timer again)', given: queuedAfterTown, when: () => ev.timerFired(townRingTimer, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'timer.fired (the offer timer of an unanswered offer, again)', given: requeuedAfterAnna, when: () => ev.timerFired(offerTimer, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'offer.assigned (agent in the deployment)', given: queuedAfterTown, when: () => ev.offerAssigned(ANNA, NOW),
    then: { phase: 'offering', call: { offer: { agentId: ANNA, leg: agentLeg(1), attempt: 1 }, times: { offeredAt: NOW }, timer: { name: 'offer', dueAt: NOW + AGENT_RING_MS } } },
    // The greeting still plays: it stops, music on hold instead, while Anna's phone rings.
    commands: ['timer.cancel', 'telephony.stop-playback', 'telephony.start-moh', 'telephony.dial', 'timer.start'],
    including: [
      { type: 'telephony.stop-playback', playback: 'call-1~play~1' },
      { type: 'telephony.dial', role: 'agent', leg: agentLeg(1), endpoint: endpointName('agent-1'), callerChannel: CALLER },
    ],
  },
  {
    phase: 'queued', event: 'offer.assigned (second attempt, after an unanswered offer)', given: requeuedAfterAnna, when: () => ev.offerAssigned(BEN, NOW),
    then: { phase: 'offering', call: { offer: { agentId: BEN, leg: agentLeg(2), attempt: 2 }, times: { offeredAt: ASSIGNED_AT } } },
    commands: ['timer.cancel', 'telephony.dial', 'timer.start'],
  },
  {
    phase: 'queued', event: 'offer.assigned (agent unknown to the deployment)', given: queuedAfterTown, when: () => ev.offerAssigned(GHOST, NOW),
    then: 'ignored', commands: ['agent.pause', 'queue.enqueue', 'dispatch.request'],
    including: [
      { type: 'agent.pause', agent: GHOST, call: CALL, reason: 'unreachable', at: NOW },
      { type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: true, routing: NO_ROUTING },
    ],
  },
  {
    phase: 'queued', event: 'offer.accepted (an old offer leg answers late)', given: requeuedAfterAnna, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(agentLeg(1))],
  },
  {
    phase: 'queued', event: 'offer.failed (an old offer leg, late)', given: requeuedAfterAnna, when: () => ev.offerFailed(agentLeg(1), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'peer.hung-up', given: requeuedAfterAnna, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: 'ignored', commands: [],
  },

  // ── offering: Anna's phone rings (attempt 1), or Ben's after Anna did not answer (attempt 2) ──────
  {
    phase: 'offering', event: 'caller.hung-up', given: offeringToAnna, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller', offers: [{ agentId: ANNA, at: ASSIGNED_AT, result: 'cancelled' }] } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'dispatch.request'],
    including: [{ type: 'timer.cancel', token: offerTimer.token }, hangup(agentLeg(1)), release(ANNA, NOW)],
  },
  {
    phase: 'offering', event: 'caller.gone', given: offeringToAnna, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller' } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'dispatch.request'],
  },
  {
    phase: 'offering', event: 'town.answered (a town phone, after the overflow)', given: offeringToAnna, when: () => ev.townAnswered(townLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(townLeg(1))],
  },
  {
    phase: 'offering', event: 'town.leg-failed (late)', given: offeringToAnna, when: () => ev.townLegFailed(townLeg(1), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: 'timer.fired (current token: Anna does not answer)', given: offeringToAnna, when: fire,
    then: { phase: 'queued', call: { offers: [{ agentId: ANNA, at: ASSIGNED_AT, result: 'no-answer' }] } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.pause', 'queue.enqueue', 'timer.start', 'dispatch.request'],
    including: [
      hangup(agentLeg(1)),
      { type: 'agent.pause', agent: ANNA, call: CALL, reason: 'no-answer', at: offerTimer.dueAt },
      { type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: true, routing: NO_ROUTING },
    ],
  },
  {
    phase: 'offering', event: 'timer.fired (stale token: the town ring timer)', given: offeringToAnna, when: () => ev.timerFired(townRingTimer, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: "timer.fired (stale token: Anna's timer while Ben rings)", given: offeringToBen, when: () => ev.timerFired(offerTimer, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: 'offer.assigned (another agent)', given: offeringToAnna, when: () => ev.offerAssigned(BEN, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(BEN, NOW)],
  },
  {
    // A second delivery of the assignment that made this offer. The ringing agent must stay offered:
    // releasing her makes her available (and assignable) while her phone rings for this call.
    phase: 'offering', event: 'offer.assigned (duplicate: the agent already ringing)', given: offeringToAnna, when: () => ev.offerAssigned(ANNA, ASSIGNED_AT),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: 'offer.accepted (the current leg)', given: offeringToAnna, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: { phase: 'connected', call: { peer: { kind: 'agent', agentId: ANNA, leg: agentLeg(1) }, agentId: ANNA, bridge: BRIDGE, times: { answeredAt: NOW } } },
    commands: ['timer.cancel', 'agent.connected', 'telephony.stop-moh', 'telephony.bridge'],
    including: [
      { type: 'agent.connected', agent: ANNA, call: CALL, at: NOW },
      { type: 'telephony.stop-moh', channel: CALLER },
      { type: 'telephony.bridge', bridge: BRIDGE, channels: [CALLER, agentLeg(1)] },
    ],
  },
  {
    phase: 'offering', event: "offer.accepted (Anna's old leg, while Ben rings)", given: offeringToBen, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(agentLeg(1))],
  },
  {
    phase: 'offering', event: 'offer.failed (the current leg: busy)', given: offeringToAnna, when: () => ev.offerFailed(agentLeg(1), 'busy', NOW),
    then: { phase: 'queued', call: { offers: [{ agentId: ANNA, at: ASSIGNED_AT, result: 'failed' }] } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.pause', 'queue.enqueue', 'timer.start', 'dispatch.request'],
    including: [{ type: 'agent.pause', agent: ANNA, call: CALL, reason: 'unreachable', at: NOW }],
  },
  {
    phase: 'offering', event: 'offer.failed (the current leg: no answer)', given: offeringToAnna, when: () => ev.offerFailed(agentLeg(1), 'no-answer', NOW),
    then: { phase: 'queued', call: { offers: [{ agentId: ANNA, at: ASSIGNED_AT, result: 'no-answer' }] } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.pause', 'queue.enqueue', 'timer.start', 'dispatch.request'],
    including: [{ type: 'agent.pause', agent: ANNA, call: CALL, reason: 'no-answer', at: NOW }],
  },
  {
    phase: 'offering', event: "offer.failed (Anna's old leg, while Ben rings)", given: offeringToBen, when: () => ev.offerFailed(agentLeg(1), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: 'peer.hung-up', given: offeringToAnna, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: 'ignored', commands: [],
  },

];
