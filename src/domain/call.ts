import type { AgentId, BridgeId, CallId, ChannelId, EndpointName, TownId } from './ids.js';

/** How the call reached the engine: a town hall's main number, or the 115 number. */
export type EntryKind = 'town' | '115';

export type CallPhase = 'town-ringing' | 'queued' | 'offering' | 'connected' | 'ended';

/** Why a call went to the county queue. */
export type OverflowReason = 'direct-115' | 'town-no-answer' | 'town-busy' | 'town-unreachable';

export type Outcome = 'answered-by-town' | 'answered-by-agent' | 'abandoned' | 'failed';

/** Who ended the call. */
export type EndedBy = 'caller' | 'agent' | 'town' | 'system';

export type TimerName = 'town-ring' | 'offer';

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
  | { readonly kind: 'town'; readonly leg: ChannelId };

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

/** One versioned record per call: the live state while it runs, the call record once it ended. */
export interface Call {
  readonly id: CallId;
  readonly version: number;
  readonly entry: { readonly kind: EntryKind; readonly townId: TownId | null };
  readonly callerChannel: ChannelId;
  /** Salted hash of the caller's number: the number itself is never stored here. */
  readonly callerHash: string;
  readonly phase: CallPhase;
  readonly times: CallTimes;
  readonly townRing?: TownRing;
  readonly offer?: Offer;
  readonly peer?: Peer;
  readonly bridge?: BridgeId;
  readonly timer?: TimerState;
  readonly timerSeq: number;
  readonly offers: readonly { readonly agentId: AgentId; readonly at: number; readonly result: 'accepted' | 'no-answer' | 'failed' | 'cancelled' }[];
  readonly overflowReason?: OverflowReason;
  readonly agentId?: AgentId;
  readonly outcome?: Outcome;
  readonly endedBy?: EndedBy;
}

/** Everything decide() needs to know about the deployment, as plain data. */
export interface CallPolicy {
  readonly agentRingTimeoutMs: number;
  readonly towns: Readonly<Record<string, { readonly phones: readonly EndpointName[]; readonly overflowTimeoutMs: number }>>;
  readonly agentEndpoints: Readonly<Record<string, EndpointName>>;
}

// Our own channel ids for legs we originate. StasisStart (or Dial events) for such a leg can arrive
// before the HTTP reply of the originate, so events are matched on these ids, never on the reply.
export const townLegId = (call: CallId, index: number): ChannelId => `${call}~town~${index}` as ChannelId;
export const agentLegId = (call: CallId, attempt: number): ChannelId => `${call}~agent~${attempt}` as ChannelId;
export const bridgeIdFor = (call: CallId): BridgeId => `${call}~bridge` as BridgeId;

/** The call a leg we originated belongs to, or null for a channel we did not create. */
export function callIdOfLeg(channel: string): CallId | null {
  const m = /^(.+)~(town|agent)~\d+$/.exec(channel);
  return m?.[1] ? (m[1] as CallId) : null;
}

export const waitedMs = (call: Call, now: number): number =>
  (call.times.answeredAt ?? call.times.endedAt ?? now) - call.times.arrivedAt;
