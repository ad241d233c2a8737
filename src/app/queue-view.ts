import type { AgentState } from '../domain/agent.js';
import type { Call } from '../domain/call.js';
import type { AgentStore, CallStore, Clock, LiveQueue } from './ports.js';

export interface WaitingCallView {
  readonly callId: string;
  /** The row: 1 at the head, calls an agent's phone already rings for first. */
  readonly position: number;
  /** The place the caller hears announced: 1 at the head of the queue; null while an agent's phone rings for the call. */
  readonly queuePosition: number | null;
  readonly entry: Call['entry']['kind'];
  readonly townId: string | null;
  /** The town the call is about (115 calls: by the caller's prefix); null: the county itself. */
  readonly municipality: string | null;
  /** `callback`: the caller asked to be called back and hung up; the request keeps the place. */
  readonly phase: 'queued' | 'offering' | 'callback';
  readonly overflowReason: string | null;
  /** Since the call ARRIVED (town ring included). */
  readonly waitedMs: number;
  readonly offeredTo: string | null;
  /** queuePosition × recent average handle time ÷ staffed agents (see wait-estimate.ts); 0 while an agent rings; null without staffed agents. */
  readonly estimatedWaitMs: number | null;
  /** The caller asked for a callback (queue full); an agent will be offered the task in turn. */
  readonly callbackRequested: boolean;
  /** Only for a caller a partner center handed over: that center's id and the name of the town the call is about there (null: the center itself). */
  readonly fromPartner?: { readonly center: string; readonly municipalityName: string | null };
}

export interface QueueView {
  readonly at: number;
  readonly waiting: readonly WaitingCallView[];
  readonly ringingAtTowns: number;
  readonly agents: readonly (AgentState & { readonly name: string | null })[];
}

/** What an operator sees of the live queue: who waits, for how long, and what each agent does. */
export async function readQueue(
  d: {
    store: CallStore;
    queue: LiveQueue;
    agents: AgentStore;
    clock: Clock;
    estimate: (position: number, agents: readonly AgentState[]) => number | null;
  },
  agentNames: ReadonlyMap<string, string>,
): Promise<QueueView> {
  const at = d.clock.now();
  const [active, order, agents] = await Promise.all([d.store.active(), d.queue.waiting(), d.agents.all()]);
  const rank = new Map(order.map((w, i) => [w.call as string, i]));
  // Calls being offered are no longer in the queue set but still wait: they come first.
  const waiting = active
    .filter((c) => c.phase === 'queued' || c.phase === 'offering' || c.phase === 'callback-waiting')
    .sort((a, b) => (rank.get(a.id) ?? -1) - (rank.get(b.id) ?? -1) || a.times.arrivedAt - b.times.arrivedAt)
    .map((c, i) => {
      const inQueue = c.phase === 'offering' ? undefined : rank.get(c.id);
      return {
        callId: c.id,
        position: i + 1,
        queuePosition: inQueue === undefined ? null : inQueue + 1,
        entry: c.entry.kind,
        townId: c.entry.townId,
        municipality: c.municipality ?? null,
        phase: c.phase === 'callback-waiting' ? ('callback' as const) : (c.phase as 'queued' | 'offering'),
        overflowReason: c.overflowReason ?? null,
        waitedMs: at - c.times.arrivedAt,
        offeredTo: c.offer?.agentId ?? null,
        estimatedWaitMs: c.phase === 'offering' ? 0 : d.estimate((inQueue ?? 0) + 1, agents),
        callbackRequested: c.callback !== undefined,
        ...(c.fromPartner ? { fromPartner: { center: c.fromPartner.center, municipalityName: c.fromPartner.municipality?.name ?? null } } : {}),
      };
    });
  return {
    at,
    waiting,
    ringingAtTowns: active.filter((c) => c.phase === 'town-ringing').length,
    agents: agents.map((a) => ({ ...a, name: agentNames.get(a.id) ?? null })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}
