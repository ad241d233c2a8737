/** decide() table rows: queue limits, the callback request, and the callback task. */
import type { Call } from '../../../src/domain/call.js';
import { citizenLegId } from '../../../src/domain/call.js';
import type { CallEventType } from '../../../src/domain/events.js';
import { arrive } from '../../../src/domain/arrive.js';
import { BRIDGE, NOW, hangup, release, type PhaseLabel, type Row } from './decide-table.js';
import {
  ANNA,
  BEN,
  CALL,
  CALLER,
  T0,
  agentLeg,
  arrival,
  callbackDialing,
  callbackWaiting,
  closedMessage115,
  closedPolicy,
  callbackRetryWaiting,
  finish,
  greetingCitizen,
  connectedCallback,
  connectedWithAnna,
  connectedWithTown,
  endedAfterAnna,
  ev,
  fire,
  offeringCallbackToAnna,
  offeringToAnna,
  policy,
  queuedOfferedCallback,
  queuedOnHold,
  townLeg,
  townRinging,
} from './helpers.js';

const CITIZEN = citizenLegId(CALL, 1);

/** A sign-language 115 call waiting for an agent with dgs and a video phone, still hearing the greeting. */
const queuedNeedingDgs = (): Call => arrive(arrival('115', T0, { routing: { priority: 0, steps: [{ skills: { dgs: 1, video: 1 }, forMs: null }] } }), policy).next;

export const rowsCallback: Row[] = [
  // ── queued: a queue limit, the callback offer, key 1 ────────────────────────────────────────────
  {
    phase: 'queued', event: 'queue.limit (max-waiting: the callback is offered)', given: queuedOnHold, when: () => ev.queueLimit('max-waiting', NOW),
    then: { phase: 'queued', call: { limitOffer: { limit: 'max-waiting', at: NOW } } },
    commands: ['timer.cancel', 'telephony.stop-moh', 'telephony.play', 'timer.start'],
    including: [{ type: 'telephony.play', channel: CALLER, playback: `${CALL}~play~2`, sounds: ['overflow/queue-full'] }],
  },
  {
    phase: 'queued', event: 'queue.limit (max-wait, the greeting still playing)', given: () => queuedOfferedCallback(), when: () => ev.queueLimit('max-wait', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: "queue.limit (whenQueueFull 'end': the announcement, then the call ends)", given: queuedOnHold, when: () => ev.queueLimit('max-waiting', NOW),
    policy: { ...policy, whenQueueFull: 'end' },
    then: { phase: 'final-message', call: { finalOutcome: 'queue-full' } },
    commands: ['timer.cancel', 'queue.remove', 'telephony.stop-moh', 'telephony.play', 'timer.start'],
  },
  {
    phase: 'queued', event: 'dtmf (1: the caller asks for a callback)', given: queuedOfferedCallback, when: () => ev.dtmf('1', NOW),
    then: { phase: 'callback-waiting', call: { callback: { requestedAt: NOW, limit: 'max-waiting', attempt: 0 } } },
    commands: ['telephony.stop-playback', 'timer.cancel', 'callback.keep-number', 'telephony.play'],
    including: [
      { type: 'callback.keep-number', call: CALL, channel: CALLER },
      { type: 'telephony.play', channel: CALLER, playback: `${CALL}~play~3`, sounds: ['overflow/callback-confirmed'] },
    ],
  },
  {
    phase: 'queued', event: 'dtmf (1, no callback offered)', given: queuedOnHold, when: () => ev.dtmf('1', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'dtmf (another key)', given: queuedOfferedCallback, when: () => ev.dtmf('5', NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'queued', event: 'timer.fired (no key in time: the call ends as queue-full)', given: queuedOfferedCallback, when: fire,
    then: { phase: 'ended', call: { outcome: 'queue-full', endedBy: 'system' } },
    commands: ['timer.cancel', 'queue.remove', 'telephony.hangup'], including: [hangup(CALLER)],
  },
  {
    phase: 'queued', event: 'offer.assigned (while the callback is offered: connected after all)', given: queuedOfferedCallback, when: () => ev.offerAssigned(ANNA, NOW),
    then: { phase: 'offering' },
    commands: ['timer.cancel', 'telephony.stop-playback', 'telephony.start-moh', 'telephony.dial', 'timer.start'],
  },

  {
    phase: 'queued', event: 'skills.unavailable (needs never widen: nobody can take it, the caller is told)', given: queuedNeedingDgs, when: () => ({ type: 'skills.unavailable', at: NOW }),
    then: { phase: 'final-message', call: { finalOutcome: 'no-agent' } },
    commands: ['telephony.stop-playback', 'timer.cancel', 'queue.remove', 'telephony.stop-moh', 'telephony.play', 'timer.start'],
    including: [{ type: 'telephony.play', channel: CALLER, playback: `${CALL}~play~2`, sounds: ['overflow/no-agent'] }],
  },

  // ── callback-waiting: the request keeps the caller's place ─────────────────────────────────────
  {
    phase: 'callback-waiting', event: 'announcement.finished (the confirmation: the caller is hung up)', given: callbackWaiting, when: (c) => ev.announcementFinished(c.playback ?? '', NOW),
    then: { phase: 'callback-waiting' }, commands: ['telephony.hangup'], including: [hangup(CALLER)],
  },
  {
    phase: 'callback-waiting', event: 'caller.hung-up (as expected)', given: callbackWaiting, when: () => ev.callerHungUp(NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'callback-waiting', event: 'offer.assigned (the callback task rings the agent, with no caller to present)', given: callbackWaiting, when: () => ev.offerAssigned(ANNA, NOW),
    then: { phase: 'offering', call: { offer: { agentId: ANNA, leg: agentLeg(1), attempt: 1 } } },
    // The confirmation still plays: the caller is hung up now, the task does not wait for it.
    commands: ['telephony.hangup', 'telephony.dial', 'timer.start'],
    including: [{ type: 'telephony.dial', role: 'agent', leg: agentLeg(1), endpoint: policy.agentEndpoints['agent-1']!, callerChannel: null }],
  },
  {
    phase: 'offering', event: 'offer.accepted (callback task: the citizen is rung)', given: offeringCallbackToAnna, when: () => ev.offerAccepted(agentLeg(1), NOW),
    then: { phase: 'callback-dialing', call: { callback: { citizenLeg: CITIZEN, attempt: 1 } } },
    commands: ['timer.cancel', 'agent.connected', 'telephony.play', 'telephony.dial-callback', 'timer.start'],
    including: [{ type: 'telephony.dial-callback', leg: CITIZEN, call: CALL }],
  },
  {
    phase: 'offering', event: 'caller.hung-up (callback task: the old caller channel)', given: offeringCallbackToAnna, when: () => ev.callerHungUp(NOW),
    then: 'ignored', commands: [],
  },
  {
    phase: 'offering', event: 'timer.fired (callback task: Anna does not answer, the request goes back)', given: offeringCallbackToAnna, when: fire,
    then: { phase: 'callback-waiting' },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.pause', 'queue.enqueue', 'dispatch.request'],
  },

  // ── callback-dialing: Anna waits while the citizen's phone rings ────────────────────────────────
  {
    phase: 'callback-dialing', event: 'citizen.answered (the citizen hears who calls and why)', given: callbackDialing, when: () => ev.citizenAnswered(CITIZEN, NOW),
    then: { phase: 'callback-dialing', call: { callback: { greeting: true, attempts: [{ at: NOW, result: 'answered' }] }, times: { answeredAt: NOW } } },
    commands: ['telephony.stop-playback', 'timer.cancel', 'telephony.play', 'timer.start'],
    including: [{ type: 'telephony.play', channel: CITIZEN, playback: `${CALL}~play~5`, sounds: ['overflow/callback-greeting'] }],
  },
  {
    phase: 'callback-dialing', event: 'announcement.finished (the greeting has played: citizen and agent talk)', given: greetingCitizen, when: finish,
    then: { phase: 'connected', call: { peer: { kind: 'agent', agentId: ANNA, leg: agentLeg(1) }, bridge: BRIDGE } },
    commands: ['telephony.stop-playback', 'timer.cancel', 'telephony.bridge'],
    including: [{ type: 'telephony.bridge', bridge: BRIDGE, channels: [CITIZEN, agentLeg(1)] }],
  },
  {
    phase: 'callback-dialing', event: 'timer.fired (the greeting never reports its end: connected anyway)', given: greetingCitizen, when: fire,
    then: { phase: 'connected' },
    commands: ['telephony.stop-playback', 'timer.cancel', 'telephony.bridge'],
  },
  {
    phase: 'callback-dialing', event: 'citizen.failed (hung up during the greeting)', given: greetingCitizen, when: () => ev.citizenFailed(CITIZEN, 'failed', NOW),
    then: { phase: 'ended', call: { outcome: 'abandoned', endedBy: 'caller' } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'dispatch.request', 'callback.forget-number'],
    including: [release(ANNA, NOW)],
  },
  {
    phase: 'callback-dialing', event: 'citizen.failed (busy, tries left: the agent is freed, the next try after the pause)', given: callbackDialing,
    when: () => ev.citizenFailed(CITIZEN, 'busy', NOW), policy: { ...policy, callbackAttempts: 3 },
    then: { phase: 'callback-waiting', call: { callback: { attempts: [{ at: NOW, result: 'busy' }] }, timer: { name: 'callback-retry', dueAt: NOW + policy.callbackRetryMs } } },
    commands: ['telephony.stop-playback', 'timer.cancel', 'telephony.hangup', 'telephony.hangup', 'agent.release', 'dispatch.request', 'timer.start'],
    including: [hangup(CITIZEN), hangup(agentLeg(1)), release(ANNA, NOW)],
  },
  {
    phase: 'callback-waiting', event: 'timer.fired (the pause is over: back in the queue at the caller\'s place)', given: () => callbackRetryWaiting({ ...policy, callbackAttempts: 3 }),
    when: fire, policy: { ...policy, callbackAttempts: 3 },
    then: { phase: 'callback-waiting' },
    commands: ['queue.enqueue', 'dispatch.request'],
    including: [{ type: 'queue.enqueue', call: CALL, arrivedAt: T0, atHead: false, routing: { priority: 0, steps: [] } }],
  },
  {
    phase: 'callback-waiting', event: 'timer.fired (the pause is over but the center is closed: the try waits for the opening)', given: () => callbackRetryWaiting({ ...policy, callbackAttempts: 3 }),
    when: fire, policy: { ...closedPolicy, callbackAttempts: 3 },
    then: { phase: 'callback-waiting', call: { timer: { name: 'callback-retry' } } },
    commands: ['timer.start'],
  },
  {
    phase: 'callback-dialing', event: 'citizen.failed (busy)', given: callbackDialing, when: () => ev.citizenFailed(CITIZEN, 'busy', NOW),
    then: { phase: 'ended', call: { outcome: 'callback-unanswered', endedBy: 'system' } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'dispatch.request', 'telephony.hangup', 'callback.forget-number'],
    including: [release(ANNA, NOW), { type: 'callback.forget-number', call: CALL }],
  },
  {
    phase: 'callback-dialing', event: 'timer.fired (the citizen does not answer)', given: callbackDialing, when: fire,
    then: { phase: 'ended', call: { outcome: 'callback-unanswered' } },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'dispatch.request', 'telephony.hangup', 'callback.forget-number'],
  },
  {
    phase: 'callback-dialing', event: 'peer.hung-up (Anna gives up the task: the request goes back to the head)', given: callbackDialing, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: { phase: 'callback-waiting' },
    commands: ['timer.cancel', 'telephony.hangup', 'agent.release', 'queue.enqueue', 'dispatch.request'],
    including: [hangup(CITIZEN), release(ANNA, NOW)],
  },
  {
    phase: 'callback-dialing', event: 'offer.assigned (another agent)', given: callbackDialing, when: () => ev.offerAssigned(BEN, NOW),
    then: 'ignored', commands: ['agent.release', 'dispatch.request'],
  },
  {
    phase: 'callback-dialing', event: 'citizen.answered (a stray leg)', given: callbackDialing, when: () => ev.citizenAnswered(citizenLegId(CALL, 9), NOW),
    then: 'ignored', commands: ['telephony.hangup'],
  },
  {
    phase: 'connected (agent)', event: 'peer.hung-up (after a callback: the citizen is hung up, the number erased)', given: connectedCallback, when: () => ev.peerHungUp(agentLeg(1), NOW),
    then: { phase: 'ended', call: { outcome: 'answered-by-agent', endedBy: 'agent' } },
    commands: ['agent.release', 'dispatch.request', 'telephony.hangup', 'telephony.destroy-bridge', 'callback.forget-number'],
    including: [hangup(CITIZEN)],
  },
];

/** Events a phase has no use for: each is ignored, and commands nothing (or hangs up a stray leg). */
const strays: { phase: PhaseLabel; given: () => Call; types: CallEventType[] }[] = [
  { phase: 'town-ringing', given: townRinging, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'queued', given: queuedOnHold, types: ['citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'offering', given: offeringToAnna, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'connected (agent)', given: connectedWithAnna, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'connected (town)', given: connectedWithTown, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'final-message', given: closedMessage115, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  { phase: 'ended', given: endedAfterAnna, types: ['queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'] },
  {
    phase: 'callback-waiting',
    given: callbackWaiting,
    types: ['caller.gone', 'town.answered', 'town.leg-failed', 'timer.fired', 'offer.accepted', 'offer.failed', 'peer.hung-up', 'queue.limit', 'dtmf', 'citizen.answered', 'citizen.failed', 'skills.unavailable'],
  },
  {
    phase: 'callback-dialing',
    given: callbackDialing,
    types: ['caller.hung-up', 'caller.gone', 'town.answered', 'town.leg-failed', 'offer.accepted', 'offer.failed', 'announcement.finished', 'queue.limit', 'dtmf', 'skills.unavailable'],
  },
];

const strayEvent = (type: CallEventType) => {
  const leg = citizenLegId(CALL, 7);
  switch (type) {
    case 'caller.hung-up':
      return ev.callerHungUp(NOW);
    case 'caller.gone':
      return ev.callerGone(NOW);
    case 'town.answered':
      return ev.townAnswered(townLeg(0), NOW);
    case 'town.leg-failed':
      return ev.townLegFailed(townLeg(0), 'busy', NOW);
    case 'timer.fired':
      return ev.timerFired({ name: 'offer', token: 'stale' }, NOW);
    case 'offer.assigned':
      return ev.offerAssigned(BEN, NOW);
    case 'offer.accepted':
      return ev.offerAccepted(agentLeg(1), NOW);
    case 'offer.failed':
      return ev.offerFailed(agentLeg(9), 'busy', NOW);
    case 'peer.hung-up':
      return ev.peerHungUp(agentLeg(9), NOW);
    case 'announcement.finished':
      return ev.announcementFinished('another~play~1', NOW);
    case 'queue.limit':
      return ev.queueLimit('max-wait', NOW);
    case 'dtmf':
      return ev.dtmf('1', NOW);
    case 'citizen.answered':
      return ev.citizenAnswered(leg, NOW);
    case 'citizen.failed':
      return ev.citizenFailed(leg, 'busy', NOW);
    case 'skills.unavailable':
      return { type: 'skills.unavailable' as const, at: NOW };
    case 'transfer.requested':
    case 'transfer.completed':
    case 'transfer.cancelled':
    case 'worker.answered':
    case 'worker.failed':
      throw new Error(`${type}: see decide-rows-transfer.ts`);
    case 'partner.take':
      throw new Error(`${type}: see decide-rows-partner.ts`);
  }
};

/** A stray answer of a leg the call does not use is hung up; everything else commands nothing. */
const strayCommands = (type: CallEventType, phase: PhaseLabel): Row['commands'] => {
  if (type === 'citizen.answered' || (type === 'town.answered' && phase === 'callback-waiting')) return ['telephony.hangup'];
  if (type === 'offer.accepted' && (phase === 'callback-waiting' || phase === 'callback-dialing')) {
    return phase === 'callback-waiting' ? ['telephony.hangup'] : [];
  }
  if (type === 'town.answered' && phase === 'callback-dialing') return ['telephony.hangup'];
  return [];
};

export const rowsStray: Row[] = strays.flatMap(({ phase, given, types }) =>
  types.map((type): Row => ({ phase, event: `${type} (stray)`, given, when: () => strayEvent(type), then: 'ignored', commands: strayCommands(type, phase) })),
);
