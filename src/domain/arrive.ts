import type { Call, CallPolicy, EntryKind } from './call.js';
import { townLegId } from './call.js';
import type { Command } from './commands.js';
import type { CallId, ChannelId, TownId } from './ids.js';
import { overflow, startTimer } from './transitions.js';

export interface Arrival {
  readonly id: CallId;
  readonly at: number;
  readonly entry: { readonly kind: EntryKind; readonly townId: TownId | null };
  readonly callerChannel: ChannelId;
  readonly callerHash: string;
}

/**
 * A call entered the engine. A town call rings the town hall's phones (the caller hears ringback);
 * a 115 call, or a town without phones, goes straight to the county queue.
 */
export function arrive(a: Arrival, policy: CallPolicy): { readonly next: Call; readonly commands: readonly Command[] } {
  const base: Call = {
    id: a.id,
    version: 0,
    entry: a.entry,
    callerChannel: a.callerChannel,
    callerHash: a.callerHash,
    phase: 'queued',
    times: { arrivedAt: a.at },
    timerSeq: 0,
    offers: [],
  };
  const townId = a.entry.kind === 'town' ? a.entry.townId : null;
  const town = townId && Object.hasOwn(policy.towns, townId) ? policy.towns[townId] : undefined;
  if (a.entry.kind === '115') return overflow(base, a.at, 'direct-115');
  // A town without phones to ring cannot take the call: it overflows at once.
  if (!town || town.phones.length === 0) return overflow(base, a.at, 'town-unreachable');

  const legs = town.phones.map((_, i) => townLegId(a.id, i));
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
      ...town.phones.map((endpoint, i) => ({
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
