import type { AgentId, ChannelId } from './ids.js';
import type { LegFailReason, QueueLimit, TimerName } from './call.js';

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
  /** The agent or town phone that was talking with the caller hung up. */
  | { readonly type: 'peer.hung-up'; readonly at: number; readonly leg: ChannelId }
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
  /** Recovery found the caller's channel gone while the engine was away. */
  | { readonly type: 'caller.gone'; readonly at: number };

export type CallEventType = CallEvent['type'];
