import type { AgentId, CallId } from './ids.js';

export type AgentStatus = 'available' | 'offered' | 'busy' | 'paused' | 'logged-out';

export type PauseReason = 'no-answer' | 'unreachable' | 'break' | 'other';

/** An agent's live state, one versioned record each in the store. */
export interface AgentState {
  readonly id: AgentId;
  readonly status: AgentStatus;
  /** When the current status began; for `available` this is idle-since, the dispatch order. */
  readonly since: number;
  /** The call offered to or connected with the agent. */
  readonly callId: CallId | null;
  readonly pauseReason: PauseReason | null;
  readonly version: number;
}
