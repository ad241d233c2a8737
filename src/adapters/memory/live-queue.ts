import type { Assignment, LiveQueue, WaitingCall } from '../../app/ports.js';
import type { QueueRouting } from '../../domain/call.js';
import type { CallId } from '../../domain/ids.js';
import { ASSIGN_SCAN, BAND_WIDTH, clampPriority, queueScore } from '../../domain/queue-order.js';
import type { MemoryDispatchState } from './dispatch-state.js';
import type { AgentState } from '../../domain/agent.js';
import { levelScore, meets, stepAt, type QueueStep, type SkillLevels } from '../../domain/routing-steps.js';

/** In-memory LiveQueue with the Redis adapter's semantics (bands, skills, widening); every method is one synchronous step. */
export class MemoryLiveQueue implements LiveQueue {
  constructor(private readonly state: MemoryDispatchState) {}

  enqueue(call: CallId, arrivedAt: number, atHead: boolean, routing?: QueueRouting): Promise<boolean> {
    const priority = clampPriority(routing?.priority ?? 0);
    const bandStart = queueScore(priority, 0);
    let score = queueScore(priority, arrivedAt);
    if (atHead) {
      const other = this.state.orderedQueue().find(([id, s]) => id !== call && s >= bandStart && s < bandStart + BAND_WIDTH);
      if (other && other[1] - 1 < score) score = other[1] - 1;
    }
    this.state.queue.set(call, score);
    if (routing && routing.steps.length > 0) this.state.needs.set(call, { steps: routing.steps, ...(routing.prefer ? { prefer: routing.prefer } : {}) });
    else this.state.needs.delete(call);
    return Promise.resolve(this.state.availableAgents().length > 0);
  }

  remove(call: CallId): Promise<void> {
    this.state.queue.delete(call);
    this.state.needs.delete(call);
    return Promise.resolve();
  }

  position(call: CallId): Promise<number | null> {
    const index = this.state.orderedQueue().findIndex(([id]) => id === call);
    return Promise.resolve(index < 0 ? null : index + 1);
  }

  needs(): Promise<{ call: CallId; steps: readonly QueueStep[] }[]> {
    return Promise.resolve([...this.state.needs.entries()].map(([call, n]) => ({ call, steps: n.steps })));
  }

  nextWidening(at: number): Promise<number | null> {
    const times = [...this.state.needs.values()].flatMap((n) => n.steps.flatMap((s) => (s.until !== null && s.until > at ? [s.until] : [])));
    return Promise.resolve(times.length === 0 ? null : Math.min(...times));
  }

  waiting(): Promise<WaitingCall[]> {
    return Promise.resolve(this.state.orderedQueue().map(([call, score]) => ({ call, score })));
  }

  assignNext(at: number): Promise<Assignment | null> {
    const agents = this.state.availableAgents();
    for (const [call] of this.state.orderedQueue().slice(0, ASSIGN_SCAN)) {
      const needs = this.state.needs.get(call);
      const step = needs ? stepAt(needs.steps, at) : null;
      const agent = step ? this.bestFor(agents, step.skills, needs?.prefer) : agents[0];
      if (!agent) continue;
      this.state.queue.delete(call);
      this.state.needs.delete(call);
      this.state.agents.set(agent.id, { ...agent, status: 'offered', since: at, callId: call, pauseReason: null, version: agent.version + 1 });
      const more = (this.state.queue.size > 0 && this.state.availableAgents().length > 0) || this.state.needs.size > 0;
      return Promise.resolve({ call, agent: agent.id, more });
    }
    return Promise.resolve(null);
  }

  /** The longest-idle agent meeting the step, or with `highest-level` the one with the highest levels (longest idle among equals). */
  private bestFor(agents: readonly AgentState[], step: SkillLevels, prefer: 'highest-level' | undefined): AgentState | undefined {
    const levels = (a: AgentState): SkillLevels => this.state.skills.get(a.id) ?? {};
    const matching = agents.filter((a) => meets(levels(a), step));
    if (prefer !== 'highest-level') return matching[0];
    return matching.reduce<AgentState | undefined>((best, a) => (best === undefined || levelScore(levels(a), step) > levelScore(levels(best), step) ? a : best), undefined);
  }
}
