import type { AgentStore } from '../../app/ports.js';
import type { AgentState, PauseReason } from '../../domain/agent.js';
import type { AgentId, CallId } from '../../domain/ids.js';
import type { SkillLevels } from '../../domain/routing-steps.js';
import type { MemoryDispatchState } from './dispatch-state.js';

/** In-memory AgentStore with the Redis adapter's semantics (guards on callId, see lua/agent-scripts.ts). */
export class MemoryAgentStore implements AgentStore {
  constructor(private readonly state: MemoryDispatchState) {}

  ensure(agents: readonly AgentId[], at: number, skills?: ReadonlyMap<AgentId, SkillLevels>): Promise<void> {
    for (const id of agents) {
      if (!this.state.agents.has(id)) {
        this.state.agents.set(id, { id, status: 'available', since: at, callId: null, pauseReason: null, wrapUpUntil: null, version: 1 });
      }
      if (skills) this.state.skills.set(id, skills.get(id) ?? {});
    }
    return Promise.resolve();
  }

  all(): Promise<AgentState[]> {
    return Promise.resolve([...this.state.agents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }

  get(agent: AgentId): Promise<AgentState | null> {
    return Promise.resolve(this.state.agents.get(agent) ?? null);
  }

  connected(agent: AgentId, call: CallId, at: number): Promise<boolean> {
    const a = this.state.agents.get(agent);
    if (!a || a.status !== 'offered' || a.callId !== call) return Promise.resolve(false);
    return this.apply(a, { status: 'busy', since: at });
  }

  async release(agent: AgentId, call: CallId, at: number): Promise<'offered' | 'busy' | null> {
    const a = this.withCall(agent, call);
    if (!a) return null;
    const from = a.status === 'busy' ? 'busy' : 'offered';
    await this.apply(a, { status: 'available', since: at, callId: null, pauseReason: null });
    return from;
  }

  pause(agent: AgentId, call: CallId, reason: PauseReason, at: number): Promise<boolean> {
    const a = this.withCall(agent, call);
    if (!a) return Promise.resolve(false);
    return this.apply(a, { status: 'paused', since: at, callId: null, pauseReason: reason });
  }

  makeReady(agent: AgentId, at: number, onlyIfPausedFor?: PauseReason): Promise<boolean> {
    const a = this.state.agents.get(agent);
    if (!a) return Promise.resolve(false);
    if (onlyIfPausedFor !== undefined && (a.status !== 'paused' || a.pauseReason !== onlyIfPausedFor)) return Promise.resolve(false);
    switch (a.status) {
      case 'available':
        // Already ready: keep its idle-since, i.e. its place in the dispatch order.
        return Promise.resolve(true);
      case 'paused':
      case 'logged-out':
      case 'wrap-up':
        return this.apply(a, { status: 'available', since: at, callId: null, pauseReason: null, wrapUpUntil: null });
      case 'offered':
      case 'busy':
        return Promise.resolve(false);
    }
  }

  wrapUp(agent: AgentId, call: CallId, at: number, until: number): Promise<boolean> {
    const a = this.state.agents.get(agent);
    if (!a || a.status !== 'busy' || a.callId !== call) return Promise.resolve(false);
    return this.apply(a, { status: 'wrap-up', since: at, wrapUpUntil: until });
  }

  endWrapUp(agent: AgentId, call: CallId, at: number): Promise<boolean> {
    const a = this.state.agents.get(agent);
    if (!a || a.status !== 'wrap-up' || a.callId !== call) return Promise.resolve(false);
    return this.apply(a, { status: 'available', since: at, callId: null, pauseReason: null, wrapUpUntil: null });
  }

  setAway(agent: AgentId, status: 'paused' | 'logged-out', reason: PauseReason | null, at: number): Promise<boolean> {
    const a = this.state.agents.get(agent);
    if (!a || a.status === 'offered' || a.status === 'busy') return Promise.resolve(false);
    return this.apply(a, { status, since: at, callId: null, pauseReason: reason, wrapUpUntil: null });
  }

  /** The agent, if it is offered or busy with this call. */
  private withCall(agent: AgentId, call: CallId): AgentState | undefined {
    const a = this.state.agents.get(agent);
    return a && (a.status === 'offered' || a.status === 'busy') && a.callId === call ? a : undefined;
  }

  private apply(a: AgentState, change: Partial<Omit<AgentState, 'id' | 'version'>>): Promise<boolean> {
    this.state.agents.set(a.id, { ...a, ...change, version: a.version + 1 });
    return Promise.resolve(true);
  }
}
