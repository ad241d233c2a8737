import type { AgentState } from '../../domain/agent.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import type { QueueStep, SkillLevels } from '../../domain/routing-steps.js';

/**
 * What the live queue and the agent store share, as Redis shares keys between them: assignNext needs
 * both sides at once. Pass ONE instance to MemoryLiveQueue and MemoryAgentStore.
 */
export class MemoryDispatchState {
  /** call id → queue score (lower is served first). */
  readonly queue = new Map<CallId, number>();
  readonly agents = new Map<AgentId, AgentState>();
  /** call id → its routing steps (only calls that have any). */
  readonly needs = new Map<CallId, { readonly steps: readonly QueueStep[]; readonly prefer?: 'highest-level' }>();
  /** agent id → the agent's skill levels. */
  readonly skills = new Map<AgentId, SkillLevels>();

  /** Waiting calls in queue order; ties broken by id, as a Redis sorted set does. */
  orderedQueue(): [CallId, number][] {
    return [...this.queue.entries()].sort(([a, sa], [b, sb]) => sa - sb || compareIds(a, b));
  }

  /** Available agents, longest idle first; ties broken by id, as a Redis sorted set does. */
  availableAgents(): AgentState[] {
    return [...this.agents.values()]
      .filter((a) => a.status === 'available')
      .sort((a, b) => a.since - b.since || compareIds(a.id, b.id));
  }
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
