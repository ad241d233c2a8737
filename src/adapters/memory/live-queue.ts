import type { LiveQueue, WaitingCall } from '../../app/ports.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import type { MemoryDispatchState } from './dispatch-state.js';

/** In-memory LiveQueue with the Redis adapter's semantics; every method is one synchronous step. */
export class MemoryLiveQueue implements LiveQueue {
  constructor(private readonly state: MemoryDispatchState) {}

  enqueue(call: CallId, arrivedAt: number, atHead: boolean): Promise<void> {
    let score = arrivedAt;
    if (atHead) {
      const other = this.state.orderedQueue().find(([id]) => id !== call);
      if (other && other[1] - 1 < score) score = other[1] - 1;
    }
    this.state.queue.set(call, score);
    return Promise.resolve();
  }

  remove(call: CallId): Promise<void> {
    this.state.queue.delete(call);
    return Promise.resolve();
  }

  waiting(): Promise<WaitingCall[]> {
    return Promise.resolve(this.state.orderedQueue().map(([call, score]) => ({ call, score })));
  }

  assignNext(at: number): Promise<{ call: CallId; agent: AgentId } | null> {
    const head = this.state.orderedQueue()[0];
    const agent = this.state.availableAgents()[0];
    if (!head || !agent) return Promise.resolve(null);
    const [call] = head;
    this.state.queue.delete(call);
    this.state.agents.set(agent.id, { ...agent, status: 'offered', since: at, callId: call, pauseReason: null, version: agent.version + 1 });
    return Promise.resolve({ call, agent: agent.id });
  }
}
