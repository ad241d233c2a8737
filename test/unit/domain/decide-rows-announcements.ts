/** decide() table rows: what the caller hears while waiting, and the closed message. */
import { NOW, release, type Row } from './decide-table.js';
import {
  ANNA,
  CALL,
  CALLER,
  agentLeg,
  closedMessage115,
  connectedWithAnna,
  connectedWithTown,
  endedAfterAnna,
  ev,
  fire,
  offeringToAnna,
  playbackOf,
  queuedAfterTown,
  queuedHearingPosition,
  queuedOnHold,
  timerOf,
  townLeg,
  townRinging,
} from './helpers.js';

const moh = { type: 'telephony.start-moh', channel: CALLER } as const;

export const rowsAnnouncements: readonly Row[] = [
  // ── while queued: greeting, then music, then position and wait every 45 s ─────────────────────────
  {
    phase: 'queued', event: 'announcement.finished (the greeting)', given: queuedAfterTown, when: (c) => ev.announcementFinished(playbackOf(c), NOW),
    then: { phase: 'queued' }, commands: ['telephony.start-moh'], including: [moh],
  },
  {
    phase: 'queued', event: 'announcement.finished (an earlier one, stopped)', given: queuedOnHold, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'timer.fired (announce: position and wait)', given: queuedOnHold, when: fire,
    then: { phase: 'queued', call: { playback: `${CALL}~play~2` } },
    commands: ['telephony.stop-moh', 'telephony.announce-queue-status', 'timer.start'],
    including: [{ type: 'telephony.announce-queue-status', channel: CALLER, playback: `${CALL}~play~2`, call: CALL }],
  },
  {
    phase: 'queued', event: 'timer.fired (announce, while the greeting still plays)', given: queuedAfterTown, when: fire,
    then: { phase: 'queued', call: { playback: `${CALL}~play~1` } },
    commands: ['timer.start'],
  },
  {
    phase: 'queued', event: 'offer.assigned (while the position is announced)', given: queuedHearingPosition, when: () => ev.offerAssigned(ANNA, NOW),
    then: { phase: 'offering' },
    // Nothing is announced while the caller is being connected.
    commands: ['timer.cancel', 'telephony.stop-playback', 'telephony.start-moh', 'telephony.dial', 'timer.start'],
    including: [{ type: 'telephony.stop-playback', playback: `${CALL}~play~2` }, moh],
  },
  {
    phase: 'offering', event: 'announcement.finished (the one stopped for the offer)', given: offeringToAnna, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'town-ringing', event: 'announcement.finished', given: townRinging, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'announcement.finished', given: connectedWithAnna, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'announcement.finished', given: connectedWithTown, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'ended', event: 'announcement.finished', given: endedAfterAnna, when: () => ev.announcementFinished(`${CALL}~play~1`, NOW),
    then: 'ignored', commands: [],
  },

  // ── final-message: 115 outside the county's hours ─────────────────────────────────────────────
  {
    phase: 'final-message', event: 'announcement.finished (the closed message played out)', given: closedMessage115, when: (c) => ev.announcementFinished(playbackOf(c), NOW),
    then: { phase: 'ended', call: { outcome: 'closed', endedBy: 'system', overflowReason: 'direct-115' } },
    commands: ['timer.cancel', 'telephony.hangup'], including: [{ type: 'telephony.hangup', channel: CALLER }],
  },
  {
    phase: 'final-message', event: 'announcement.finished (another playback)', given: closedMessage115, when: () => ev.announcementFinished('other~play~1', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'final-message', event: 'caller.hung-up', given: closedMessage115, when: () => ev.callerHungUp(NOW),
    then: { phase: 'ended', call: { outcome: 'closed', endedBy: 'caller' } }, commands: ['timer.cancel'],
  },
  {
    phase: 'final-message', event: 'caller.gone', given: closedMessage115, when: () => ev.callerGone(NOW),
    then: { phase: 'ended', call: { outcome: 'closed', endedBy: 'caller' } }, commands: ['timer.cancel'],
  },
  {
    phase: 'final-message', event: 'timer.fired (the message never ended)', given: closedMessage115, when: fire,
    then: { phase: 'ended', call: { outcome: 'closed', endedBy: 'system' } }, commands: ['timer.cancel', 'telephony.hangup'],
  },
  {
    phase: 'final-message', event: 'timer.fired (stale)', given: closedMessage115, when: (c) => ev.timerFired({ name: 'announce', token: `${timerOf(c).token}-old` }, NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'final-message', event: 'offer.assigned', given: closedMessage115, when: () => ev.offerAssigned(ANNA, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'], including: [release(ANNA, NOW)],
  },
  {
    phase: 'final-message', event: 'town.answered (late)', given: closedMessage115, when: () => ev.townAnswered(townLeg(0), NOW),
    then: 'ignored', commands: ['telephony.hangup'],
  },
  {
    phase: 'final-message', event: 'town.leg-failed', given: closedMessage115, when: () => ev.townLegFailed(townLeg(0), 'busy', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'final-message', event: 'offer.accepted (a stray leg)', given: closedMessage115, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: 'ignored', commands: ['telephony.hangup'],
  },
  {
    phase: 'final-message', event: 'offer.failed', given: closedMessage115, when: () => ev.offerFailed(agentLeg(1), 'busy', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'final-message', event: 'peer.hung-up', given: closedMessage115, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: 'ignored', commands: [],
  },
];

