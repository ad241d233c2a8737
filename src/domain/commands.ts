import type { AgentId, BridgeId, CallId, ChannelId, EndpointName } from './ids.js';
import type { HandoverTarget, PartnerHandover, QueueRouting, TimerName } from './call.js';

/** Orders decide() gives; the shell executes them in order. */
export type Command =
  | { readonly type: 'telephony.indicate-ringing'; readonly channel: ChannelId }
  | { readonly type: 'telephony.answer'; readonly channel: ChannelId }
  | { readonly type: 'telephony.start-moh'; readonly channel: ChannelId }
  | { readonly type: 'telephony.stop-moh'; readonly channel: ChannelId }
  | {
      readonly type: 'telephony.dial';
      readonly role: 'town' | 'agent' | 'worker';
      readonly leg: ChannelId;
      readonly endpoint: EndpointName;
      /** The caller's channel: the leg presents its caller id and is linked to it (null: a callback task, no caller). */
      readonly callerChannel: ChannelId | null;
    }
  | { readonly type: 'telephony.hangup'; readonly channel: ChannelId }
  /**
   * The caller leaves for a partner center, with the handover (`partner.take`): moved to its ARI
   * application, or forwarded through the dialplan to its SIP number with the handover in headers.
   */
  | { readonly type: 'telephony.hand-over'; readonly channel: ChannelId; readonly to: HandoverTarget; readonly handover: PartnerHandover }
  /** Play these sounds to the channel, one after the other, as one playback with our id. */
  | { readonly type: 'telephony.play'; readonly channel: ChannelId; readonly playback: string; readonly sounds: readonly string[] }
  /** Play the call's current queue position and estimated wait (the shell knows both at that moment). */
  /** A caller hung up while waiting: should they call again soon from the same number, they keep this place. */
  | { readonly type: 'resume.remember'; readonly callerHash: string; readonly call: CallId; readonly arrivedAt: number; readonly forMs: number }
  /** Position and estimated wait; then the callback offer when the estimate is at least `offerCallbackAtEstimateMs` (0: always). */
  | { readonly type: 'telephony.announce-queue-status'; readonly channel: ChannelId; readonly playback: string; readonly call: CallId; readonly offerCallbackAtEstimateMs?: number }
  | { readonly type: 'telephony.stop-playback'; readonly playback: string }
  /** Ring the citizen who asked for a callback, at the number kept for the call, through the trunk. */
  | { readonly type: 'telephony.dial-callback'; readonly leg: ChannelId; readonly call: CallId }
  /** Keep the caller's number for the callback (read from the channel; personal data, erased when done). */
  | { readonly type: 'callback.keep-number'; readonly call: CallId; readonly channel: ChannelId }
  | { readonly type: 'callback.forget-number'; readonly call: CallId }
  | { readonly type: 'telephony.bridge'; readonly bridge: BridgeId; readonly channels: readonly ChannelId[] }
  | { readonly type: 'telephony.destroy-bridge'; readonly bridge: BridgeId }
  | { readonly type: 'telephony.bridge-add'; readonly bridge: BridgeId; readonly channel: ChannelId }
  | { readonly type: 'telephony.bridge-remove'; readonly bridge: BridgeId; readonly channel: ChannelId }
  /** The agent's outcome for the call, filed by the engine itself (a completed transfer). */
  | { readonly type: 'disposition.file'; readonly call: CallId; readonly agent: AgentId; readonly outcome: 'transferred'; readonly department: string; readonly at: number }
  | { readonly type: 'queue.enqueue'; readonly call: CallId; readonly arrivedAt: number; readonly atHead: boolean; readonly routing?: QueueRouting }
  | { readonly type: 'queue.remove'; readonly call: CallId }
  | { readonly type: 'agent.connected'; readonly agent: AgentId; readonly call: CallId; readonly at: number }
  | { readonly type: 'agent.release'; readonly agent: AgentId; readonly call: CallId; readonly at: number }
  | { readonly type: 'agent.pause'; readonly agent: AgentId; readonly call: CallId; readonly reason: 'no-answer' | 'unreachable'; readonly at: number }
  | { readonly type: 'timer.start'; readonly name: TimerName; readonly dueAt: number; readonly token: string }
  | { readonly type: 'timer.cancel'; readonly token: string }
  /** Ask the dispatcher to pair waiting calls with available agents. */
  | { readonly type: 'dispatch.request' };

export type CommandType = Command['type'];
