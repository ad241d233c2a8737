/**
 * The statistics report (`GET /api/stats`): the figures of a range of local days, in total, per
 * interval, per municipality and (for operators) per agent, with the callback notes' figures.
 */
import type { Disposition } from '../app/dispositions.js';
import type { Call } from '../domain/call.js';
import { contextOf, rowOf, type FiguresContext, type Row } from './context.js';
import { arrivedIn, callFact, finalOutcome, type CallFact } from './facts.js';
import { agentFiguresOfRows, figuresOfRows } from './figures-of.js';
import type { AgentFigures, Figures } from './figures.js';
import { NO_NOTES, notesFigures, type NotesFigures } from './notes-figures.js';
import { partnerTalliesOfRows, partnersFiguresOf, type PartnersFigures } from './partners.js';
import { RepeatIndex } from './repeat-index.js';
import { DEFAULT_RULES, type StatsRules } from './rules.js';
import { countAtOrBelow } from './sorted.js';
import { topicTalliesOfRows, topicsFiguresOf, type TopicsFigures } from './topics.js';
import { DAY_MS, intervalsOf, localIso, type IntervalKind } from './time.js';

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
  /** What the calls of the whole range were about: per topic (knowledge article), and the calls without one. */
  readonly topics: TopicsFigures;
  /** Per partner center on the platform: the calls handed to it and taken for it (empty without any). */
  readonly partners: PartnersFigures;
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
  const range = { start: spans[0]?.start ?? 0, end: spans[spans.length - 1]?.end ?? 0 };
  const chosen: Row[] = [];
  for (const c of calls) if (arrivedIn(c, range, q.municipality)) chosen.push(rowOf(c, ctx));
  const perSpan: Row[][] = spans.map(() => []);
  // Each call to the last span starting at or before its arrival (there is one: it arrived in the range).
  for (const row of chosen) perSpan[countAtOrBelow(spans, row.call.arrivedAt, (s) => s.start) - 1]?.push(row);
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
    topics: topicsFiguresOf(topicTalliesOfRows(chosen, ctx)),
    partners: partnersFiguresOf(partnerTalliesOfRows(chosen, ctx.rules)),
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
