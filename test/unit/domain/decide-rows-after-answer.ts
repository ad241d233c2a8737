/** decide() table rows: the caller talks with an agent or the town hall, and after the call ended. */
import { BRIDGE, NOW, hangup, offerTimer, release, townRingTimer, type Row } from './decide-table.js';
import {
  ANNA,
  ASSIGNED_AT,
  BEN,
  CALLER,
  agentLeg,
  connectedWithAnna,
  connectedWithTown,
  endedAfterAnna,
  ev,
  townLeg,
} from './helpers.js';

export const rowsAfterAnswer: readonly Row[] = [
  // ── connected (agent): Anna talks with the caller ──────────────────────────────────────────────
  {
    phase: 'connected (agent)', event: 'caller.hung-up', given: connectedWithAnna, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-agent', endedBy: 'caller', agentId: ANNA } },
    commands: ['telephony.hangup', 'agent.release', 'dispatch.request', 'telephony.destroy-bridge'],
    including: [hangup(agentLeg(1)), release(ANNA, NOW), { type: 'telephony.destroy-bridge', bridge: BRIDGE }],
  },
  {
    phase: 'connected (agent)', event: 'caller.gone', given: connectedWithAnna, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-agent', endedBy: 'caller' } },
    commands: ['telephony.hangup', 'agent.release', 'dispatch.request', 'telephony.destroy-bridge'],
  },
  {
    phase: 'connected (agent)', event: 'town.answered (a town phone, long after the overflow)', given: connectedWithAnna, when: () => ev.townAnswered(townLeg(0), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(townLeg(0))],
  },
  {
    phase: 'connected (agent)', event: 'town.leg-failed (late)', given: connectedWithAnna, when: () => ev.townLegFailed(townLeg(0), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'timer.fired (stale: the offer timer raced the answer)', given: connectedWithAnna, when: () => ev.timerFired(offerTimer, offerTimer.dueAt),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'offer.assigned (another agent)', given: connectedWithAnna, when: () => ev.offerAssigned(BEN, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(BEN, NOW)],
  },
  {
    // A second delivery of the assignment: releasing Anna makes her available while she talks.
    phase: 'connected (agent)', event: 'offer.assigned (duplicate: the agent on the call)', given: connectedWithAnna, when: () => ev.offerAssigned(ANNA, ASSIGNED_AT),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'offer.accepted (duplicate, the peer leg)', given: connectedWithAnna, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'offer.accepted (another leg)', given: connectedWithAnna, when: () => ev.offerAccepted(agentLeg(2), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(agentLeg(2))],
  },
  {
    phase: 'connected (agent)', event: 'offer.failed (late, the peer leg)', given: connectedWithAnna, when: () => ev.offerFailed(agentLeg(1), 'failed', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'peer.hung-up (Anna)', given: connectedWithAnna, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-agent', endedBy: 'agent' } },
    commands: ['agent.release', 'dispatch.request', 'telephony.hangup', 'telephony.destroy-bridge'],
    including: [release(ANNA, NOW), hangup(CALLER)],
  },
  {
    // Recovery: Anna answered and left while the engine was away, before the caller was bridged with her.
    phase: 'connected (agent)', event: 'peer.hung-up (Anna, never bridged)', given: connectedWithAnna,
    when: () => ({ ...ev.peerHungUp(agentLeg(1), NOW), unbridged: true }),
    then: { phase: 'queued', call: { offers: [{ agentId: ANNA, result: 'failed' }] } },
    commands: ['agent.release', 'telephony.destroy-bridge', 'telephony.start-moh', 'queue.enqueue', 'timer.start', 'dispatch.request'],
    including: [release(ANNA, NOW)],
  },
  {
    phase: 'connected (agent)', event: 'peer.hung-up (another leg)', given: connectedWithAnna, when: () => ev.peerHungUp(agentLeg(2), NOW),
    then: 'ignored', commands: [],
  },

  // ── connected (town): Quickborn's first phone answered ──────────────────────────────────────────
  {
    phase: 'connected (town)', event: 'caller.hung-up', given: connectedWithTown, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-town', endedBy: 'caller' } },
    commands: ['telephony.hangup', 'telephony.destroy-bridge'], including: [hangup(townLeg(0))],
  },
  {
    phase: 'connected (town)', event: 'caller.gone', given: connectedWithTown, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-town', endedBy: 'caller' } },
    commands: ['telephony.hangup', 'telephony.destroy-bridge'],
  },
  {
    phase: 'connected (town)', event: 'town.answered (duplicate, the peer leg)', given: connectedWithTown, when: () => ev.townAnswered(townLeg(0), NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'town.answered (the other phone, too late)', given: connectedWithTown, when: () => ev.townAnswered(townLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(townLeg(1))],
  },
  {
    phase: 'connected (town)', event: 'town.leg-failed (the other phone)', given: connectedWithTown, when: () => ev.townLegFailed(townLeg(1), 'no-answer', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'timer.fired (stale: the town ring timer raced the answer)', given: connectedWithTown, when: () => ev.timerFired(townRingTimer, townRingTimer.dueAt),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'offer.assigned', given: connectedWithTown, when: () => ev.offerAssigned(ANNA, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(ANNA, NOW)],
  },
  {
    phase: 'connected (town)', event: 'offer.accepted (a stray leg)', given: connectedWithTown, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(agentLeg(1))],
  },
  {
    phase: 'connected (town)', event: 'offer.failed', given: connectedWithTown, when: () => ev.offerFailed(agentLeg(1), 'failed', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'peer.hung-up (the town phone)', given: connectedWithTown, when: () => ev.peerHungUp(townLeg(0), NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-town', endedBy: 'town' } },
    commands: ['telephony.hangup', 'telephony.destroy-bridge'], including: [hangup(CALLER)],
  },
  {
    phase: 'connected (town)', event: 'peer.hung-up (the other town phone)', given: connectedWithTown, when: () => ev.peerHungUp(townLeg(1), NOW),
    then: 'ignored', commands: [],
  },

  // ── ended: Anna talked with the caller, who hung up. Everything after is late. ────────────────────
  { phase: 'ended', event: 'caller.hung-up (duplicate)', given: endedAfterAnna, when: () => ev.callerHungUp(NOW + 200_000), then: 'ignored', commands: [] },
  { phase: 'ended', event: 'caller.gone', given: endedAfterAnna, when: () => ev.callerGone(NOW + 200_000), then: 'ignored', commands: [] },
  {
    phase: 'ended', event: 'town.answered', given: endedAfterAnna, when: () => ev.townAnswered(townLeg(0), NOW + 200_000),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(townLeg(0))],
  },
  { phase: 'ended', event: 'town.leg-failed', given: endedAfterAnna, when: () => ev.townLegFailed(townLeg(0), 'busy', NOW + 200_000), then: 'ignored', commands: [] },
  { phase: 'ended', event: 'timer.fired (stale)', given: endedAfterAnna, when: () => ev.timerFired(offerTimer, NOW + 200_000), then: 'ignored', commands: [] },
  {
    phase: 'ended', event: 'offer.assigned (the assignment raced the hang-up)', given: endedAfterAnna, when: () => ev.offerAssigned(BEN, NOW + 200_000),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(BEN, NOW + 200_000)],
  },
  {
    phase: 'ended', event: 'offer.accepted', given: endedAfterAnna, when: () => ev.offerAccepted(agentLeg(2), NOW + 200_000),
    then: 'ignored', commands: ['telephony.hangup'], including: [hangup(agentLeg(2))],
  },
  { phase: 'ended', event: 'offer.failed', given: endedAfterAnna, when: () => ev.offerFailed(agentLeg(1), 'failed', NOW + 200_000), then: 'ignored', commands: [] },
  { phase: 'ended', event: 'peer.hung-up (Anna, after the caller)', given: endedAfterAnna, when: () => ev.peerHungUp(agentLeg(1), NOW + 200_000), then: 'ignored', commands: [] },
];
