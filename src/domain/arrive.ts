import type { Call, CallPolicy, EntryKind, OverflowReason, PartnerHandover, RoutingRequest, TownPolicy } from './call.js';
import { townLegId } from './call.js';
import type { Command } from './commands.js';
import type { CallId, ChannelId, EndpointName, TownId } from './ids.js';
import { SOUNDS } from './announcements.js';
import { finalMessage, overflow, startTimer } from './transitions.js';

export interface Arrival {
  readonly id: CallId;
  readonly at: number;
  readonly entry: { readonly kind: EntryKind; readonly townId: TownId | null };
  /** The town the call is about (see Call.municipality); the shell attributes 115 calls by prefix. */
  readonly municipality: TownId | null;
  readonly callerChannel: ChannelId;
  readonly callerHash: string;
  /** Priority band and needed skills from the deployment (entry, municipality); absent: band 0, any agent. */
  readonly routing?: RoutingRequest;
  /** The caller's number is withheld or empty: never offered a callback. */
  readonly callerWithheld?: boolean;
  /** The caller hung up while waiting and called again in time: they keep that call's place. */
  readonly resumedFrom?: { readonly call: CallId; readonly arrivedAt: number };
  /** A video entry's caller whose channel carries H.264 video (see Call.video). */
  readonly video?: boolean;
  /** A partner center handed the caller over: they queue here at once, keeping their arrival there. */
  readonly fromPartner?: PartnerHandover;
  /** Straight to the queue with this reason (a caller whose handover failed comes back to it). */
  readonly requeue?: OverflowReason;
}

/** What the shell knows at the moment of arrival that the deployment alone does not say. */
export interface ArrivalContext {
  /** The town's phones registered right now; null when unknown (then all are rung). */
  readonly registeredPhones: readonly EndpointName[] | null;
  /** Calls ringing at this town right now. */
  readonly ringingAtTown: number;
  /**
   * Whether an agent who is logged in and not paused has every skill the call needs; false only
   * when it needs skills for as long as it waits (no widening) and nobody has them.
   */
  readonly skilledAgentStaffed: boolean;
}

export const UNKNOWN_CONTEXT: ArrivalContext = { registeredPhones: null, ringingAtTown: 0, skilledAgentStaffed: true };

/**
 * A call entered the engine. A town call rings the town hall's registered phones (the caller hears
 * ringback) unless the town's policy sends it to the county at once; a 115 call goes to the county.
 * The county takes it into its queue when open, and plays its service hours when closed.
 */
export function arrive(a: Arrival, policy: CallPolicy, ctx: ArrivalContext = UNKNOWN_CONTEXT): { readonly next: Call; readonly commands: readonly Command[] } {
  const base: Call = {
    id: a.id,
    version: 0,
    entry: a.entry,
    municipality: a.municipality,
    callerChannel: a.callerChannel,
    callerHash: a.callerHash,
    ...(a.routing ? { routingRequest: a.routing } : {}),
    ...(a.callerWithheld ? { callerWithheld: true as const } : {}),
    ...(a.resumedFrom ? { resumedFrom: a.resumedFrom } : {}),
    ...(a.video ? { video: true as const } : {}),
    ...(a.fromPartner ? { fromPartner: a.fromPartner } : {}),
    phase: 'queued',
    times: { arrivedAt: a.fromPartner?.arrivedAt ?? a.at },
    timerSeq: 0,
    offers: [],
  };
  const straight = a.requeue ?? (a.fromPartner ? 'partner' : null);
  if (straight) return overflow(base, a.at, straight, policy);
  const townId = a.entry.kind === 'town' ? a.entry.townId : null;
  const town = townId && Object.hasOwn(policy.towns, townId) ? policy.towns[townId] : undefined;
  if (a.entry.kind === '115') {
    // Nobody who could serve the call (sign language, say) is there: say so rather than keep it waiting.
    if (!ctx.skilledAgentStaffed && policy.centerOpen(a.at)) {
      return finalMessage({ ...base, overflowReason: 'direct-115' }, a.at, SOUNDS.noAgent, 'no-agent', policy, { waiting: false });
    }
    return overflow(base, a.at, 'direct-115', policy);
  }
  // A town the deployment does not describe cannot take the call: it overflows at once.
  if (!town) return overflow(base, a.at, 'town-unreachable', policy);
  const plan = townPlan(town, a.at, ctx);
  if (plan.kind === 'county') return overflow(base, a.at, plan.reason, policy);

  const legs = plan.phones.map((_, i) => townLegId(a.id, i));
  const ringing: Call = {
    ...base,
    phase: 'town-ringing',
    times: { ...base.times, townRingStartedAt: a.at },
    townRing: { legs, failedLegs: [], failReasons: [] },
  };
  const timed = startTimer(ringing, 'town-ring', a.at + town.overflowTimeoutMs);
  return {
    next: timed.call,
    commands: [
      { type: 'telephony.indicate-ringing', channel: a.callerChannel },
      ...plan.phones.map((endpoint, i) => ({
        type: 'telephony.dial' as const,
        role: 'town' as const,
        leg: legs[i] as ChannelId,
        endpoint,
        callerChannel: a.callerChannel,
      })),
      timed.command,
    ],
  };
}

type TownPlan = { readonly kind: 'ring'; readonly phones: readonly EndpointName[] } | { readonly kind: 'county'; readonly reason: OverflowReason };

/**
 * Whether the town hall is rung, and which phones, or why the call goes to the county at once.
 * A switchboard town is never rung, nor is a town office closed by its own hours (a town without
 * hours of its own is always rung); the county then takes the call, or plays its hours if closed.
 */
export function townPlan(town: TownPolicy, at: number, ctx: ArrivalContext): TownPlan {
  if (town.mode === 'switchboard') return { kind: 'county', reason: 'switchboard' };
  if (!town.isOpen(at)) return { kind: 'county', reason: 'town-closed' };
  const registered = ctx.registeredPhones;
  const phones = registered === null ? town.phones : town.phones.filter((p) => registered.includes(p));
  if (phones.length === 0) return { kind: 'county', reason: 'town-unregistered' };
  if (town.maxRinging !== null && ctx.ringingAtTown >= town.maxRinging) return { kind: 'county', reason: 'town-ring-limit' };
  return { kind: 'ring', phones };
}
