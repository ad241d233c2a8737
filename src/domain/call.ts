import type { AgentId, BridgeId, CallId, ChannelId, EndpointName, TownId } from './ids.js';
import type { BorrowTrigger } from './partner-overflow.js';
import { stepsFrom, type QueueStep, type RoutingStepRequest } from './routing-steps.js';

/** How the call reached the engine: a town hall's main number, or the 115 number. */
export type EntryKind = 'town' | '115';

/**
 * `final-message`: the caller hears a last announcement (the county is closed, or its queue is
 * full), then the call ends. `callback-waiting`: the caller asked to be called back and hung up;
 * the request keeps the call's place in the queue. `callback-dialing`: an agent took the callback
 * task and the engine rings the citizen. Every other phase is on the way to, or at, a person.
 */
export type CallPhase =
  | 'town-ringing'
  | 'queued'
  | 'offering'
  | 'connected'
  | 'final-message'
  | 'callback-waiting'
  | 'callback-dialing'
  | 'ended';

/**
 * Why a call went to the county (to its queue, or to the closed message when the county is closed):
 * - `direct-115`: dialled 115;
 * - `town-no-answer`, `town-busy`, `town-unreachable`: the town's phones were rung and did not take it;
 * - `town-unregistered`: no phone of the town hall was registered, so none was rung;
 * - `town-closed`: the town office is closed by its own hours;
 * - `switchboard`: the town's main number is answered by the county directly;
 * - `town-ring-limit`: as many calls as the town allows were already ringing there;
 * - `partner`: a partner center on the platform handed the caller over (see Call.fromPartner).
 */
export type OverflowReason =
  | 'direct-115'
  | 'town-no-answer'
  | 'town-busy'
  | 'town-unreachable'
  | 'town-unregistered'
  | 'town-closed'
  | 'switchboard'
  | 'town-ring-limit'
  | 'partner';

/**
 * `closed`: the caller reached the county outside its service hours and heard them.
 * `queue-full`: the queue was over its limits and the caller did not ask for a callback.
 * `callback-unanswered`: the agent called back, the citizen did not answer.
 * `no-agent`: the call needs skills (e.g. sign language) that no agent logged in has.
 * `handed-over`: a partner center on the platform took the waiting caller (see Call.handedOver).
 */
export type Outcome = 'answered-by-town' | 'answered-by-agent' | 'abandoned' | 'closed' | 'queue-full' | 'callback-unanswered' | 'no-agent' | 'failed' | 'handed-over';

/** Which queue limit a caller ran into: too many waiting, or waited too long. */
export type QueueLimit = 'max-waiting' | 'max-wait';
/** Why the caller was offered the callback they asked for: a queue limit, or waiting long (callback any time). */
export type CallbackReason = QueueLimit | 'long-wait';
/** One try to call the citizen back, and how it went. */
export interface CallbackAttempt {
  readonly at: number;
  readonly result: 'answered' | LegFailReason;
}

/** Who ended the call. */
export type EndedBy = 'caller' | 'agent' | 'town' | 'case-worker' | 'system';

/** `announce`: the next position/wait announcement of a queued call; `final-message`: a safety net if the message never ends. */
export type TimerName = 'town-ring' | 'offer' | 'announce' | 'final-message' | 'callback-key' | 'callback-ring' | 'callback-retry' | 'transfer-ring';

/** A timer is data: the token makes a late firing harmless, dueAt lets recovery re-arm it. */
export interface TimerState {
  readonly name: TimerName;
  readonly dueAt: number;
  readonly token: string;
}

export interface TownRing {
  readonly legs: readonly ChannelId[];
  /** Legs that ended without answering (busy, unreachable, rejected). */
  readonly failedLegs: readonly ChannelId[];
  readonly failReasons: readonly LegFailReason[];
}

export interface Offer {
  readonly agentId: AgentId;
  readonly leg: ChannelId;
  readonly attempt: number;
}

export type Peer =
  | { readonly kind: 'agent'; readonly agentId: AgentId; readonly leg: ChannelId }
  | { readonly kind: 'town'; readonly leg: ChannelId }
  /** The department's case worker the agent transferred the caller to. */
  | { readonly kind: 'case-worker'; readonly leg: ChannelId; readonly department: string; readonly townId: TownId };

/** A transfer to a department's case worker in progress: their phones ring, or (warm) the agent talks with them first. */
export interface TransferInProgress {
  readonly department: string;
  readonly townId: TownId;
  readonly mode: 'warm' | 'blind';
  readonly legs: readonly ChannelId[];
  readonly failedLegs: readonly ChannelId[];
  readonly stage: 'ringing' | 'consulting';
  /** The case worker's leg that answered. */
  readonly answeredLeg?: ChannelId;
  /** The agent hung up while it rang: if nobody answers, the caller goes back to the queue. */
  readonly agentGone?: boolean;
  readonly at: number;
}

export interface TransferRecord {
  readonly department: string;
  readonly townId: TownId;
  readonly mode: 'warm' | 'blind';
  /** When the agent asked for the transfer. */
  readonly at: number;
  /** When the caller was put through to the case worker (result `connected`). */
  readonly completedAt?: number;
  readonly result: 'connected' | 'no-answer' | 'cancelled';
}

export type LegFailReason = 'busy' | 'unreachable' | 'no-answer' | 'rejected' | 'failed';

export interface CallTimes {
  readonly arrivedAt: number;
  readonly townRingStartedAt?: number;
  readonly townRingEndedAt?: number;
  readonly queuedAt?: number;
  readonly offeredAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
}

/**
 * How the call is served from the queue: its priority band (higher first; by arrival inside a band)
 * and its routing steps, each with the skill levels it requires and the instant it ends (after the
 * last step, any agent; a last step without an end holds for as long as the call waits). No steps:
 * any agent from the start. `prefer`: among matching agents the highest levels first (else the longest idle).
 */
export interface QueueRouting {
  readonly priority: number;
  readonly steps: readonly QueueStep[];
  readonly prefer?: 'highest-level';
}

/** What the deployment asks for a call, before it is queued: the steps with their durations. */
export interface RoutingRequest {
  readonly priority: number;
  readonly steps: readonly RoutingStepRequest[];
  readonly prefer?: 'highest-level';
}

export const DEFAULT_ROUTING: RoutingRequest = { priority: 0, steps: [] };

/** One versioned record per call: the live state while it runs, the call record once it ended. */
export interface Call {
  readonly id: CallId;
  readonly version: number;
  readonly entry: { readonly kind: EntryKind; readonly townId: TownId | null };
  /**
   * The municipality the call is about: the town whose number was dialled, or for 115 the town
   * whose area-code prefix the caller's number has; null means the county itself (unknown prefix).
   */
  readonly municipality: TownId | null;
  readonly callerChannel: ChannelId;
  /** What the deployment asks for this call in the queue (set at arrival; absent: band 0, any agent). */
  readonly routingRequest?: RoutingRequest;
  /** Set when the call enters the queue: band and needed skills with the instant they are dropped. */
  readonly routing?: QueueRouting;
  /** Salted hash of the caller's number: the number itself is never stored here. */
  readonly callerHash: string;
  /**
   * A video caller of a video entry (sign language) who can be shown the announcement clips: they
   * see each announcement's clip and a waiting picture instead of music on hold, and a callback
   * to them offers video (src/domain/video-clips.ts). Absent: an audio call, as every other.
   */
  readonly video?: true;
  readonly phase: CallPhase;
  readonly times: CallTimes;
  readonly townRing?: TownRing;
  readonly offer?: Offer;
  readonly peer?: Peer;
  readonly bridge?: BridgeId;
  readonly timer?: TimerState;
  readonly timerSeq: number;
  /** The announcement playing to the caller right now, by playback id; music on hold resumes after it. */
  readonly playback?: string;
  readonly playbackSeq?: number;
  /** In `final-message`: how the call ends when the message has played. */
  readonly finalOutcome?: 'closed' | 'queue-full' | 'no-agent';
  /** The caller is being offered a callback (a queue limit was reached): key 1 accepts. */
  readonly limitOffer?: { readonly limit: QueueLimit; readonly at: number };
  readonly transfer?: TransferInProgress;
  /** Transfers tried on this call, for the record. */
  readonly transfers?: readonly TransferRecord[];
  /** The caller asked to be called back; the citizen's leg once the engine dials it. */
  readonly callback?: {
    readonly requestedAt: number;
    readonly limit: CallbackReason;
    readonly citizenLeg?: ChannelId;
    readonly attempt: number;
    /** The tries so far, oldest first. */
    readonly attempts?: readonly CallbackAttempt[];
    /** The citizen answered and hears the greeting; the agent is connected when it has played. */
    readonly greeting?: true;
  };
  /** The caller's number is withheld or empty: nobody to call back. */
  readonly callerWithheld?: true;
  /**
   * The caller hung up while waiting and called again in time: the earlier call, and the arrival
   * that keeps this call's place in the queue.
   */
  readonly resumedFrom?: { readonly call: CallId; readonly arrivedAt: number };
  readonly offers: readonly { readonly agentId: AgentId; readonly at: number; readonly result: 'accepted' | 'no-answer' | 'failed' | 'cancelled' }[];
  readonly overflowReason?: OverflowReason;
  readonly agentId?: AgentId;
  readonly outcome?: Outcome;
  readonly endedBy?: EndedBy;
  /** The call died with the Asterisk server its media lived on (several servers): that server's name. */
  readonly lostWith?: string;
  /** This center handed the waiting caller to a partner center on the platform (outcome `handed-over`). */
  readonly handedOver?: { readonly center: string; readonly trigger: BorrowTrigger; readonly at: number };
  /**
   * A partner center handed this caller over: which center, the municipality the call is about there
   * (its id and name in that center's deployment; null: the center itself), why, and when it was
   * handed over. `times.arrivedAt` is the caller's arrival at that center: the place they keep.
   */
  readonly fromPartner?: PartnerHandover;
}

/** What a center hands over with a caller, and what the receiving center keeps of it. */
export interface PartnerHandover {
  readonly center: string;
  /** How the caller reached the handing center: its 115 number or a town hall's number. */
  readonly entry: EntryKind;
  readonly municipality: { readonly id: string; readonly name: string } | null;
  readonly trigger: BorrowTrigger;
  /** When the caller first arrived, at the handing center. */
  readonly arrivedAt: number;
  /** Why the call reached the handing center's queue there (its overflow reason). */
  readonly overflowReason: OverflowReason | null;
}

/** How a town's main number is handled. */
export interface TownPolicy {
  readonly phones: readonly EndpointName[];
  readonly overflowTimeoutMs: number;
  /** `ring-first`: the town hall rings, the county takes what it leaves; `switchboard`: the county answers directly. */
  readonly mode: 'ring-first' | 'switchboard';
  /** At most this many calls ring at the town at once; the next one goes to the county. null: no cap. */
  readonly maxRinging: number | null;
  /** Whether the town office is open at an instant (its own hours and holidays). */
  readonly isOpen: (at: number) => boolean;
}

/** Everything decide() needs to know about the deployment. Pure: hours are functions of the instant. */
export interface CallPolicy {
  readonly agentRingTimeoutMs: number;
  readonly towns: Readonly<Record<string, TownPolicy>>;
  readonly agentEndpoints: Readonly<Record<string, EndpointName>>;
  /** Whether the county service center is open at an instant. */
  readonly centerOpen: (at: number) => boolean;
  /** Position and wait are announced to a queued caller this often. */
  readonly announceEveryMs: number;
  /** How long a final message (closed, queue full) may take before the call is ended anyway. */
  readonly closedMessageMaxMs: number;
  /** How long a case worker's phone rings on a transfer before the caller returns to the agent. */
  readonly transferRingMs: number;
  /** Longest wait in the queue before the queue-full fallback; null: no limit. */
  readonly maxWaitMs: number | null;
  /** Beyond a queue limit: offer a callback (key 1), or end the call with the announcement. */
  readonly whenQueueFull: 'callback' | 'end';
  /** How long the caller has to press 1 once the callback is offered. */
  readonly callbackKeyMs: number;
  /** How long the citizen's phone rings when the agent calls back. */
  readonly callbackRingMs: number;
  /**
   * Callback any time: while waiting, the caller is offered a callback (key 1) once the estimated
   * wait reaches `afterEstimatedWaitMs`, and always once they have waited `afterWaitMs` (either may
   * be null); null: a callback only at a queue limit.
   */
  readonly callbackOffer: { readonly afterEstimatedWaitMs: number | null; readonly afterWaitMs: number | null } | null;
  /** Tries to reach the citizen before the callback counts as unanswered. */
  readonly callbackAttempts: number;
  /** Pause between two tries (the next one only within service hours). */
  readonly callbackRetryMs: number;
  /** A caller who hung up while waiting and calls again within this long keeps their place; null: never. */
  readonly resumeWithinMs: number | null;
  /**
   * The 115 network: a partner center that takes this center's callers while it is closed (its
   * `whenClosed` holds and it can take one now), for a caller about this municipality; null or
   * absent: nobody, the caller hears the closed message.
   */
  readonly partnerWhenClosed?: (at: number, municipality: TownId | null) => ClosedTaker | null;
}

/**
 * Where a handed-over caller goes: a partner center's ARI application on this platform, or a SIP
 * dial string to a center on another platform (the handover then travels in SIP headers).
 */
export type HandoverTarget = { readonly kind: 'app'; readonly app: string } | { readonly kind: 'sip'; readonly dial: string };

/** A partner that takes a caller while this center is closed: where the caller goes, and what goes with it. */
export interface ClosedTaker {
  readonly partner: string;
  readonly to: HandoverTarget;
  /** This center's id (the handover's `center`). */
  readonly center: string;
  readonly municipality: PartnerHandover['municipality'];
}

export const playbackIdFor = (call: CallId, seq: number): string => `${call}~play~${seq}`;

// Our own channel ids for legs we originate. StasisStart (or Dial events) for such a leg can arrive
// before the HTTP reply of the originate, so events are matched on these ids, never on the reply.
export const townLegId = (call: CallId, index: number): ChannelId => `${call}~town~${index}` as ChannelId;
export const agentLegId = (call: CallId, attempt: number): ChannelId => `${call}~agent~${attempt}` as ChannelId;
export const bridgeIdFor = (call: CallId): BridgeId => `${call}~bridge` as BridgeId;
/** A case worker's leg on a transfer. */
export const workerLegId = (call: CallId, n: number): ChannelId => `${call}~worker~${n}` as ChannelId;
/** The leg that calls a citizen back, through the trunk. */
export const citizenLegId = (call: CallId, attempt: number): ChannelId => `${call}~citizen~${attempt}` as ChannelId;

/** The call a leg we originated belongs to, or null for a channel we did not create. */
export function callIdOfLeg(channel: string): CallId | null {
  const m = /^(.+)~(town|agent|citizen|worker)~\d+$/.exec(channel);
  return m?.[1] ? (m[1] as CallId) : null;
}

/** The call a bridge we created belongs to, or null for a bridge we did not create. */
export function callIdOfBridge(bridge: string): CallId | null {
  const m = /^(.+)~bridge$/.exec(bridge);
  return m?.[1] ? (m[1] as CallId) : null;
}

/** The call a playback we started belongs to. */
export function callIdOfPlayback(playback: string): CallId | null {
  const m = /^(.+)~play~\d+$/.exec(playback);
  return m?.[1] ? (m[1] as CallId) : null;
}

/** The queue routing of a call entering the queue at `at`. */
export function routingAt(request: RoutingRequest | undefined, at: number): QueueRouting {
  const r = request ?? DEFAULT_ROUTING;
  const steps = stepsFrom(r.steps, at);
  return { priority: r.priority, steps, ...(r.prefer && steps.length > 0 ? { prefer: r.prefer } : {}) };
}

/** The arrival that orders the call in the queue: its own, or the earlier call's it resumed. */
export const queueArrivalOf = (call: Call): number => call.resumedFrom?.arrivedAt ?? call.times.arrivedAt;

/** The command that (re)takes the call's place in the queue, in its band, with its needs. */
export function enqueueCommand(call: Call, atHead: boolean): { type: 'queue.enqueue'; call: CallId; arrivedAt: number; atHead: boolean; routing?: QueueRouting } {
  return { type: 'queue.enqueue', call: call.id, arrivedAt: queueArrivalOf(call), atHead, ...(call.routing ? { routing: call.routing } : {}) };
}

export const waitedMs = (call: Call, now: number): number =>
  (call.times.answeredAt ?? call.times.endedAt ?? now) - call.times.arrivedAt;
