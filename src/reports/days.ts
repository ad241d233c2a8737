/**
 * From the statistics' call facts to the reports' aggregates: per day and scope (a town, the
 * county itself, or everything), by overflow reason, by agent, by topic and by partner center. The figures are the statistics'
 * own (`figuresOf`, `agentFiguresOf`): nothing is redefined here. Pure.
 */
import { agentFiguresOf, figuresOf, partnerTalliesOf, topicTalliesOf, type CallFact, type FiguresContext } from '../stats/index.js';
import { localDate } from '../stats/time.js';
import { NO_TRANSFERS, addTransfers, agentTallyOf, callTallyOf, endTallyOf, type Aggregate, type AgentTally, type EndTally, type TransferCounts } from './tally.js';

/** The scope of every call. */
export const ALL = '_all';
/** The scope of the calls about no town (a 115 caller whose prefix is no town's): the county itself. */
export const COUNTY = '_county';

/** The scope a call about `municipality` belongs to (besides ALL). */
export const scopeOf = (municipality: string | null): string => municipality ?? COUNTY;

export type TransfersOf = (callId: string) => TransferCounts | undefined;

const transfersIn = (facts: readonly CallFact[], transfersOf: TransfersOf): TransferCounts => {
  let sum = NO_TRANSFERS;
  for (const f of facts) {
    const t = transfersOf(f.id);
    if (t) sum = addTransfers(sum, t);
  }
  return sum;
};

const groupBy = <K>(facts: readonly CallFact[], key: (f: CallFact) => K): Map<K, CallFact[]> => {
  const out = new Map<K, CallFact[]>();
  for (const f of facts) {
    const k = key(f);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  return out;
};

/** The aggregate of `facts` (all of them: filter by day and scope first). */
export function aggregateOf(facts: readonly CallFact[], ctx: FiguresContext, transfersOf: TransfersOf): Aggregate {
  const reasons: Record<string, EndTally> = {};
  for (const [reason, list] of groupBy(facts, (f) => f.overflowReason ?? 'none')) reasons[reason] = endTallyOf(figuresOf(list, ctx));
  const byAgent = groupBy(
    facts.filter((f) => f.agentId !== null),
    (f) => f.agentId ?? '',
  );
  const agents: Record<string, AgentTally> = {};
  for (const a of agentFiguresOf(facts, ctx)) agents[a.agentId] = agentTallyOf(a, transfersIn(byAgent.get(a.agentId) ?? [], transfersOf));
  return {
    calls: callTallyOf(figuresOf(facts, ctx), transfersIn(facts, transfersOf)),
    reasons,
    agents,
    topics: topicTalliesOf(facts, ctx),
    partners: partnerTalliesOf(facts, ctx.rules),
  };
}

/**
 * One day's aggregates (`facts`: the calls that arrived that day): ALL, and one per municipality
 * the calls are about (COUNTY for none), plus an empty one for each of `alsoScopes` without calls.
 */
export function dayAggregates(facts: readonly CallFact[], ctx: FiguresContext, transfersOf: TransfersOf, alsoScopes: Iterable<string> = []): Map<string, Aggregate> {
  const out = new Map<string, Aggregate>([[ALL, aggregateOf(facts, ctx, transfersOf)]]);
  const groups = groupBy(facts, (f) => scopeOf(f.municipality));
  for (const scope of alsoScopes) if (!groups.has(scope)) groups.set(scope, []);
  for (const [scope, list] of groups) out.set(scope, aggregateOf(list, ctx, transfersOf));
  return out;
}

/** Facts by the local date they arrived on. */
export const factsByDate = (facts: readonly CallFact[], timezone: string): Map<string, CallFact[]> => groupBy(facts, (f) => localDate(timezone, f.arrivedAt));
