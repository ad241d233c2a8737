import type { AgentId, ChannelId, EndpointName, TownId } from './ids.js';
import type { HandoverTarget, LegFailReason, PartnerHandover, QueueLimit, TimerName } from './call.js';

/** Facts about one call. Late and duplicate events are normal: decide() ignores them with a reason. */
export type CallEvent =
  | { readonly type: 'caller.hung-up'; readonly at: number }
  | { readonly type: 'town.answered'; readonly at: number; readonly leg: ChannelId }
  | { readonly type: 'town.leg-failed'; readonly at: number; readonly leg: ChannelId; readonly reason: LegFailReason }
  | { readonly type: 'timer.fired'; readonly at: number; readonly timer: TimerName; readonly token: string }
  /** The atomic assignment picked this call for this agent; the agent is already marked offered. */
  | { readonly type: 'offer.assigned'; readonly at: number; readonly agentId: AgentId }
  | { readonly type: 'offer.accepted'; readonly at: number; readonly leg: ChannelId }
  | { readonly type: 'offer.failed'; readonly at: number; readonly leg: ChannelId; readonly reason: LegFailReason }
  /**
   * The agent or town phone that was talking with the caller hung up. `unbridged`: recovery found
   * that the caller was never put in a bridge with it (the engine stopped between saving the answer
   * and bridging), so the two never talked.
   */
  | { readonly type: 'peer.hung-up'; readonly at: number; readonly leg: ChannelId; readonly unbridged?: true }
  /** An announcement we played to the caller ended (played out, stopped, or could not be played). */
  | { readonly type: 'announcement.finished'; readonly at: number; readonly playback: string }
  /** The queue is over a limit for this call (the shell checks the waiting count, the call its wait). */
  | { readonly type: 'queue.limit'; readonly at: number; readonly limit: QueueLimit }
  /** No agent logged in has the skills this waiting call needs for as long as it waits. */
  | { readonly type: 'skills.unavailable'; readonly at: number }
  /** The caller pressed a key. */
  | { readonly type: 'dtmf'; readonly at: number; readonly digit: string }
  /** The citizen answered the callback. */
  | { readonly type: 'citizen.answered'; readonly at: number; readonly leg: ChannelId }
  /** The callback did not reach the citizen (busy, no answer, unreachable). */
  | { readonly type: 'citizen.failed'; readonly at: number; readonly leg: ChannelId; readonly reason: LegFailReason }
  /**
   * Recovery found the caller's channel gone while the engine was away. `lostWith`: gone because
   * the Asterisk server it lived on was given up (the name of that server).
   */
  | { readonly type: 'caller.gone'; readonly at: number; readonly lostWith?: string }
  /**
   * A partner center may take this waiting caller now (its conditions hold): the caller moves to
   * that center's ARI application, or is forwarded to its SIP number on another platform, with what
   * it needs to know (src/domain/partner-overflow.ts).
   */
  | { readonly type: 'partner.take'; readonly at: number; readonly partner: string; readonly to: HandoverTarget; readonly handover: PartnerHandover }
  | TransferEvent;

/**
 * The agent asks to transfer the caller to a department's case worker (its phones come with the
 * request), completes a warm transfer, or takes the caller back; a case worker's phone answers or fails.
 */
export type TransferEvent =
  | {
      readonly type: 'transfer.requested';
      readonly at: number;
      readonly department: string;
      readonly townId: TownId;
      readonly mode: 'warm' | 'blind';
      readonly phones: readonly EndpointName[];
    }
  | { readonly type: 'transfer.completed'; readonly at: number }
  | { readonly type: 'transfer.cancelled'; readonly at: number }
  | { readonly type: 'worker.answered'; readonly at: number; readonly leg: ChannelId }
  | { readonly type: 'worker.failed'; readonly at: number; readonly leg: ChannelId; readonly reason: LegFailReason };

export const isTransferEvent = (e: CallEvent): e is TransferEvent =>
  e.type === 'transfer.requested' || e.type === 'transfer.completed' || e.type === 'transfer.cancelled' || e.type === 'worker.answered' || e.type === 'worker.failed';

/** A partner center takes the waiting caller (decide() answers it before the phases). */
export type PartnerTake = Extract<CallEvent, { readonly type: 'partner.take' }>;

/** Every event but the transfer ones and the partner's take (decide() routes those first). */
export type CoreEvent = Exclude<CallEvent, TransferEvent | PartnerTake>;

export type CallEventType = CallEvent['type'];
