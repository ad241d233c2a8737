/** decide() table rows: transferring the caller to a department's case worker. */
import type { Call } from '../../../src/domain/call.js';
import { workerLegId } from '../../../src/domain/call.js';
import type { CallEvent } from '../../../src/domain/events.js';
import { endpointName, townId } from '../../../src/domain/ids.js';
import { BRIDGE, NOW, hangup, release, type PhaseLabel, type Row } from './decide-table.js';
import {
  ANNA,
  CALL,
  CALLER,
  agentLeg,
  callbackDialing,
  callbackWaiting,
  closedMessage115,
  connectedWithAnna,
  connectedWithTown,
  endedAfterAnna,
  offeringToAnna,
  play,
  queuedOnHold,
  townRinging,
} from './helpers.js';

const W1 = workerLegId(CALL, 1);
const QUICKBORN = townId('quickborn');
const request = (mode: 'warm' | 'blind', at = NOW): CallEvent => ({
  type: 'transfer.requested',
  at,
  department: 'bauamt',
  townId: QUICKBORN,
  mode,
  phones: [endpointName('quickborn-bauamt')],
});
const answered = (leg = W1, at = NOW + 5_000): CallEvent => ({ type: 'worker.answered', at, leg });
const failed = (leg = W1, at = NOW + 5_000): CallEvent => ({ type: 'worker.failed', at, leg, reason: 'no-answer' });
const transferring = (mode: 'warm' | 'blind') => (): Call => play(connectedWithAnna(), [request(mode)]).call;
const consulting = (): Call => play(transferring('warm')(), [answered()]).call;

const moh = { type: 'telephony.start-moh', channel: CALLER } as const;
const callerBack = { type: 'telephony.bridge-add', bridge: BRIDGE, channel: CALLER } as const;

export const rowsTransfer: Row[] = [
  {
    phase: 'connected (agent)', event: 'transfer.requested (the caller waits with music, the case worker rings)', given: connectedWithAnna, when: () => request('warm'),
    then: { phase: 'connected', call: { transfer: { department: 'bauamt', mode: 'warm', stage: 'ringing', legs: [W1] } } },
    commands: ['telephony.bridge-remove', 'telephony.start-moh', 'telephony.dial', 'timer.start'],
    including: [{ type: 'telephony.bridge-remove', bridge: BRIDGE, channel: CALLER }, moh, { type: 'telephony.dial', role: 'worker', leg: W1, endpoint: endpointName('quickborn-bauamt'), callerChannel: CALLER }],
  },
  {
    phase: 'connected (agent)', event: 'worker.answered (warm: the agent talks with the case worker first)', given: transferring('warm'), when: () => answered(),
    then: { phase: 'connected', call: { transfer: { stage: 'consulting', answeredLeg: W1 }, peer: { kind: 'agent' } } },
    commands: ['timer.cancel', 'telephony.bridge-add'], including: [{ type: 'telephony.bridge-add', bridge: BRIDGE, channel: W1 }],
  },
  {
    phase: 'connected (agent)', event: 'transfer.completed (warm: the caller joins the case worker, the agent leaves for wrap-up)', given: consulting, when: () => ({ type: 'transfer.completed', at: NOW + 9_000 }),
    then: { phase: 'connected', call: { peer: { kind: 'case-worker', leg: W1, department: 'bauamt' }, transfers: [{ department: 'bauamt', mode: 'warm', result: 'connected' }] } },
    commands: ['telephony.hangup', 'disposition.file', 'agent.release', 'dispatch.request', 'telephony.stop-moh', 'telephony.bridge-add'],
    including: [hangup(agentLeg(1)), { type: 'disposition.file', call: CALL, agent: ANNA, outcome: 'transferred', department: 'bauamt', at: NOW + 9_000 }, release(ANNA, NOW + 9_000), callerBack],
  },
  {
    phase: 'connected (agent)', event: 'worker.answered (blind: the caller is put through at once)', given: transferring('blind'), when: () => answered(),
    then: { phase: 'connected', call: { peer: { kind: 'case-worker', leg: W1 } } },
    commands: ['timer.cancel', 'telephony.hangup', 'disposition.file', 'agent.release', 'dispatch.request', 'telephony.bridge-add', 'telephony.stop-moh', 'telephony.bridge-add'],
  },
  {
    phase: 'connected (agent)', event: 'worker.failed (nobody at the department: the caller is back with the agent)', given: transferring('blind'), when: () => failed(),
    then: { phase: 'connected', call: { peer: { kind: 'agent' }, transfers: [{ result: 'no-answer' }] } },
    commands: ['timer.cancel', 'telephony.stop-moh', 'telephony.bridge-add'], including: [callerBack],
  },
  {
    phase: 'connected (agent)', event: 'timer.fired (the case worker does not answer in time)', given: transferring('warm'), when: (c) => ({ type: 'timer.fired', at: c.timer!.dueAt, timer: 'transfer-ring', token: c.timer!.token }),
    then: { phase: 'connected', call: { transfers: [{ result: 'no-answer' }] } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.stop-moh', 'telephony.bridge-add'], including: [hangup(W1), callerBack],
  },
  {
    phase: 'connected (agent)', event: 'transfer.cancelled (the agent takes the caller back)', given: consulting, when: () => ({ type: 'transfer.cancelled', at: NOW + 8_000 }),
    then: { phase: 'connected', call: { transfers: [{ result: 'cancelled' }] } },
    commands: ['telephony.hangup', 'telephony.stop-moh', 'telephony.bridge-add'], including: [hangup(W1)],
  },
  {
    phase: 'connected (agent)', event: 'peer.hung-up (the agent hangs up while it rings: it goes on blind)', given: transferring('warm'), when: () => ({ type: 'peer.hung-up', at: NOW + 1_000, leg: agentLeg(1) }),
    then: { phase: 'connected', call: { transfer: { mode: 'blind', agentGone: true } } },
    commands: ['agent.release', 'dispatch.request'],
  },
  {
    phase: 'connected (agent)', event: 'caller.hung-up (during the transfer: every phone goes)', given: transferring('warm'), when: () => ({ type: 'caller.hung-up', at: NOW + 1_000 }),
    then: { phase: 'ended', call: { outcome: 'answered-by-agent', endedBy: 'caller' } },
    commands: ['timer.cancel', 'telephony.hangup', 'telephony.hangup', 'agent.release', 'dispatch.request', 'telephony.destroy-bridge'], including: [hangup(W1), hangup(agentLeg(1))],
  },
  {
    phase: 'connected (agent)', event: 'transfer.requested (a second one while the first rings)', given: transferring('warm'), when: () => request('blind', NOW + 1_000),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (agent)', event: 'transfer.completed (nobody answered yet)', given: transferring('warm'), when: () => ({ type: 'transfer.completed', at: NOW + 1_000 }),
    then: 'ignored', commands: [],
  },
  {
    phase: 'connected (town)', event: 'transfer.requested (a town hall call is not transferred by us)', given: connectedWithTown, when: () => request('blind'),
    then: 'ignored', commands: [],
  },
];

/** Transfer events outside a connected call are ignored; a case worker's phone that answers anyway is hung up. */
const elsewhere: { phase: PhaseLabel; given: () => Call }[] = [
  { phase: 'town-ringing', given: townRinging },
  { phase: 'queued', given: queuedOnHold },
  { phase: 'offering', given: offeringToAnna },
  { phase: 'final-message', given: closedMessage115 },
  { phase: 'callback-waiting', given: callbackWaiting },
  { phase: 'callback-dialing', given: callbackDialing },
  { phase: 'ended', given: endedAfterAnna },
];
const strayTransferEvents: CallEvent[] = [request('warm'), { type: 'transfer.completed', at: NOW }, { type: 'transfer.cancelled', at: NOW }, answered(), failed()];

export const rowsTransferStray: Row[] = [
  ...elsewhere.flatMap(({ phase, given }) =>
    strayTransferEvents.map((e): Row => ({
      phase,
      event: `${e.type} (stray)`,
      given,
      when: () => e,
      then: 'ignored',
      commands: e.type === 'worker.answered' ? ['telephony.hangup'] : [],
    })),
  ),
  // Connected without a transfer in progress: nothing to complete, cancel, or hear from.
  ...[{ type: 'transfer.completed', at: NOW } as CallEvent, { type: 'transfer.cancelled', at: NOW } as CallEvent, answered(), failed()].map(
    (e): Row => ({
      phase: 'connected (town)',
      event: `${e.type} (stray)`,
      given: connectedWithTown,
      when: () => e,
      then: 'ignored',
      commands: e.type === 'worker.answered' ? ['telephony.hangup'] : [],
    }),
  ),
];
