/**
 * Additive counts of a day (or of any set of days) of one scope: what the daily aggregates store
 * and what a report adds up. Figures with a denominator (rates, means) are never added: their
 * numerators and denominators are, and the figure is worked out once, for the whole range, by the
 * same definitions as the statistics (README, "Statistics"). Pure.
 *
 * A mean is kept as a sum with its count. A day's sums are rebuilt from the statistics' daily means
 * (whole ms) times their counts, so a mean over several days is the count-weighted mean of the daily
 * means: within 1 ms of the mean over the calls themselves.
 */
import {
  OVERFLOW_REASON_KEYS,
  addPartnerTallies,
  addTopicTallies,
  fcrOf,
  handleOf,
  mean,
  rate,
  type AgentFigures,
  type Fcr,
  type Figures,
  type Outcomes,
  type PartnerTally,
  type TopicTally,
} from '../stats/index.js';

/** Transfers to a department's case worker, from the call records (`transfers[]`). */
export interface TransferCounts {
  /** Transfers asked for by the agent: connected + noAnswer + cancelled. */
  readonly count: number;
  /** The caller was put through to the case worker. */
  readonly connected: number;
  /** Nobody at the department answered in time: the caller came back to the agent. */
  readonly noAnswer: number;
  /** The agent took the caller back (warm), or the case worker hung up while consulting. */
  readonly cancelled: number;
}

export const NO_TRANSFERS: TransferCounts = { count: 0, connected: 0, noAnswer: 0, cancelled: 0 };

export const addTransfers = (a: TransferCounts, b: TransferCounts): TransferCounts => ({
  count: a.count + b.count,
  connected: a.connected + b.connected,
  noAnswer: a.noAnswer + b.noAnswer,
  cancelled: a.cancelled + b.cancelled,
});

/** How a call ended, counted per overflow reason: `offered` = the sum of the others. */
export const END_COUNTERS = [
  'offered',
  'answeredByAgent',
  'answeredByTown',
  'abandoned',
  'shortAbandoned',
  'closed',
  'queueFull',
  'noAgent',
  'callbackUnanswered',
  'failed',
  'handedOver',
  'otherEnd',
] as const;
export type EndCounter = (typeof END_COUNTERS)[number];
export type EndTally = Readonly<Record<EndCounter, number>>;

/** Everything a scope's figures are made of. */
export const CALL_COUNTERS = [
  ...END_COUNTERS,
  'entry115',
  'entryTown',
  'onCallback',
  'answeredInTime',
  'answeredLive',
  'asaSumMs',
  'handleCalls',
  'talkSumMs',
  'wrapUpSumMs',
  'resolved',
  'transferred',
  'callbackNote',
  'unclassified',
  'pending',
  'strictResolved',
  /** Days whose strict FCR may still drop (0: settled). */
  'unsettled',
  'transfers',
  'transfersConnected',
  'transfersNoAnswer',
  'transfersCancelled',
  /** Days stored before topics were counted, whose calls answered by agents have none (0: every day has its topics). */
  'topicsUncounted',
  /** Days stored before the calls between partner centers were counted, that may have had some (0: every day has its partner counts). */
  'partnersUncounted',
] as const;
export type CallCounter = (typeof CALL_COUNTERS)[number];
export type CallTally = Readonly<Record<CallCounter, number>>;

/** An agent's share: the calls the agent answered. */
export const AGENT_COUNTERS = [
  'answered',
  'onCallback',
  'answeredLive',
  'asaSumMs',
  'handleCalls',
  'talkSumMs',
  'wrapUpSumMs',
  'resolved',
  'transferred',
  'callbackNote',
  'unclassified',
  'pending',
  'strictResolved',
  'unsettled',
  'transfers',
  'transfersConnected',
  'transfersNoAnswer',
  'transfersCancelled',
] as const;
export type AgentCounter = (typeof AGENT_COUNTERS)[number];
export type AgentTally = Readonly<Record<AgentCounter, number>>;

/** The overflow reasons a report lists, in order; `none`: the call never went to the county. */
export const REASON_KEYS: readonly string[] = [...OVERFLOW_REASON_KEYS, 'none'];

/** One scope (a town, the county itself, or everything) over a day or a range of days. */
export interface Aggregate {
  readonly calls: CallTally;
  /** By overflow reason (`none` included); absent: no call. */
  readonly reasons: Readonly<Record<string, EndTally>>;
  /** By agent id; absent: the agent answered no call. */
  readonly agents: Readonly<Record<string, AgentTally>>;
  /** By topic (knowledge article id), NO_TOPIC and ANY_TOPIC (src/stats/topics.ts); absent: no call. */
  readonly topics: Readonly<Record<string, TopicTally>>;
  /** By partner center id (src/stats/partners.ts): calls handed to it and taken for it; absent: none. */
  readonly partners: Readonly<Record<string, PartnerTally>>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export const zeroCalls = (): CallTally => zeros(CALL_COUNTERS);
export const zeroEnds = (): EndTally => zeros(END_COUNTERS);
export const zeroAgent = (): AgentTally => zeros(AGENT_COUNTERS);
export const EMPTY_AGGREGATE: Aggregate = { calls: zeroCalls(), reasons: {}, agents: {}, topics: {}, partners: {} };

const addCounts = <K extends string>(keys: readonly K[], a: Readonly<Record<K, number>>, b: Readonly<Record<K, number>>): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, a[k] + b[k]])) as Record<K, number>;

const addRecords = <T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>, add: (x: T, y: T) => T): Record<string, T> => {
  const out: Record<string, T> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const have = out[k];
    out[k] = have === undefined ? v : add(have, v);
  }
  return out;
};

export const addAggregates = (a: Aggregate, b: Aggregate): Aggregate => ({
  calls: addCounts(CALL_COUNTERS, a.calls, b.calls),
  reasons: addRecords(a.reasons, b.reasons, (x, y) => addCounts(END_COUNTERS, x, y)),
  agents: addRecords(a.agents, b.agents, (x, y) => addCounts(AGENT_COUNTERS, x, y)),
  topics: addRecords(a.topics, b.topics, addTopicTallies),
  partners: addRecords(a.partners, b.partners, addPartnerTallies),
});

export const sumAggregates = (list: Iterable<Aggregate>): Aggregate => {
  let sum = EMPTY_AGGREGATE;
  for (const a of list) sum = addAggregates(sum, a);
  return sum;
};

// ---- from the statistics' figures ----

const sumOf = (mean: number | null, n: number): number => (mean === null ? 0 : mean * n);

/** The ends of a set of calls, from its statistics figures. */
export const endTallyOf = (f: Figures): EndTally => ({
  offered: f.offered,
  answeredByAgent: f.answered.byAgent,
  answeredByTown: f.answered.byTown,
  abandoned: f.abandoned,
  shortAbandoned: f.shortAbandoned,
  closed: f.otherEnds.closed,
  queueFull: f.otherEnds.queueFull,
  noAgent: f.otherEnds.noAgent,
  callbackUnanswered: f.otherEnds.callbackUnanswered,
  failed: f.otherEnds.failed,
  handedOver: f.otherEnds.handedOver,
  otherEnd: f.otherEnds.other,
});

/** A set of calls' counts, from its statistics figures and its transfers. */
export const callTallyOf = (f: Figures, t: TransferCounts): CallTally => ({
  ...endTallyOf(f),
  entry115: f.byEntry['115'],
  entryTown: f.byEntry.town,
  onCallback: f.answered.onCallback,
  answeredInTime: f.serviceLevel.answeredInTime,
  answeredLive: f.answeredLive,
  asaSumMs: sumOf(f.asaMs, f.answeredLive),
  handleCalls: f.handle.calls,
  talkSumMs: sumOf(f.handle.talkMs, f.handle.calls),
  wrapUpSumMs: sumOf(f.handle.wrapUpMs, f.handle.calls),
  resolved: f.outcomes.resolved,
  transferred: f.outcomes.transferred,
  callbackNote: f.outcomes.callbackNote,
  unclassified: f.outcomes.unclassified,
  pending: f.outcomes.pending,
  strictResolved: f.fcr.strictResolved,
  unsettled: f.fcr.settled ? 0 : 1,
  transfers: t.count,
  transfersConnected: t.connected,
  transfersNoAnswer: t.noAnswer,
  transfersCancelled: t.cancelled,
  topicsUncounted: 0,
  partnersUncounted: 0,
});

/** An agent's counts, from the statistics' figures of the calls the agent answered and their transfers. */
export const agentTallyOf = (a: AgentFigures, t: TransferCounts): AgentTally => {
  const live = a.answered - a.onCallback;
  return {
    answered: a.answered,
    onCallback: a.onCallback,
    answeredLive: live,
    asaSumMs: sumOf(a.asaMs, live),
    handleCalls: a.handle.calls,
    talkSumMs: sumOf(a.handle.talkMs, a.handle.calls),
    wrapUpSumMs: sumOf(a.handle.wrapUpMs, a.handle.calls),
    resolved: a.outcomes.resolved,
    transferred: a.outcomes.transferred,
    callbackNote: a.outcomes.callbackNote,
    unclassified: a.outcomes.unclassified,
    pending: a.outcomes.pending,
    strictResolved: a.fcr.strictResolved,
    unsettled: a.fcr.settled ? 0 : 1,
    transfers: t.count,
    transfersConnected: t.connected,
    transfersNoAnswer: t.noAnswer,
    transfersCancelled: t.cancelled,
  };
};

// ---- to a report's figures ----

/** The statistics' figures of a set of calls, with its transfers. */
export type ReportFigures = Figures & { readonly transfers: TransferCounts };

/** How the calls that went to the county for one reason (or `none`) ended. */
export interface ReasonFigures {
  readonly reason: string;
  readonly offered: number;
  readonly answered: { readonly total: number; readonly byAgent: number; readonly byTown: number };
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly otherEnds: Figures['otherEnds'];
}

export type ReportAgentFigures = AgentFigures & { readonly transfers: TransferCounts };

const outcomesOf = (t: CallTally | AgentTally): Outcomes => ({
  resolved: t.resolved,
  transferred: t.transferred,
  callbackNote: t.callbackNote,
  unclassified: t.unclassified,
  pending: t.pending,
});

const fcrOfTally = (t: CallTally | AgentTally): Fcr => fcrOf(t, t.unsettled === 0);

const transfersOf = (t: CallTally | AgentTally): TransferCounts => ({
  count: t.transfers,
  connected: t.transfersConnected,
  noAnswer: t.transfersNoAnswer,
  cancelled: t.transfersCancelled,
});

const otherEndsOf = (e: EndTally): Figures['otherEnds'] => ({
  closed: e.closed,
  queueFull: e.queueFull,
  noAgent: e.noAgent,
  callbackUnanswered: e.callbackUnanswered,
  failed: e.failed,
  handedOver: e.handedOver,
  other: e.otherEnd,
});

/** The sum of the other ends (closed, queue full, …, handed to a partner center). */
export const otherEndsTotal = (o: Figures['otherEnds']): number => o.closed + o.queueFull + o.noAgent + o.callbackUnanswered + o.failed + o.handedOver + o.other;

/** The figures of an aggregate, by the statistics' definitions. */
export function figuresOfAggregate(a: Aggregate): ReportFigures {
  const t = a.calls;
  const byAgent = t.answeredByAgent;
  const byTown = t.answeredByTown;
  // As the statistics' (inServiceLevelBase): without short abandons, calls outside the hours and calls handed to a partner.
  const base = t.offered - t.shortAbandoned - t.closed - t.handedOver;
  const overflowReasons: Record<string, number> = Object.fromEntries(REASON_KEYS.map((k) => [k, 0]));
  for (const [reason, e] of Object.entries(a.reasons)) overflowReasons[reason] = (overflowReasons[reason] ?? 0) + e.offered;
  return {
    offered: t.offered,
    byEntry: { '115': t.entry115, town: t.entryTown },
    answered: { total: byAgent + byTown, byAgent, byTown, onCallback: t.onCallback },
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    abandonRate: rate(t.abandoned, base),
    otherEnds: otherEndsOf(t),
    serviceLevel: { rate: rate(t.answeredInTime, base), answeredInTime: t.answeredInTime, base },
    asaMs: mean(t.asaSumMs, t.answeredLive),
    answeredLive: t.answeredLive,
    handle: handleOf(t.handleCalls, t.talkSumMs, t.wrapUpSumMs),
    outcomes: outcomesOf(t),
    fcr: fcrOfTally(t),
    overflowReasons,
    transfers: transfersOf(t),
  };
}

/** Per overflow reason (the known ones in order, then any other, `none` last), with every known reason listed. */
export function reasonFiguresOf(a: Aggregate): ReasonFigures[] {
  const known = REASON_KEYS.filter((k) => k !== 'none');
  const others = Object.keys(a.reasons)
    .filter((k) => !REASON_KEYS.includes(k))
    .sort();
  return [...known, ...others, 'none'].map((reason) => {
    const e = a.reasons[reason] ?? zeroEnds();
    return {
      reason,
      offered: e.offered,
      answered: { total: e.answeredByAgent + e.answeredByTown, byAgent: e.answeredByAgent, byTown: e.answeredByTown },
      abandoned: e.abandoned,
      shortAbandoned: e.shortAbandoned,
      otherEnds: otherEndsOf(e),
    };
  });
}

/** Per agent, by agent id. */
export function agentFiguresOfAggregate(a: Aggregate): ReportAgentFigures[] {
  return Object.keys(a.agents)
    .sort()
    .map((agentId) => {
      const t = a.agents[agentId] ?? zeroAgent();
      return {
        agentId,
        answered: t.answered,
        onCallback: t.onCallback,
        asaMs: mean(t.asaSumMs, t.answeredLive),
        handle: handleOf(t.handleCalls, t.talkSumMs, t.wrapUpSumMs),
        outcomes: outcomesOf(t),
        fcr: fcrOfTally(t),
        transfers: transfersOf(t),
      };
    });
}

/** offered = answered + abandoned + short abandoned + the other ends. */
export const endsAddUp = (f: { readonly offered: number; readonly answered: { readonly total: number }; readonly abandoned: number; readonly shortAbandoned: number; readonly otherEnds: Figures['otherEnds'] }): boolean =>
  f.offered === f.answered.total + f.abandoned + f.shortAbandoned + otherEndsTotal(f.otherEnds);
