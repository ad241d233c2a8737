import type { Call, LegFailReason } from './call.js';
import type { CallEvent } from './events.js';
import type { ChannelId } from './ids.js';

/** What Asterisk told us about a channel, before we know what it means for the call. */
export type ChannelFact =
  | { readonly type: 'channel.answered'; readonly channel: ChannelId; readonly at: number }
  | { readonly type: 'channel.failed'; readonly channel: ChannelId; readonly reason: LegFailReason; readonly at: number }
  | { readonly type: 'channel.ended'; readonly channel: ChannelId; readonly cause: number; readonly at: number };

/** Q.850 hangup causes of a leg that never answered, as a reason a person understands. */
export function reasonFromCause(cause: number): LegFailReason {
  switch (cause) {
    case 17:
      return 'busy';
    case 18:
    case 19:
      return 'no-answer';
    case 21:
      return 'rejected';
    case 1:
    case 3:
    case 20:
    case 27:
    case 38:
      return 'unreachable';
    default:
      return 'failed';
  }
}

/** Turns a channel fact into the call event it means, given the call's current state. */
export function interpret(call: Call, fact: ChannelFact): CallEvent | null {
  const { channel, at } = fact;
  const citizenLeg = call.callback?.citizenLeg;
  if (citizenLeg !== undefined && channel === citizenLeg) {
    // The citizen called back: before the answer its leg rings, after it the citizen is the caller.
    if (call.phase === 'callback-dialing') {
      if (fact.type === 'channel.answered') return { type: 'citizen.answered', at, leg: channel };
      return { type: 'citizen.failed', at, leg: channel, reason: fact.type === 'channel.failed' ? fact.reason : fact.type === 'channel.ended' ? reasonFromCause(fact.cause) : 'failed' };
    }
    return fact.type === 'channel.ended' ? { type: 'caller.hung-up', at } : null;
  }
  if (channel === call.callerChannel) {
    return fact.type === 'channel.ended' ? { type: 'caller.hung-up', at } : null;
  }
  if (call.peer && call.peer.leg === channel) {
    return fact.type === 'channel.ended' ? { type: 'peer.hung-up', at, leg: channel } : null;
  }
  if (channel.includes('~worker~')) {
    if (fact.type === 'channel.answered') return { type: 'worker.answered', at, leg: channel };
    return { type: 'worker.failed', at, leg: channel, reason: fact.type === 'channel.failed' ? fact.reason : fact.type === 'channel.ended' ? reasonFromCause(fact.cause) : 'failed' };
  }
  if (channel.includes('~citizen~')) {
    return fact.type === 'channel.answered' ? { type: 'citizen.answered', at, leg: channel } : { type: 'citizen.failed', at, leg: channel, reason: 'failed' };
  }
  const isTownLeg = call.townRing?.legs.includes(channel) ?? channel.includes('~town~');
  const isAgentLeg = call.offer?.leg === channel || channel.includes('~agent~');
  const failure = (): LegFailReason =>
    fact.type === 'channel.failed' ? fact.reason : fact.type === 'channel.ended' ? reasonFromCause(fact.cause) : 'failed';
  if (isTownLeg) {
    return fact.type === 'channel.answered'
      ? { type: 'town.answered', at, leg: channel }
      : { type: 'town.leg-failed', at, leg: channel, reason: failure() };
  }
  if (isAgentLeg) {
    return fact.type === 'channel.answered'
      ? { type: 'offer.accepted', at, leg: channel }
      : { type: 'offer.failed', at, leg: channel, reason: failure() };
  }
  return null;
}

