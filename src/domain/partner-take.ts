/**
 * A partner center takes a waiting caller (the 115 network): the call ends here as `handed-over`
 * and the caller's channel moves to the partner's ARI application on this platform, or is
 * forwarded to its SIP number on another, with the handover (municipality, trigger, arrival). Only a caller waiting in the queue,
 * with nothing else in progress (no callback offer running), is handed over; at any other moment
 * the event is ignored, and the partner loop asks again with the next waiting caller.
 */
import type { Call } from './call.js';
import type { Command } from './commands.js';
import { ignored, next, type Decision } from './decision.js';
import type { PartnerTake } from './events.js';
import { cancelTimer, stopPlayback } from './transitions.js';

export function partnerTake(call: Call, e: PartnerTake): Decision {
  if (call.phase !== 'queued') return ignored(`partner.take while ${call.phase}`);
  if (call.limitOffer) return ignored('partner.take while the caller is offered a callback');
  // The announcement stops and the music with it: the partner's engine plays its own.
  const quiet = stopPlayback(call, false);
  const cancelled = cancelTimer(quiet.call);
  const commands: Command[] = [
    { type: 'queue.remove', call: call.id },
    ...quiet.commands,
    ...cancelled.commands,
    { type: 'telephony.stop-moh', channel: call.callerChannel },
    { type: 'telephony.hand-over', channel: call.callerChannel, to: e.to, handover: e.handover },
  ];
  return next({
    next: {
      ...cancelled.call,
      phase: 'ended',
      outcome: 'handed-over',
      endedBy: 'system',
      handedOver: { center: e.partner, trigger: e.handover.trigger, at: e.at },
      times: { ...call.times, endedAt: e.at },
    },
    commands,
  });
}
