/**
 * Reports per municipality (or every call) over any range of local days, and the daily aggregates
 * that keep them possible once the streams no longer hold their calls.
 *
 * A report takes each day from the statistics (StatsReadModel: the streams, read into memory) when
 * nothing of that day can have been trimmed from the streams; otherwise from its stored daily
 * aggregate (src/reports/store.ts), written by the daily job while the statistics still held the
 * whole day. A day neither holds in full is taken from whatever the statistics still have, marked
 * `complete: false`. Figures are the statistics' own (README, "Statistics"), added up over the days.
 */
import { EngineError } from '../errors.js';
import type { FiguresContext, CallFact, NotesCounts, NotesFigures, StatsRules, TopicTitle } from '../stats/index.js';
import { notesFigures, serviceLevelMsOf, withTopicTitles } from '../stats/index.js';
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import { DAY_MS, addDays, datesOf, daySpan, localDate, localIso } from '../stats/time.js';
import { ALL, COUNTY, aggregateOf, dayAggregates, factsByDate } from './days.js';
import { ZERO_NOTES, addNotes, notesByDay, type NoteLike } from './notes.js';
import { reportPartnersOf, type PartnerName, type ReportPartners } from './partners.js';
import type { ReportStore, StoredDay } from './store.js';
import { monthsOf, reportTopicsOf, searchGapsOf, type KnowledgeGaps, type ReportTopics, type SearchMiss } from './topics.js';
import {
  EMPTY_AGGREGATE,
  agentFiguresOfAggregate,
  endsAddUp,
  figuresOfAggregate,
  reasonFiguresOf,
  sumAggregates,
  type Aggregate,
  type ReasonFigures,
  type ReportAgentFigures,
  type ReportFigures,
  type TransferCounts,
} from './tally.js';

/** What the reports need of the statistics (StatsReadModel). */
export interface LiveStats {
  readonly rules: StatsRules;
  snapshot(fromDate: string, toDate: string): Promise<{ readonly facts: readonly CallFact[]; readonly context: FiguresContext; readonly upToDate: boolean }>;
}

/** Transfers per call (TransferIndex). */
export interface LiveTransfers {
  refresh(): Promise<void>;
  of(callId: string): TransferCounts | undefined;
}

export interface ReportLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface RetentionDays {
  /** Stored daily aggregates older than this many days are purged. */
  readonly aggregatesDays: number;
  /** Per-call data (stream entries) older than this many days is trimmed. */
  readonly callRecordsDays: number;
}

export interface ReportServiceOptions {
  readonly stats: LiveStats;
  readonly transfers: LiveTransfers;
  readonly store: ReportStore;
  /** The instant from which the streams hold every call (streamsWholeSince); days starting earlier may have lost calls. */
  readonly wholeSince: () => Promise<number>;
  /** A municipality's callback notes (every status); not given: no note counts (`available: false`). */
  readonly notes?: (municipality: string) => Promise<readonly NoteLike[]>;
  /** The service center's time zone: days are local there. */
  readonly timezone: string;
  readonly towns: readonly { readonly id: string; readonly name: string }[];
  /** The targets of a municipality's calls (null: the county itself), e.g. `(m) => targetsFor(deployment, m)`; default today's values. */
  readonly targetsOf?: (municipality: string | null) => ServiceTargets;
  /** The partner centers on the platform (`serviceCenter.partners`): each has a row in the report, also without calls. */
  readonly partners?: readonly PartnerName[];
  /** The service center: its id is the municipality of notes about no town. */
  readonly county: { readonly id: string; readonly name: string };
  readonly agentNames?: ReadonlyMap<string, string>;
  readonly now: () => number;
  readonly retention: RetentionDays;
  /** Trims per-call data older than the instant given (the streams); returns the entries removed. */
  readonly trimCallData?: (before: number) => Promise<number>;
  /** A topic's title (the knowledge article's); not given: titles are null. */
  readonly topicTitle?: TopicTitle;
  /** The month's (YYYY-MM) searches in the knowledge base that found nothing (`KnowledgeBase.gaps`); not given: not available. */
  readonly searchMisses?: (month: string) => Promise<readonly SearchMiss[]>;
  /** Days rewritten by each run of the daily job, back from yesterday. Default: the repeat window + 1 (8). */
  readonly refreshDays?: number;
  readonly log?: ReportLog;
}

export interface ReportRequest {
  readonly fromDate: string;
  /** Included. */
  readonly toDate: string;
  /** A town id, or `all`. */
  readonly municipality: string;
  /** Also the figures per agent (operators only: they are about persons). */
  readonly byAgent?: boolean;
  /** `YYYY-MM` when the report was asked for by month. */
  readonly month?: string;
  /** Also the texts of the searches that found nothing (operators only: they are what agents typed). */
  readonly searchTexts?: boolean;
}

/** Where a day's figures came from. */
export type DaySource = 'live' | 'stored';

export type DayReport = { readonly date: string; readonly source: DaySource; readonly complete: boolean; readonly callbackNotes: NotesFigures } & ReportFigures;

export type MunicipalityReport = { readonly municipality: string | null; readonly name: string } & ReportFigures;

export type AgentReport = { readonly name: string | null } & ReportAgentFigures;

export interface Report {
  /** A town id, or `all`. */
  readonly municipality: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** `YYYY-MM` when asked by month, else null. */
  readonly month: string | null;
  readonly timezone: string;
  /** When the report was made (local time with offset). */
  readonly asOf: string;
  /** False when something could not be read just now (Redis unreachable): the newest records, the callback notes, the searches without hits, or how far back the streams are whole. */
  readonly upToDate: boolean;
  /** False when some day lacks calls: trimmed from the streams and not (or not completely) stored. */
  readonly complete: boolean;
  /** Days by where their figures came from. */
  readonly sources: { readonly live: number; readonly stored: number };
  /** `serviceLevelSec`: the seconds of the report's targets (a town's own when it has them). */
  readonly rules: { readonly serviceLevelSec: number; readonly shortAbandonSec: number; readonly repeatWindowDays: number; readonly wrapUpCapSec: number };
  /** What the figures are held against: the center's targets, or the town's for a town's report. */
  readonly targets: ServiceTargets;
  readonly totals: ReportFigures;
  /** Per overflow reason (each known one, `none` last): how those calls ended. */
  readonly overflowReasons: readonly ReasonFigures[];
  /** One per local day of the range, empty ones included. */
  readonly days: readonly DayReport[];
  readonly callbackNotes: NotesFigures;
  /** Only for `all`: each town of the county (and `null`: calls about no town). */
  readonly byMunicipality?: readonly MunicipalityReport[];
  /** Only when asked for (operators). */
  readonly byAgent?: readonly AgentReport[];
  /** What the calls were about: per topic (knowledge article), most calls first, and the calls without one. */
  readonly topics: ReportTopics;
  /** For the knowledge base's editors: calls without a topic, searches that found nothing. */
  readonly knowledgeGaps: KnowledgeGaps;
  /** Per partner center on the platform: the calls this center took for it and handed to it (README, "Reports"). */
  readonly partners: ReportPartners;
  /** Whether the figures add up: offered = answered + abandoned + short abandoned + other ends, in total, every day and every overflow reason; and the reasons' offered sum to the offered. */
  readonly checks: { readonly endsAddUp: boolean; readonly reasonsAddUp: boolean };
}

export interface AggregateResult {
  readonly date: string;
  readonly written: boolean;
  /** Why not: `future`, or `trimmed` (the streams no longer hold the whole day). */
  readonly reason?: 'future' | 'trimmed';
  readonly complete?: boolean;
  readonly offered?: number;
}

export interface PurgeResult {
  /** Stored days before this date were deleted. */
  readonly aggregatesBefore: string;
  readonly daysPurged: readonly string[];
  /** Per-call data before this instant was trimmed (local time). */
  readonly callDataBefore: string;
  readonly entriesTrimmed: number;
}

export class ReportService {
  private readonly refreshDays: number;
  private readonly townNames: ReadonlyMap<string, string>;
  private lastWholeSince: number | null = null;

  constructor(private readonly o: ReportServiceOptions) {
    this.refreshDays = o.refreshDays ?? Math.ceil(o.stats.rules.repeatWindowMs / DAY_MS) + 1;
    this.townNames = new Map(o.towns.map((t) => [t.id, t.name]));
  }

  get timezone(): string {
    return this.o.timezone;
  }

  /** The report asked for. Throws REDIS_UNAVAILABLE when stored days are needed and Redis cannot be read. */
  async report(q: ReportRequest): Promise<Report> {
    const tz = this.o.timezone;
    const now = this.o.now();
    const today = localDate(tz, now);
    const dates = datesOf(q.fromDate, q.toDate);
    const all = q.municipality === 'all';
    const scope = all ? ALL : q.municipality;

    // The statistics first, then how far back the streams are whole: whatever was trimmed before the
    // statistics read them shows in the limit.
    const lastLive = q.toDate < today ? q.toDate : today;
    const live = q.fromDate <= lastLive ? await this.live(q.fromDate, lastLive) : null;
    const { wholeSince, known } = await this.wholeSince();
    const whole = (date: string): boolean => date > today || daySpan(tz, date).start >= wholeSince;
    const older = dates.filter((d) => !whole(d));
    const stored: Map<string, StoredDay> = older.length > 0 ? await this.o.store.readDays(older, all ? 'every' : [scope]) : new Map<string, StoredDay>();

    const liveByDate = live ? factsByDate(live.facts, tz) : new Map<string, CallFact[]>();
    const perDay: { date: string; source: 'live' | 'stored'; complete: boolean; scopes: ReadonlyMap<string, Aggregate> }[] = dates.map((date) => {
      const s = stored.get(date);
      if (s) return { date, source: 'stored', complete: s.complete, scopes: s.scopes };
      const facts = date <= today && live ? (liveByDate.get(date) ?? []) : [];
      const scopes =
        live === null
          ? new Map<string, Aggregate>()
          : all
            ? dayAggregates(facts, live.context, (id) => this.o.transfers.of(id))
            : new Map([[scope, aggregateOf(facts.filter((f) => f.municipality === scope), live.context, (id) => this.o.transfers.of(id))]]);
      return { date, source: 'live', complete: whole(date), scopes };
    });

    // Notes by day; null: no notes here (not wired in, or not readable just now).
    let notesRead = true;
    const notes = await this.notesByDay(all ? [...this.o.towns.map((t) => t.id), this.o.county.id] : [scope], q.fromDate, q.toDate, now).catch((err: unknown) => {
      this.o.log?.warn({ err }, 'reports could not read the callback notes');
      notesRead = false;
      return null;
    });
    const days: DayReport[] = perDay.map((d) => ({
      date: d.date,
      source: d.source,
      complete: d.complete,
      ...figuresOfAggregate(d.scopes.get(scope) ?? EMPTY_AGGREGATE),
      callbackNotes: notesFigures(notes?.get(d.date) ?? ZERO_NOTES, notes !== null),
    }));
    const total = sumAggregates(perDay.map((d) => d.scopes.get(scope) ?? EMPTY_AGGREGATE));
    const totals = figuresOfAggregate(total);
    const overflowReasons = reasonFiguresOf(total);
    let noteTotals = ZERO_NOTES;
    for (const c of notes?.values() ?? []) noteTotals = addNotes(noteTotals, c);

    const extra: { byMunicipality?: MunicipalityReport[]; byAgent?: AgentReport[] } = {};
    if (all) {
      const scopes = new Set<string>([...this.o.towns.map((t) => t.id).sort(), COUNTY]);
      for (const d of perDay) for (const s of d.scopes.keys()) if (s !== ALL) scopes.add(s);
      extra.byMunicipality = [...scopes]
        .sort((a, b) => (a === b ? 0 : a === COUNTY ? 1 : b === COUNTY ? -1 : a < b ? -1 : 1))
        .map((s) => ({
          municipality: s === COUNTY ? null : s,
          name: s === COUNTY ? `${this.o.county.name} (keiner Gemeinde zugeordnet)` : (this.townNames.get(s) ?? s),
          ...figuresOfAggregate(sumAggregates(perDay.map((d) => d.scopes.get(s) ?? EMPTY_AGGREGATE))),
        }));
    }
    if (q.byAgent) extra.byAgent = agentFiguresOfAggregate(total).map((a) => ({ name: this.o.agentNames?.get(a.agentId) ?? null, ...a }));
    const topics = await withTopicTitles(reportTopicsOf(total), this.o.topicTitle);
    const months = monthsOf(q.fromDate, q.toDate);
    const misses = await this.searchMisses(months);

    const rules = this.o.stats.rules;
    const targets = (this.o.targetsOf ?? (() => DEFAULT_SERVICE_TARGETS))(all ? null : scope);
    const endsOk = endsAddUp(totals) && days.every(endsAddUp) && overflowReasons.every(endsAddUp) && (extra.byMunicipality ?? []).every(endsAddUp);
    return {
      municipality: all ? 'all' : scope,
      name: all ? this.o.county.name : (this.townNames.get(scope) ?? scope),
      from: q.fromDate,
      to: q.toDate,
      month: q.month ?? null,
      timezone: tz,
      asOf: localIso(tz, now),
      upToDate: (live?.upToDate ?? true) && known && notesRead && misses.read,
      complete: days.every((d) => d.complete),
      sources: { live: days.filter((d) => d.source === 'live').length, stored: days.filter((d) => d.source === 'stored').length },
      rules: {
        serviceLevelSec: serviceLevelMsOf(rules, all ? null : scope) / 1000,
        shortAbandonSec: rules.shortAbandonMs / 1000,
        repeatWindowDays: rules.repeatWindowMs / DAY_MS,
        wrapUpCapSec: rules.wrapUpCapMs / 1000,
      },
      targets,
      totals,
      overflowReasons,
      days,
      callbackNotes: notesFigures(noteTotals, notes !== null),
      ...extra,
      topics,
      knowledgeGaps: { callsWithoutTopic: topics.withoutTopic.calls, searchesWithoutHits: searchGapsOf(misses.list, all ? 'all' : scope, months, q.searchTexts === true) },
      partners: reportPartnersOf(total, this.o.partners ?? []),
      checks: { endsAddUp: endsOk, reasonsAddUp: overflowReasons.reduce((n, r) => n + r.offered, 0) === totals.offered },
    };
  }

  /**
   * Stores the aggregates of local day `date` (every scope, and per agent) from the statistics, if
   * the streams still hold the whole day; a day not over yet is stored as it is so far
   * (`complete: false`). Throws when the statistics cannot read the streams: nothing is stored then.
   */
  async aggregateDay(date: string): Promise<AggregateResult> {
    const tz = this.o.timezone;
    const now = this.o.now();
    if (date > localDate(tz, now)) return { date, written: false, reason: 'future' };
    const live = await this.live(date, date);
    if (!live.upToDate) throw new EngineError('REDIS_UNAVAILABLE', `the statistics could not read the streams: ${date} not stored`, { date });
    const span = daySpan(tz, date);
    if (span.start < (await this.o.wholeSince())) return { date, written: false, reason: 'trimmed' };
    const scopes = dayAggregates(live.facts, live.context, (id) => this.o.transfers.of(id), [...this.o.towns.map((t) => t.id), COUNTY]);
    const complete = now >= span.end;
    await this.o.store.writeDay(date, scopes, { writtenAt: now, complete });
    return { date, written: true, complete, offered: scopes.get(ALL)?.calls.offered ?? 0 };
  }

  /** The daily job: stores the last `refreshDays` days up to yesterday (again: outcomes and strict FCR settle within them). */
  async aggregateRecent(): Promise<AggregateResult[]> {
    const today = localDate(this.o.timezone, this.o.now());
    const out: AggregateResult[] = [];
    for (let back = this.refreshDays; back >= 1; back--) out.push(await this.aggregateDay(addDays(today, -back)));
    const written = out.filter((r) => r.written).map((r) => r.date);
    this.o.log?.info({ days: written, skipped: out.filter((r) => !r.written).map((r) => r.date) }, 'report aggregates stored');
    return out;
  }

  /** The purge job: stored days older than `aggregatesDays`, per-call stream entries older than `callRecordsDays`. */
  async purge(): Promise<PurgeResult> {
    const now = this.o.now();
    const today = localDate(this.o.timezone, now);
    const aggregatesBefore = addDays(today, -this.o.retention.aggregatesDays);
    const daysPurged = await this.o.store.purgeBefore(aggregatesBefore);
    const callBefore = now - this.o.retention.callRecordsDays * DAY_MS;
    const entriesTrimmed = this.o.trimCallData ? await this.o.trimCallData(callBefore) : 0;
    const result = { aggregatesBefore, daysPurged, callDataBefore: localIso(this.o.timezone, callBefore), entriesTrimmed };
    this.o.log?.info({ ...result, daysPurged: daysPurged.length }, 'report data purged');
    return result;
  }

  /**
   * From when the streams are whole; the last value known when Redis cannot tell now (`known:
   * false`). Never known: the error (nothing can be said about any day).
   */
  private async wholeSince(): Promise<{ wholeSince: number; known: boolean }> {
    try {
      this.lastWholeSince = await this.o.wholeSince();
      return { wholeSince: this.lastWholeSince, known: true };
    } catch (err) {
      if (this.lastWholeSince === null) throw err;
      this.o.log?.warn({ err }, 'reports could not ask how far back the streams are whole: the last answer is taken');
      return { wholeSince: this.lastWholeSince, known: false };
    }
  }

  /** The statistics' calls of the days, with the transfers caught up after them. */
  private async live(fromDate: string, toDate: string): Promise<{ facts: readonly CallFact[]; context: FiguresContext; upToDate: boolean }> {
    const snap = await this.o.stats.snapshot(fromDate, toDate);
    let upToDate = snap.upToDate;
    try {
      await this.o.transfers.refresh();
    } catch (err) {
      upToDate = false;
      this.o.log?.warn({ err }, 'reports could not read the transfers from the records stream');
    }
    return { ...snap, upToDate };
  }

  /** The searches without hits of `months`; `list` null: none here (not wired in, or not readable: then `read` is false). */
  private async searchMisses(months: readonly string[]): Promise<{ list: SearchMiss[] | null; read: boolean }> {
    const of = this.o.searchMisses;
    if (!of) return { list: null, read: true };
    try {
      return { list: (await Promise.all(months.map((m) => of(m)))).flat(), read: true };
    } catch (err) {
      this.o.log?.warn({ err }, 'reports could not read the searches without hits');
      return { list: null, read: false };
    }
  }

  private async notesByDay(municipalities: readonly string[], fromDate: string, toDate: string, now: number): Promise<Map<string, NotesCounts> | null> {
    const list = this.o.notes;
    if (!list) return null;
    const notes = (await Promise.all(municipalities.map((m) => list(m)))).flat();
    return notesByDay(notes, this.o.timezone, fromDate, toDate, now);
  }
}
