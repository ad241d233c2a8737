/**
 * decide() rows for `partner.take`: a partner center takes a waiting caller. Only a caller waiting
 * in the queue goes (the call ends here as handed over, the channel moves to the partner's ARI
 * application with the handover); in every other phase, and while a callback is being offered,
 * the event is ignored and nothing is done.
 */
import type { Call } from '../../../src/domain/call.js';
import type { CallEvent } from '../../../src/domain/events.js';
import { NOW, type PhaseLabel, type Row } from './decide-table.js';
import {
  CALLER,
  QUEUED_AT,
  callbackDialing,
  callbackWaiting,
  closedMessage115,
  closedPolicy,
  fire,
  connectedWithAnna,
  connectedWithTown,
  endedAfterAnna,
  offeringToAnna,
  queuedHearingPosition,
  queuedOfferedCallback,
  queuedOnHold,
  townLeg,
  townRinging,
} from './helpers.js';

const handover = { center: 'kreis-pinneberg', entry: 'town' as const, trigger: 'waited' as const, arrivedAt: QUEUED_AT - 20_000, overflowReason: 'town-no-answer' as const, municipality: { id: 'quickborn', name: 'Stadt Quickborn' } };
const take = (): CallEvent => ({ type: 'partner.take', at: NOW, partner: 'kreis-segeberg', to: { kind: 'app', app: 'overflow-segeberg' }, handover });

const ignoredIn = (phase: PhaseLabel, given: () => Call): Row => ({ phase, event: 'partner.take', given, when: take, then: 'ignored', commands: [] });

export const rowsPartner: readonly Row[] = [
  {
    phase: 'queued',
    event: 'partner.take (on hold)',
    given: queuedOnHold,
    when: take,
    then: { phase: 'ended', call: { outcome: 'handed-over', endedBy: 'system', handedOver: { center: 'kreis-segeberg', trigger: 'waited', at: NOW }, times: { endedAt: NOW } } },
    commands: ['queue.remove', 'timer.cancel', 'telephony.stop-moh', 'telephony.hand-over'],
    including: [{ type: 'telephony.hand-over', channel: CALLER, to: { kind: 'app', app: 'overflow-segeberg' }, handover }],
  },
  {
    phase: 'queued',
    event: 'partner.take (hearing the position)',
    given: queuedHearingPosition,
    when: take,
    then: { phase: 'ended', call: { outcome: 'handed-over' } },
    commands: ['queue.remove', 'telephony.stop-playback', 'timer.cancel', 'telephony.stop-moh', 'telephony.hand-over'],
  },
  {
    phase: 'queued',
    event: 'partner.take (offered a callback: the caller is pressing a key)',
    given: queuedOfferedCallback,
    when: take,
    then: 'ignored',
    commands: [],
  },
  {
    phase: 'town-ringing',
    event: 'timer.fired (nobody at the town hall, the center closed, a partner takes callers meanwhile)',
    given: townRinging,
    when: fire,
    policy: { ...closedPolicy, partnerWhenClosed: () => ({ partner: 'kreis-segeberg', to: { kind: 'app', app: 'overflow-segeberg' }, center: 'kreis-pinneberg', municipality: { id: 'quickborn', name: 'Stadt Quickborn' } }) },
    then: { phase: 'ended', call: { outcome: 'handed-over', overflowReason: 'town-no-answer', handedOver: { center: 'kreis-segeberg', trigger: 'closed' } } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.hangup', 'telephony.hand-over'],
    including: [{ type: 'telephony.hangup', channel: townLeg(0) }],
  },
  ignoredIn('town-ringing', townRinging),
  ignoredIn('offering', offeringToAnna),
  ignoredIn('connected (agent)', connectedWithAnna),
  ignoredIn('connected (town)', connectedWithTown),
  ignoredIn('final-message', closedMessage115),
  ignoredIn('callback-waiting', callbackWaiting),
  ignoredIn('callback-dialing', callbackDialing),
  ignoredIn('ended', endedAfterAnna),
];
