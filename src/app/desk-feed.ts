import type { AgentState } from '../domain/agent.js';
import type { Call } from '../domain/call.js';
import type { AgentId } from '../domain/ids.js';
import type { BorrowTrigger } from '../domain/partner-overflow.js';
import type { AgentStore, CallStore, Clock } from './ports.js';

/** What an agent's desktop shows: the agent's state and the screen pop of their call. */
export interface DeskView {
  readonly at: number;
  readonly agent: AgentState & { readonly name: string | null };
  readonly call: ScreenPop | null;
}

/** The call as the agent sees it: how the citizen reached the county and how long they waited. */
export interface ScreenPop {
  readonly callId: string;
  readonly phase: Call['phase'];
  readonly entry: Call['entry']['kind'];
  readonly service: string | null;
  /** The town the call is about (115: by the caller's prefix); null: the county itself. */
  readonly municipality: string | null;
  readonly municipalityName: string | null;
  readonly overflowReason: string | null;
  /** Town ring and queue together, until the agent answered (or until now while it rings). */
  readonly waitedMs: number;
  /** Other calls from the same caller (by salted hash) in the last 7 days; 0 for a withheld or empty number. */
  readonly earlierCalls7d: number;
  readonly callback: boolean;
  readonly transfer: Call['transfer'] | null;
  /** The outcome the agent has filed so far (it becomes final when the wrap-up ends). */
  readonly outcome: string | null;
  readonly departments: readonly { readonly id: string; readonly name: string }[];
  /** A caller a partner center handed over: whose caller it is and what the call is about there; null for this center's own. */
  readonly fromPartner: PartnerPop | null;
}

/**
 * A handed-over caller as the agent sees it. The municipality belongs to the partner's deployment
 * (its id and name there): this center has no town, departments or local knowledge for it, so the
 * call's own `municipality` is null.
 */
export interface PartnerPop {
  readonly center: string;
  /** The partner's `name` in this center's `serviceCenter.partners`; its id when it is not listed or named. */
  readonly centerName: string;
  /** The town the call is about at the partner; null: the partner center itself. */
  readonly municipality: { readonly id: string; readonly name: string } | null;
  /** Why the partner handed the caller over. */
  readonly trigger: BorrowTrigger;
  /** The caller's arrival at the partner (epoch ms); `waitedMs` counts from there. */
  readonly arrivedAt: number;
  /** How the call reached the partner's queue (its overflow reason there). */
  readonly overflowReason: string | null;
  /** What the caller dialled at the partner: its 115 number or a town hall's number. */
  readonly entry: '115' | 'town';
}

export interface CallerHistory {
  /** Remembers that this caller hash called (for 7 days). */
  seen(callerHash: string, callId: string, at: number): Promise<void>;
  /** How many other calls of this caller hash arrived in [since, before). */
  count(callerHash: string, since: number, before: number, except: string): Promise<number>;
}

type Listener = (agent: AgentId) => void;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Live desktop views: builds an agent's view, and tells subscribers (SSE connections) whenever
 * something the agent sees changed: their own state, or a call offered to or held by them.
 */
export class DeskFeed {
  private readonly listeners = new Map<AgentId, Set<Listener>>();
  private readonly unknownCallers: ReadonlySet<string>;

  constructor(
    private readonly d: {
      readonly agents: AgentStore;
      readonly calls: CallStore;
      readonly clock: Clock;
      readonly history: CallerHistory;
      /** Salted hashes of the caller ids that identify nobody (UNKNOWN_CALLER_IDS): never earlier calls. */
      readonly unknownCallerHashes: Iterable<string>;
      readonly agentNames: ReadonlyMap<string, string>;
      readonly townNames: ReadonlyMap<string, string>;
      readonly departments: ReadonlyMap<string, readonly { readonly id: string; readonly name: string }[]>;
      readonly serviceOf: (call: Call) => string | null;
      /** Partner centers' names by id (`serviceCenter.partners`), for handed-over callers. */
      readonly partnerNames?: ReadonlyMap<string, string>;
      /** The outcome filed so far for a call, if any. */
      readonly pendingOutcome?: (call: Call) => Promise<string | null>;
    },
  ) {
    this.unknownCallers = new Set(d.unknownCallerHashes);
  }

  subscribe(agent: AgentId, listener: Listener): () => void {
    const set = this.listeners.get(agent) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(agent, set);
    return () => set.delete(listener);
  }

  agentChanged(agent: AgentId): void {
    for (const l of this.listeners.get(agent) ?? []) l(agent);
  }

  /** A call changed: the agents it concerns are told (the one offered or talking, or just released). */
  callChanged(call: Call): void {
    const agents = new Set<AgentId>();
    if (call.offer) agents.add(call.offer.agentId);
    if (call.peer?.kind === 'agent') agents.add(call.peer.agentId);
    if (call.agentId) agents.add(call.agentId);
    for (const agent of agents) this.agentChanged(agent);
  }

  async view(agent: AgentId): Promise<DeskView | null> {
    const state = await this.d.agents.get(agent);
    if (!state) return null;
    const at = this.d.clock.now();
    const call = state.callId ? await this.d.calls.get(state.callId) : null;
    return { at, agent: { ...state, name: this.d.agentNames.get(agent) ?? null }, call: call ? await this.pop(call, at) : null };
  }

  private async pop(call: Call, at: number): Promise<ScreenPop> {
    const town = call.municipality;
    return {
      callId: call.id,
      phase: call.phase,
      entry: call.entry.kind,
      service: this.d.serviceOf(call),
      municipality: town,
      municipalityName: town ? (this.d.townNames.get(town) ?? town) : null,
      overflowReason: call.overflowReason ?? null,
      // A handed-over caller's arrival is the one at the partner: the wait there counts too.
      waitedMs: (call.times.answeredAt ?? at) - call.times.arrivedAt,
      earlierCalls7d: await this.earlierCalls(call),
      callback: call.callback !== undefined,
      transfer: call.transfer ?? null,
      outcome: (await this.d.pendingOutcome?.(call)) ?? null,
      departments: town ? (this.d.departments.get(town) ?? []).map((dep) => ({ id: dep.id, name: dep.name })) : [],
      fromPartner: this.partnerPop(call),
    };
  }

  private partnerPop(call: Call): PartnerPop | null {
    const from = call.fromPartner;
    if (!from) return null;
    return {
      center: from.center,
      centerName: this.d.partnerNames?.get(from.center) ?? from.center,
      municipality: from.municipality ? { id: from.municipality.id, name: from.municipality.name } : null,
      trigger: from.trigger,
      arrivedAt: from.arrivedAt,
      overflowReason: from.overflowReason,
      entry: from.entry,
    };
  }

  /** Withheld and empty numbers share one hash: counted, every such caller would pop as a repeat caller. */
  private earlierCalls(call: Call): Promise<number> {
    if (this.unknownCallers.has(call.callerHash)) return Promise.resolve(0);
    return this.d.history.count(call.callerHash, call.times.arrivedAt - 7 * DAY_MS, call.times.arrivedAt, call.id);
  }
}
