import type { Assignment, LiveQueue, WaitingCall } from '../../app/ports.js';
import type { QueueRouting } from '../../domain/call.js';
import type { CallId } from '../../domain/ids.js';
import { ASSIGN_SCAN, BAND_WIDTH, clampPriority, queueScore } from '../../domain/queue-order.js';
import type { MemoryDispatchState } from './dispatch-state.js';

/** In-memory LiveQueue with the Redis adapter's semantics (bands, skills, widening); every method is one synchronous step. */
export class MemoryLiveQueue implements LiveQueue {
  constructor(private readonly state: MemoryDispatchState) {}

  enqueue(call: CallId, arrivedAt: number, atHead: boolean, routing?: QueueRouting): Promise<void> {
    const priority = clampPriority(routing?.priority ?? 0);
    const bandStart = queueScore(priority, 0);
    let score = queueScore(priority, arrivedAt);
    if (atHead) {
      const other = this.state.orderedQueue().find(([id, s]) => id !== call && s >= bandStart && s < bandStart + BAND_WIDTH);
      if (other && other[1] - 1 < score) score = other[1] - 1;
    }
    this.state.queue.set(call, score);
    const needs = routing?.needs;
    if (needs && needs.skills.length > 0) this.state.needs.set(call, needs);
    else this.state.needs.delete(call);
    return Promise.resolve();
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

  needs(): Promise<{ call: CallId; skills: readonly string[]; widenAt: number | null }[]> {
    return Promise.resolve([...this.state.needs.entries()].map(([call, n]) => ({ call, skills: n.skills, widenAt: n.widenAt })));
  }

  nextWidening(at: number): Promise<number | null> {
    const times = [...this.state.needs.values()].flatMap((n) => (n.widenAt !== null && n.widenAt > at ? [n.widenAt] : []));
    return Promise.resolve(times.length === 0 ? null : Math.min(...times));
  }

  waiting(): Promise<WaitingCall[]> {
    return Promise.resolve(this.state.orderedQueue().map(([call, score]) => ({ call, score })));
  }

  assignNext(at: number): Promise<Assignment | null> {
    const agents = this.state.availableAgents();
    for (const [call] of this.state.orderedQueue().slice(0, ASSIGN_SCAN)) {
      const needs = this.state.needs.get(call);
      const skills = needs && (needs.widenAt === null || needs.widenAt > at) ? needs.skills : [];
      const agent = agents.find((a) => skills.every((s) => (this.state.skills.get(a.id) ?? []).includes(s)));
      if (!agent) continue;
      this.state.queue.delete(call);
      this.state.needs.delete(call);
      this.state.agents.set(agent.id, { ...agent, status: 'offered', since: at, callId: call, pauseReason: null, version: agent.version + 1 });
      const more = (this.state.queue.size > 0 && this.state.availableAgents().length > 0) || this.state.needs.size > 0;
      return Promise.resolve({ call, agent: agent.id, more });
    }
    return Promise.resolve(null);
  }
}
