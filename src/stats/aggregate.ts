/**
 * The statistics' arithmetic, pure: from call facts (ended call records) and final outcomes
 * (dispositions), joined by call id, the figures of any set of calls. The definitions are the
 * README's "Statistics" section; each figure's doc comment here says the same.
 *
 * A call belongs to the interval in which it ARRIVED (local time of the service center), whenever
 * it ended, and to the municipality the call is about (`municipality` of its record).
 */
import type { Disposition } from '../app/dispositions.js';
import type { Call } from '../domain/call.js';
import { callFact, finalOutcome, type CallFact, type FinalOutcome } from './facts.js';
import { DAY_MS, intervalsOf, localIso, type IntervalKind, type Span } from './time.js';

/** The thresholds the figures are defined by. */
export interface StatsRules {
  /** Answered within this long after arrival counts for the service level (30 s: the 115 promise). */
  readonly serviceLevelMs: number;
  /** An abandoned call that ended sooner than this after arrival is a short abandon (5 s). */
  readonly shortAbandonMs: number;
  /** A resolved call is not first-contact resolved in the strict form if the caller calls again within this long (7 days). */
  readonly repeatWindowMs: number;
  /** The configured wrap-up: a call's wrap-up counts at most this long (`serviceCenter.wrapUpSec`). */
  readonly wrapUpCapMs: number;
}

export const DEFAULT_RULES: StatsRules = {
  serviceLevelMs: 30_000,
  shortAbandonMs: 5_000,
  repeatWindowMs: 7 * DAY_MS,
  wrapUpCapMs: 30_000,
};

export const OVERFLOW_REASON_KEYS = [
  'direct-115',
  'town-no-answer',
  'town-busy',
  'town-unreachable',
  'town-unregistered',
  'town-closed',
  'switchboard',
  'town-ring-limit',
] as const;

/** The figures of a set of calls. Rates are fractions 0..1 (4 decimals), durations whole ms; null: nothing to divide by. */
export interface Figures {
  /** Call records: every call that reached a town hall's number or 115 and ended, whatever happened to it. */
  readonly offered: number;
  /** `offered` by the number dialled. */
  readonly byEntry: { readonly '115': number; readonly town: number };
  readonly answered: {
    /** byAgent + byTown. */
    readonly total: number;
    /** Records `answered-by-agent`, callbacks included. */
    readonly byAgent: number;
    /** Records `answered-by-town`. */
    readonly byTown: number;
    /** Of byAgent: answered on a callback (the caller had hung up; the agent called back and the citizen answered). */
    readonly onCallback: number;
  };
  /** Records `abandoned` that ended `shortAbandonMs` or later after arrival. */
  readonly abandoned: number;
  /** Records `abandoned` that ended sooner than `shortAbandonMs` after arrival: kept apart from `abandoned`. */
  readonly shortAbandoned: number;
  /** abandoned ÷ (offered − shortAbandoned). */
  readonly abandonRate: number | null;
  /** The other ends; offered = answered.total + abandoned + shortAbandoned + the sum of these. */
  readonly otherEnds: {
    readonly closed: number;
    readonly queueFull: number;
    readonly noAgent: number;
    readonly callbackUnanswered: number;
    readonly failed: number;
    /** An outcome this version does not know. */
    readonly other: number;
  };
  readonly serviceLevel: {
    /** answeredInTime ÷ base. */
    readonly rate: number | null;
    /** Answered live (not on a callback) at most `serviceLevelMs` after ARRIVAL, town ring included, by a town or an agent. */
    readonly answeredInTime: number;
    /** offered − shortAbandoned. */
    readonly base: number;
  };
  /** Average speed of answer: mean of answeredAt − arrivedAt over the calls answered live (town ring included; callbacks not). */
  readonly asaMs: number | null;
  /** How many calls asaMs averages. */
  readonly answeredLive: number;
  /** Handle time of calls answered by an agent whose outcome is final. */
  readonly handle: Handle;
  /** Final outcomes of the calls answered by an agent; `pending`: answered by an agent, outcome not final yet. */
  readonly outcomes: Outcomes;
  readonly fcr: Fcr;
  /** Why calls went to the county (`overflowReason` of the record); `none`: they did not (answered or abandoned at the town). */
  readonly overflowReasons: Readonly<Record<string, number>>;
}

export interface Handle {
  /** Calls answered by an agent with a final outcome: the ones averaged. */
  readonly calls: number;
  /** Mean talk: from the answer until the agent stopped talking (the call's end, or the hand-over to a case worker). */
  readonly talkMs: number | null;
  /** Mean wrap-up: from the end of talk until the outcome was made final, at most the configured wrap-up. */
  readonly wrapUpMs: number | null;
  /** Average handle time: talkMs + wrapUpMs (mean of the per-call sums). */
  readonly ahtMs: number | null;
}

export interface Outcomes {
  readonly resolved: number;
  readonly transferred: number;
  readonly callbackNote: number;
  readonly unclassified: number;
  readonly pending: number;
}

export interface Fcr {
  /** resolved + transferred + callbackNote (unclassified and pending are not classified). */
  readonly classified: number;
  readonly resolved: number;
  /** resolved ÷ classified. */
  readonly rate: number | null;
  /** Resolved calls whose caller (same caller hash) did NOT call again within `repeatWindowMs` after the call ended. */
  readonly strictResolved: number;
  /** strictResolved ÷ classified. */
  readonly strictRate: number | null;
  /** Resolved calls whose caller did call again in that window: resolved − strictResolved. */
  readonly repeatContacts: number;
  /** False while some resolved call ended less than `repeatWindowMs` before `asOf`: its caller may still call again. */
  readonly settled: boolean;
}

/** Per agent: the calls the agent answered (the record's `agentId`). */
export interface AgentFigures {
  readonly agentId: string;
  readonly answered: number;
  readonly onCallback: number;
  readonly asaMs: number | null;
  readonly handle: Handle;
  readonly outcomes: Outcomes;
  readonly fcr: Fcr;
}

/** What the figures need besides the calls themselves. */
export interface FiguresContext {
  readonly rules: StatsRules;
  /** When the figures are computed: strict FCR is settled for calls that ended `repeatWindowMs` before. */
  readonly asOf: number;
  /** The call's final outcome, if it is final. */
  outcomeOf(callId: string): FinalOutcome | undefined;
  /** Whether the same caller called again within the repeat window after `call` ended. */
  calledAgain(call: CallFact): boolean;
}

export const rate = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const mean = (sum: number, n: number): number | null => (n > 0 ? Math.round(sum / n) : null);

/**
 * A call's wrap-up: from the end of talk until its outcome was made final, at most `capMs`; at least
 * until the outcome was filed (a filing in wrap-up proves the wrap-up lasted that long), never negative.
 */
export const wrapUpMsOf = (talkEndedAt: number, o: FinalOutcome, capMs: number): number => {
  const floor = Math.min(Math.max(0, o.filedAt - talkEndedAt), capMs);
  return Math.min(Math.max(o.finalizedAt - talkEndedAt, floor), capMs);
};

/** A call with what the context knows of it, looked up once per report. */
interface Row {
  readonly call: CallFact;
  /** Its final outcome, if answered by an agent and final. */
  readonly outcome: FinalOutcome | undefined;
  /** Resolved, and the caller called again within the window. */
  readonly calledAgain: boolean;
}

function rowOf(call: CallFact, ctx: FiguresContext): Row {
  const outcome = call.outcome === 'answered-by-agent' ? ctx.outcomeOf(call.id) : undefined;
  return { call, outcome, calledAgain: outcome?.outcome === 'resolved' && ctx.calledAgain(call) };
}

/** Running sums of the agent-side figures (one per agent, one for the whole set). */
class AgentSide {
  answered = 0;
  onCallback = 0;
  liveN = 0;
  liveSum = 0;
  handled = 0;
  talkSum = 0;
  wrapSum = 0;
  resolved = 0;
  transferred = 0;
  callbackNote = 0;
  unclassified = 0;
  pending = 0;
  strictResolved = 0;
  unsettled = false;

  add(row: Row, rules: StatsRules, asOf: number): void {
    const c = row.call;
    this.answered++;
    if (c.onCallback) this.onCallback++;
    else if (c.answeredAt !== null) {
      this.liveN++;
      this.liveSum += c.answeredAt - c.arrivedAt;
    }
    const o = row.outcome;
    if (!o) {
      this.pending++;
      return;
    }
    const answeredAt = c.answeredAt ?? c.endedAt;
    const talkEnd = c.talkEndedAt ?? c.endedAt;
    this.handled++;
    this.talkSum += Math.max(0, talkEnd - answeredAt);
    this.wrapSum += wrapUpMsOf(talkEnd, o, rules.wrapUpCapMs);
    switch (o.outcome) {
      case 'resolved':
        this.resolved++;
        if (!row.calledAgain) this.strictResolved++;
        if (c.endedAt + rules.repeatWindowMs > asOf) this.unsettled = true;
        break;
      case 'transferred':
        this.transferred++;
        break;
      case 'callback-note':
        this.callbackNote++;
        break;
      case 'unclassified':
        this.unclassified++;
        break;
    }
  }

  handle(): Handle {
    return {
      calls: this.handled,
      talkMs: mean(this.talkSum, this.handled),
      wrapUpMs: mean(this.wrapSum, this.handled),
      ahtMs: mean(this.talkSum + this.wrapSum, this.handled),
    };
  }

  outcomes(): Outcomes {
    return { resolved: this.resolved, transferred: this.transferred, callbackNote: this.callbackNote, unclassified: this.unclassified, pending: this.pending };
  }

  fcr(): Fcr {
    const classified = this.resolved + this.transferred + this.callbackNote;
    return {
      classified,
      resolved: this.resolved,
      rate: rate(this.resolved, classified),
      strictResolved: this.strictResolved,
      strictRate: rate(this.strictResolved, classified),
      repeatContacts: this.resolved - this.strictResolved,
      settled: !this.unsettled,
    };
  }
}

/** The figures of `calls` (all of them: filter by interval and municipality first). */
export function figuresOf(calls: Iterable<CallFact>, ctx: FiguresContext): Figures {
  return figuresOfRows(Array.from(calls, (c) => rowOf(c, ctx)), ctx);
}

function figuresOfRows(rows: readonly Row[], ctx: FiguresContext): Figures {
  const r = ctx.rules;
  let offered = 0;
  const byEntry = { '115': 0, town: 0 };
  let byTown = 0;
  let abandoned = 0;
  let shortAbandoned = 0;
  const other = { closed: 0, queueFull: 0, noAgent: 0, callbackUnanswered: 0, failed: 0, other: 0 };
  let inTime = 0;
  let liveN = 0;
  let liveSum = 0;
  const agents = new AgentSide();
  const reasons: Record<string, number> = Object.fromEntries([...OVERFLOW_REASON_KEYS, 'none'].map((k) => [k, 0]));

  for (const row of rows) {
    const c = row.call;
    offered++;
    if (c.entry === '115') byEntry['115']++;
    else byEntry.town++;
    const reason = c.overflowReason ?? 'none';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    const live = (c.outcome === 'answered-by-town' || (c.outcome === 'answered-by-agent' && !c.onCallback)) && c.answeredAt !== null;
    if (live && c.answeredAt !== null) {
      const speed = c.answeredAt - c.arrivedAt;
      liveN++;
      liveSum += speed;
      if (speed <= r.serviceLevelMs) inTime++;
    }
    switch (c.outcome) {
      case 'answered-by-agent':
        agents.add(row, r, ctx.asOf);
        break;
      case 'answered-by-town':
        byTown++;
        break;
      case 'abandoned':
        if (c.endedAt - c.arrivedAt < r.shortAbandonMs) shortAbandoned++;
        else abandoned++;
        break;
      case 'closed':
        other.closed++;
        break;
      case 'queue-full':
        other.queueFull++;
        break;
      case 'no-agent':
        other.noAgent++;
        break;
      case 'callback-unanswered':
        other.callbackUnanswered++;
        break;
      case 'failed':
        other.failed++;
        break;
      default:
        other.other++;
    }
  }
  // Calls outside the service hours (the caller heard them) are not calls the center could answer.
  const base = offered - shortAbandoned - other.closed;
  return {
    offered,
    byEntry,
    answered: { total: agents.answered + byTown, byAgent: agents.answered, byTown, onCallback: agents.onCallback },
    abandoned,
    shortAbandoned,
    abandonRate: rate(abandoned, base),
    otherEnds: other,
    serviceLevel: { rate: rate(inTime, base), answeredInTime: inTime, base },
    asaMs: mean(liveSum, liveN),
    answeredLive: liveN,
    handle: agents.handle(),
    outcomes: agents.outcomes(),
    fcr: agents.fcr(),
    overflowReasons: reasons,
  };
}

/** The figures of the calls in `calls` that arrived in [span.start, span.end), about `municipality` when given. */
export function figuresBetween(calls: Iterable<CallFact>, span: Span, ctx: FiguresContext, municipality?: string): Figures {
  const chosen: CallFact[] = [];
  for (const c of calls) {
    if (c.arrivedAt >= span.start && c.arrivedAt < span.end && (municipality === undefined || c.municipality === municipality)) chosen.push(c);
  }
  return figuresOf(chosen, ctx);
}

/** Per agent, by agent id: the calls in `calls` each agent answered. */
export function agentFiguresOf(calls: Iterable<CallFact>, ctx: FiguresContext): AgentFigures[] {
  return agentFiguresOfRows(Array.from(calls, (c) => rowOf(c, ctx)), ctx);
}

function agentFiguresOfRows(rows: readonly Row[], ctx: FiguresContext): AgentFigures[] {
  const byAgent = new Map<string, AgentSide>();
  for (const row of rows) {
    const c = row.call;
    if (c.outcome !== 'answered-by-agent' || c.agentId === null) continue;
    let side = byAgent.get(c.agentId);
    if (!side) byAgent.set(c.agentId, (side = new AgentSide()));
    side.add(row, ctx.rules, ctx.asOf);
  }
  return [...byAgent.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([agentId, s]) => {
      const live = mean(s.liveSum, s.liveN);
      return { agentId, answered: s.answered, onCallback: s.onCallback, asaMs: live, handle: s.handle(), outcomes: s.outcomes(), fcr: s.fcr() };
    });
}

/**
 * Every caller's arrivals, for the strict FCR: did the same caller hash call again within the window
 * after a call ended? Hashes of numbers that identify nobody (an empty or anonymous caller id) are
 * never counted as the same caller.
 */
export class RepeatIndex {
  private readonly arrivals = new Map<string, number[]>();
  private readonly unknown: ReadonlySet<string>;

  constructor(unknownCallerHashes: Iterable<string> = []) {
    this.unknown = new Set(unknownCallerHashes);
  }

  add(c: Pick<CallFact, 'callerHash' | 'arrivedAt'>): void {
    if (c.callerHash === '' || this.unknown.has(c.callerHash)) return;
    let list = this.arrivals.get(c.callerHash);
    if (!list) this.arrivals.set(c.callerHash, (list = []));
    // Records come in the order calls END, so arrivals are nearly sorted: insert from the back.
    let i = list.length;
    while (i > 0 && (list[i - 1] ?? 0) > c.arrivedAt) i--;
    list.splice(i, 0, c.arrivedAt);
  }

  /** Whether another call from `c`'s caller arrived after `c` ended and at most `windowMs` after. */
  calledAgain(c: Pick<CallFact, 'callerHash' | 'endedAt'>, windowMs: number): boolean {
    const list = this.arrivals.get(c.callerHash);
    if (!list) return false;
    // First arrival strictly after the end.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] ?? 0) <= c.endedAt) lo = mid + 1;
      else hi = mid;
    }
    const next = list[lo];
    return next !== undefined && next <= c.endedAt + windowMs;
  }

  /** Forgets arrivals before `at`. */
  dropBefore(at: number): void {
    for (const [hash, list] of this.arrivals) {
      const keep = list.filter((t) => t >= at);
      if (keep.length === 0) this.arrivals.delete(hash);
      else if (keep.length !== list.length) this.arrivals.set(hash, keep);
    }
  }

  get callers(): number {
    return this.arrivals.size;
  }
}

// ---- the report ----

export interface ReportQuery {
  readonly timezone: string;
  /** First local day, `YYYY-MM-DD`. */
  readonly fromDate: string;
  /** Last local day, included. */
  readonly toDate: string;
  readonly interval: IntervalKind;
  /** Only the calls about this town; undefined: every call (every town and the county). */
  readonly municipality?: string;
  /** Also figures per agent (operators only: they are about persons). */
  readonly byAgent?: boolean;
}

/**
 * Callback notes, counted by the notes module (an injected `NotesSummary`). Unless said otherwise
 * they are about the notes FILED in the range (and the municipality, when given):
 */
export interface NotesCounts {
  /** Notes filed in the range. */
  readonly filed: number;
  /** Of those, still open now. */
  readonly open: number;
  /** Of those open, past their due instant (24 service hours after filing) now. */
  readonly overdue: number;
  /** Of those filed, closed (done) by now. */
  readonly closed: number;
  /** Of those closed, closed at or before their due instant. */
  readonly closedInTime: number;
  /** Notes DUE in the range (their due instant lies in it), whenever filed, open or closed. */
  readonly due: number;
}

export interface NotesFigures extends NotesCounts {
  /** closedInTime ÷ (closed + overdue): of the notes whose time is up or that are done, the share closed in time. */
  readonly compliance: number | null;
  /** False when no notes summary is wired in: every count is 0. */
  readonly available: boolean;
}

/** How the notes module answers: the counts for [start, end), of one municipality or (undefined) all. */
export type NotesSummary = (range: Span, municipality?: string) => Promise<NotesCounts>;

export const NO_NOTES: NotesCounts = { filed: 0, open: 0, overdue: 0, closed: 0, closedInTime: 0, due: 0 };

export const notesFigures = (c: NotesCounts, available: boolean): NotesFigures => ({
  ...c,
  compliance: rate(c.closedInTime, c.closed + c.overdue),
  available,
});

export type IntervalFigures = { readonly start: string; readonly end: string } & Figures;
export type MunicipalityFigures = { readonly municipality: string | null } & Figures;

export interface StatsReport {
  /** First local day of the range. */
  readonly from: string;
  /** Last local day of the range (included). */
  readonly to: string;
  readonly timezone: string;
  /** The town, or `all`. */
  readonly municipality: string;
  readonly interval: IntervalKind;
  /** When the report was computed (local time with offset). */
  readonly asOf: string;
  /** False when the statistics could not read the newest records (Redis unreachable): figures as last known. */
  readonly upToDate: boolean;
  readonly rules: {
    readonly serviceLevelSec: number;
    readonly shortAbandonSec: number;
    readonly repeatWindowDays: number;
    readonly wrapUpCapSec: number;
  };
  readonly totals: Figures;
  /** One per local day or hour (or one for `total`), in order, empty ones included. */
  readonly intervals: readonly IntervalFigures[];
  /** Only for `all`: per municipality (null: the county itself), by id. */
  readonly byMunicipality?: readonly MunicipalityFigures[];
  /** Only when asked for (operators). */
  readonly byAgent?: readonly AgentFigures[];
  readonly callbackNotes: NotesFigures;
}

const byMunicipalityKey = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/**
 * The report over `calls` (they may include calls outside the range: only those that arrived in
 * it, and are about the municipality when one is asked for, count).
 */
export function buildReport(
  calls: Iterable<CallFact>,
  ctx: FiguresContext,
  q: ReportQuery,
  notes: NotesFigures = notesFigures(NO_NOTES, false),
  upToDate = true,
): StatsReport {
  const spans = intervalsOf(q.timezone, q.fromDate, q.toDate, q.interval);
  const first = spans[0]?.start ?? 0;
  const last = spans[spans.length - 1]?.end ?? 0;
  const chosen: Row[] = [];
  for (const c of calls) {
    if (c.arrivedAt < first || c.arrivedAt >= last) continue;
    if (q.municipality !== undefined && c.municipality !== q.municipality) continue;
    chosen.push(rowOf(c, ctx));
  }
  const perSpan: Row[][] = spans.map(() => []);
  for (const row of chosen) {
    const c = row.call;
    // The last span starting at or before the arrival.
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((spans[mid]?.start ?? 0) <= c.arrivedAt) lo = mid;
      else hi = mid - 1;
    }
    perSpan[lo]?.push(row);
  }
  const report: StatsReport = {
    from: q.fromDate,
    to: q.toDate,
    timezone: q.timezone,
    municipality: q.municipality ?? 'all',
    interval: q.interval,
    asOf: localIso(q.timezone, ctx.asOf),
    upToDate,
    rules: {
      serviceLevelSec: ctx.rules.serviceLevelMs / 1000,
      shortAbandonSec: ctx.rules.shortAbandonMs / 1000,
      repeatWindowDays: ctx.rules.repeatWindowMs / DAY_MS,
      wrapUpCapSec: ctx.rules.wrapUpCapMs / 1000,
    },
    totals: figuresOfRows(chosen, ctx),
    intervals: spans.map((s, i) => ({ start: localIso(q.timezone, s.start), end: localIso(q.timezone, s.end), ...figuresOfRows(perSpan[i] ?? [], ctx) })),
    callbackNotes: notes,
  };
  const extra: { byMunicipality?: MunicipalityFigures[]; byAgent?: AgentFigures[] } = {};
  if (q.municipality === undefined) {
    const groups = new Map<string | null, Row[]>();
    for (const row of chosen) {
      const g = groups.get(row.call.municipality);
      if (g) g.push(row);
      else groups.set(row.call.municipality, [row]);
    }
    extra.byMunicipality = [...groups.entries()]
      .sort(([a], [b]) => byMunicipalityKey(a, b))
      .map(([municipality, list]) => ({ municipality, ...figuresOfRows(list, ctx) }));
  }
  if (q.byAgent) extra.byAgent = agentFiguresOfRows(chosen, ctx);
  return { ...report, ...extra };
}

/** A context over plain collections: outcomes by call id and a repeat index of every known call. */
export function contextOf(
  outcomes: ReadonlyMap<string, FinalOutcome>,
  repeats: RepeatIndex,
  rules: StatsRules,
  asOf: number,
): FiguresContext {
  return {
    rules,
    asOf,
    outcomeOf: (id) => outcomes.get(id),
    calledAgain: (c) => repeats.calledAgain(c, rules.repeatWindowMs),
  };
}

/**
 * The report straight from call records and final dispositions (as read from their streams), for
 * tests and one-off reports. Every record given is consulted for repeat calls, also those after
 * the range.
 */
export function reportFromRecords(input: {
  readonly records: readonly Call[];
  readonly dispositions: readonly { readonly id: string; readonly disposition: Disposition }[];
  readonly query: ReportQuery;
  readonly rules?: Partial<StatsRules>;
  readonly asOf: number;
  readonly unknownCallerHashes?: Iterable<string>;
}): StatsReport {
  const rules = { ...DEFAULT_RULES, ...input.rules };
  const facts = input.records.flatMap((r) => callFact(r) ?? []);
  const repeats = new RepeatIndex(input.unknownCallerHashes);
  for (const f of facts) repeats.add(f);
  const outcomes = new Map(input.dispositions.map((d) => [d.disposition.callId as string, finalOutcome(d.id, d.disposition)]));
  return buildReport(facts, contextOf(outcomes, repeats, rules, input.asOf), input.query);
}
