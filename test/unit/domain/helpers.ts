/**
 * Builders for the domain tests: one deployment, one call, events by name, and `play` to run an
 * event script through decide(). Everything here is pure; time is whatever the events say.
 */
import { arrive, type Arrival } from '../../../src/domain/arrive.js';
import type { Call, CallPolicy, LegFailReason, TimerState } from '../../../src/domain/call.js';
import { agentLegId, citizenLegId, townLegId } from '../../../src/domain/call.js';
import type { Command, CommandType } from '../../../src/domain/commands.js';
import { decide, type Decision } from '../../../src/domain/decide.js';
import type { CallEvent } from '../../../src/domain/events.js';
import {
  agentId,
  callId,
  channelId,
  endpointName,
  townId,
  type AgentId,
  type ChannelId,
  type TownId,
} from '../../../src/domain/ids.js';

/** Monday 3 March 2025, 10:00 in Berlin: the call arrives. */
export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0);
export const TOWN_RING_MS = 20_000;
export const ANNOUNCE_EVERY_MS = 45_000;
export const CALLBACK_KEY_MS = 20_000;
export const TRANSFER_RING_MS = 20_000;
/** The queue routing of a call the deployment asks nothing special for: band 0, any agent. */
export const NO_ROUTING = { priority: 0, steps: [] as const };
export const AGENT_RING_MS = 15_000;

export const CALL = callId('call-1');
export const CALLER = channelId('1741000000.42');
/** A town with two phones. */
export const QUICKBORN = townId('quickborn');
/** A town in the deployment without any phone. */
export const HASLOH = townId('hasloh');
export const ANNA = agentId('agent-1');
export const BEN = agentId('agent-2');
/** An agent id the assignment produced but the deployment does not know (removed on reload). */
export const GHOST = agentId('agent-gone');

export const policy: CallPolicy = {
  agentRingTimeoutMs: AGENT_RING_MS,
  towns: {
    quickborn: {
      phones: [endpointName('quickborn-1'), endpointName('quickborn-2')],
      overflowTimeoutMs: TOWN_RING_MS,
      mode: 'ring-first',
      maxRinging: null,
      isOpen: () => true,
    },
    hasloh: { phones: [], overflowTimeoutMs: TOWN_RING_MS, mode: 'ring-first', maxRinging: null, isOpen: () => true },
  },
  agentEndpoints: { 'agent-1': endpointName('agent-1'), 'agent-2': endpointName('agent-2') },
  centerOpen: () => true,
  announceEveryMs: ANNOUNCE_EVERY_MS,
  closedMessageMaxMs: 60_000,
  maxWaitMs: null,
  whenQueueFull: 'callback',
  callbackKeyMs: CALLBACK_KEY_MS,
  callbackRingMs: 30_000,
  callbackOffer: null,
  callbackAttempts: 1,
  callbackRetryMs: 600_000,
  resumeWithinMs: null,
  transferRingMs: TRANSFER_RING_MS,
};

export const townLeg = (index: number): ChannelId => townLegId(CALL, index);
export const agentLeg = (attempt: number): ChannelId => agentLegId(CALL, attempt);
/** A leg of some other call: nothing this call should act on, except hanging it up if it answers. */
export const FOREIGN_LEG = channelId('call-9~agent~1');

export function arrival(entry: '115' | TownId, at: number = T0, over: Partial<Arrival> = {}): Arrival {
  return {
    id: CALL,
    at,
    entry: entry === '115' ? { kind: '115', townId: null } : { kind: 'town', townId: entry },
    municipality: entry === '115' ? null : entry,
    callerChannel: CALLER,
    callerHash: 'hash-of-caller',
    ...over,
  };
}

/** Events by name. */
export const ev = {
  callerHungUp: (at: number): CallEvent => ({ type: 'caller.hung-up', at }),
  callerGone: (at: number): CallEvent => ({ type: 'caller.gone', at }),
  townAnswered: (leg: ChannelId, at: number): CallEvent => ({ type: 'town.answered', leg, at }),
  townLegFailed: (leg: ChannelId, reason: LegFailReason, at: number): CallEvent => ({ type: 'town.leg-failed', leg, reason, at }),
  timerFired: (timer: Pick<TimerState, 'name' | 'token'>, at: number): CallEvent => ({ type: 'timer.fired', timer: timer.name, token: timer.token, at }),
  offerAssigned: (agent: AgentId, at: number): CallEvent => ({ type: 'offer.assigned', agentId: agent, at }),
  offerAccepted: (leg: ChannelId, at: number): CallEvent => ({ type: 'offer.accepted', leg, at }),
  offerFailed: (leg: ChannelId, reason: LegFailReason, at: number): CallEvent => ({ type: 'offer.failed', leg, reason, at }),
  peerHungUp: (leg: ChannelId, at: number): CallEvent => ({ type: 'peer.hung-up', leg, at }),
  announcementFinished: (playback: string, at: number): CallEvent => ({ type: 'announcement.finished', playback, at }),
  queueLimit: (limit: 'max-waiting' | 'max-wait', at: number): CallEvent => ({ type: 'queue.limit', limit, at }),
  dtmf: (digit: string, at: number): CallEvent => ({ type: 'dtmf', digit, at }),
  citizenAnswered: (leg: ChannelId, at: number): CallEvent => ({ type: 'citizen.answered', leg, at }),
  citizenFailed: (leg: ChannelId, reason: LegFailReason, at: number): CallEvent => ({ type: 'citizen.failed', leg, reason, at }),
};

/** The announcement playing to the caller now; the test is wrong if there is none. */
export function playbackOf(call: Call): string {
  if (!call.playback) throw new Error(`call in phase ${call.phase} plays no announcement`);
  return call.playback;
}

/** The announcement playing now has played out. */
export const finish = (call: Call): CallEvent => ev.announcementFinished(playbackOf(call), call.times.queuedAt ?? call.times.arrivedAt);

/** The county is closed: the deployment's policy with the service center closed at every instant. */
export const closedPolicy: CallPolicy = { ...policy, centerOpen: () => false };

/** The call's running timer; the test is wrong if there is none. */
export function timerOf(call: Call): TimerState {
  if (!call.timer) throw new Error(`call in phase ${call.phase} has no running timer`);
  return call.timer;
}

/** The call's running timer fires on time. */
export const fire = (call: Call): CallEvent => {
  const t = timerOf(call);
  return ev.timerFired(t, t.dueAt);
};

export type ScriptEvent = CallEvent | ((call: Call) => CallEvent);

export interface Played {
  readonly event: CallEvent;
  readonly before: Call;
  readonly decision: Decision;
  readonly after: Call;
}

export interface Script {
  /** The call after the last event. */
  readonly call: Call;
  readonly steps: readonly Played[];
  /** Every command given, the arrival's first, in order. */
  readonly commands: readonly Command[];
}

/** Runs events through decide(); an ignored event leaves the call as it was, but its commands count. */
export function play(start: Call | { readonly next: Call; readonly commands: readonly Command[] }, events: readonly ScriptEvent[], p: CallPolicy = policy): Script {
  let call = 'next' in start ? start.next : start;
  const commands: Command[] = 'next' in start ? [...start.commands] : [];
  const steps: Played[] = [];
  for (const e of events) {
    const event = typeof e === 'function' ? e(call) : e;
    const decision = decide(call, event, p);
    const after = decision.kind === 'next' ? decision.next : call;
    steps.push({ event, before: call, decision, after });
    commands.push(...decision.commands);
    call = after;
  }
  return { call, steps, commands };
}

/** The commands of one step. */
export const commandsOf = (step: Played | undefined): readonly Command[] => step?.decision.commands ?? [];

export const types = (commands: readonly Command[]): CommandType[] => commands.map((c) => c.type);

export function ofType<T extends CommandType>(commands: readonly Command[], type: T): Extract<Command, { type: T }>[] {
  return commands.filter((c): c is Extract<Command, { type: T }> => c.type === type);
}

export const count = (commands: readonly Command[], type: CommandType): number => ofType(commands, type).length;

// Calls in each phase, reached by the events that lead there in real life (never hand-assembled),
// so a fixture cannot be in a state decide() would never produce.

/** Quickborn's two phones ring; the caller hears ringback. */
export const townRinging = (): Call => arrive(arrival(QUICKBORN), policy).next;

/** Quickborn did not answer in 20 s: the caller waits in the county queue, hearing the greeting. */
export const queuedAfterTown = (): Call => play(townRinging(), [fire]).call;

/** The greeting has played; music on hold until the first position announcement. */
export const queuedOnHold = (): Call => play(queuedAfterTown(), [finish]).call;

/** 45 s on: the caller hears their position and estimated wait. */
export const queuedHearingPosition = (): Call => play(queuedOnHold(), [fire]).call;

/** The queue was full when the caller joined: the callback is offered (key 1). */
export const queuedOfferedCallback = (): Call => play(queuedOnHold(), [ev.queueLimit('max-waiting', QUEUED_AT + 1_000)]).call;
/** The caller pressed 1: the request waits at the caller's place; the confirmation plays. */
export const callbackWaiting = (): Call => play(queuedOfferedCallback(), [ev.dtmf('1', QUEUED_AT + 5_000)]).call;
/** The request reached the head: Anna's phone rings with the callback task. */
export const offeringCallbackToAnna = (): Call => play(callbackWaiting(), [finish, ev.offerAssigned(ANNA, CALLBACK_ASSIGNED_AT)]).call;
/** Anna took the task: the citizen's phone rings. */
export const callbackDialing = (): Call => play(offeringCallbackToAnna(), [ev.offerAccepted(agentLeg(1), CALLBACK_ASSIGNED_AT + 3_000)]).call;
/** The citizen answered: Anna and the citizen talk. */
/** The citizen answered and hears the greeting; the agent is connected when it has played. */
export const greetingCitizen = (): Call => play(callbackDialing(), [ev.citizenAnswered(citizenLegId(CALL, 1), CALLBACK_ASSIGNED_AT + 9_000)]).call;
export const connectedCallback = (): Call => play(greetingCitizen(), [finish]).call;
/** The first try did not reach the citizen: the request waits for its next try, outside the queue. */
export const callbackRetryWaiting = (p: CallPolicy): Call => play(callbackDialing(), [ev.citizenFailed(citizenLegId(CALL, 1), 'busy', CALLBACK_ASSIGNED_AT + 9_000)], p).call;

/** 115 dialled outside the county's hours: the caller hears when it is open. */
export const closedMessage115 = (): Call => arrive(arrival('115'), closedPolicy).next;

/** A 115 call waiting in the queue. */
export const queued115 = (): Call => arrive(arrival('115'), policy).next;

export const ASSIGNED_AT = T0 + TOWN_RING_MS + 1_000;
/** When the Quickborn call entered the queue (the town ring timed out). */
export const QUEUED_AT = T0 + TOWN_RING_MS;
export const CALLBACK_ASSIGNED_AT = QUEUED_AT + 600_000;
export const ACCEPTED_AT = ASSIGNED_AT + 5_000;

/** Anna's phone rings for the overflowed Quickborn call (attempt 1). */
export const offeringToAnna = (): Call => play(queuedAfterTown(), [ev.offerAssigned(ANNA, ASSIGNED_AT)]).call;

/** Anna did not answer: the call is back at the head of the queue. */
export const requeuedAfterAnna = (): Call => play(offeringToAnna(), [fire]).call;

/** Anna's ring timer runs out at this instant; Ben is assigned a moment later. */
export const ANNA_TIMEOUT_AT = ASSIGNED_AT + AGENT_RING_MS;
export const BEN_ASSIGNED_AT = ANNA_TIMEOUT_AT + 10;

/** After Anna did not answer, Ben's phone rings (attempt 2). */
export const offeringToBen = (): Call => play(requeuedAfterAnna(), [ev.offerAssigned(BEN, BEN_ASSIGNED_AT)]).call;

/** Anna talks with the caller. */
export const connectedWithAnna = (): Call => play(offeringToAnna(), [ev.offerAccepted(agentLeg(1), ACCEPTED_AT)]).call;

export const TOWN_ANSWERED_AT = T0 + 8_000;

/** Quickborn's first phone answered: the caller talks with the town hall. */
export const connectedWithTown = (): Call => play(townRinging(), [ev.townAnswered(townLeg(0), TOWN_ANSWERED_AT)]).call;

/** Anna talked with the caller, who then hung up. */
export const endedAfterAnna = (): Call => play(connectedWithAnna(), [ev.callerHungUp(ACCEPTED_AT + 120_000)]).call;
