import type { AgentId, CallId } from './ids.js';

/**
 * `wrap-up`: the call is over, the agent files its outcome; no calls are offered until it ends
 * (after the configured time, or early when the agent is ready).
 */
export type AgentStatus = 'available' | 'offered' | 'busy' | 'wrap-up' | 'paused' | 'logged-out';

/**
 * Why an agent is paused: the engine pauses for `no-answer`, `unreachable` (the phone refused an
 * offer) and `unregistered` (the phone is not registered); agents pause themselves for the others.
 */
export type PauseReason = 'no-answer' | 'unreachable' | 'unregistered' | 'break' | 'meeting' | 'training' | 'other';

export const AGENT_PAUSE_REASONS: readonly PauseReason[] = ['break', 'meeting', 'training', 'other'];

/** An agent's live state, one versioned record each in the store. */
export interface AgentState {
  readonly id: AgentId;
  readonly status: AgentStatus;
  /** When the current status began; for `available` this is idle-since, the dispatch order. */
  readonly since: number;
  /** The call offered to or connected with the agent. */
  readonly callId: CallId | null;
  readonly pauseReason: PauseReason | null;
  /** In `wrap-up`: when it ends on its own. */
  readonly wrapUpUntil: number | null;
  readonly version: number;
}
