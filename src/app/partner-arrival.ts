/**
 * Callers between partner centers on one platform, on the engine's side of the ARI application:
 * a caller a partner handed over arrives here with the handover in its StasisStart arguments, and a
 * caller this engine could not hand over (the move failed) is taken in again.
 */
import type { Arrival } from '../domain/arrive.js';
import { queueArrivalOf, type Call, type RoutingRequest } from '../domain/call.js';
import type { CallId, ChannelId } from '../domain/ids.js';
import type { ResolvedEntry } from './entry.js';
import { handoverOf } from './partner-handover.js';
import type { CallerEntered } from './ports.js';

/** A handed-over caller is served as a call to the center itself (115): its town is the partner's. */
export const HANDOVER_ENTRY: ResolvedEntry = { kind: '115', townId: null, service: null };

export interface PartnerArrivalDeps {
  readonly newCallId: () => CallId;
  readonly hashCaller: (number: string) => string;
  readonly routingOf?: (entry: ResolvedEntry, municipality: null) => RoutingRequest | undefined;
}

/**
 * The arrival of a handed-over caller: they queue at once, keeping their arrival at the partner.
 * Arguments that are no handover give a problem; the caller is then served as a plain 115 call.
 */
export function handoverArrival(e: CallerEntered, callerWithheld: boolean, d: PartnerArrivalDeps): { readonly arrival: Arrival } | { readonly problem: string } {
  const parsed = handoverOf(e.args);
  if ('problem' in parsed) return parsed;
  const routing = d.routingOf?.(HANDOVER_ENTRY, null);
  return {
    arrival: {
      id: d.newCallId(),
      at: e.at,
      entry: { kind: HANDOVER_ENTRY.kind, townId: null },
      municipality: null,
      callerChannel: e.channel,
      callerHash: d.hashCaller(e.callerNumber),
      ...(routing ? { routing } : {}),
      ...(callerWithheld ? { callerWithheld } : {}),
      fromPartner: parsed.handover,
    },
  };
}

/**
 * A caller whose move to a partner failed is still in this application: a new call for the same
 * channel, keeping the ended call's place in the queue (as a caller who called again would).
 */
export function retakenArrival(ended: Call, channel: ChannelId, at: number, newCallId: () => CallId): Arrival {
  return {
    id: newCallId(),
    at,
    entry: ended.entry,
    municipality: ended.municipality,
    callerChannel: channel,
    callerHash: ended.callerHash,
    ...(ended.routingRequest ? { routing: ended.routingRequest } : {}),
    ...(ended.callerWithheld ? { callerWithheld: true } : {}),
    ...(ended.video ? { video: true } : {}),
    ...(ended.fromPartner ? { fromPartner: ended.fromPartner } : {}),
    resumedFrom: { call: ended.id, arrivedAt: queueArrivalOf(ended) },
    requeue: ended.overflowReason ?? (ended.fromPartner ? 'partner' : 'direct-115'),
  };
}
