/**
 * The metrics read model: call facts per local day, final outcomes by call, and every caller's
 * arrivals, in memory, fed from the two streams (ended calls' records, final dispositions). On
 * start it reads both streams from their beginning (what they still hold: the records stream is
 * capped at ~100 000 entries, the dispositions stream likewise); afterwards only what is new, on
 * every query and, when started with a poll interval, every few seconds. Queries add up the facts
 * of the days asked for, on demand: a month of 100 000 calls takes ~75 ms.
 *
 * Memory, measured: about 0.6 KB per call (the fact with its id and caller hash, its final outcome,
 * its arrival in the caller index), so a day of 2 000 calls takes about 1.2 MB, and everything the
 * capped streams can hold (~100 000 calls) about 60 MB. Days older than `keepDays` are dropped.
 *
 * Records and dispositions may come in either order (a disposition is made final after its call
 * ended, but the streams are read one after the other): the join is by call id at query time.
 */
import type { Disposition } from '../app/dispositions.js';
import type { Call } from '../domain/call.js';
import { contextOf, type FiguresContext } from './context.js';
import { figuresBetween } from './figures-of.js';
import type { Figures } from './figures.js';
import { NO_NOTES, notesFigures, type NotesFigures, type NotesSummary } from './notes-figures.js';
import { RepeatIndex } from './repeat-index.js';
import { buildReport, type ReportQuery, type StatsReport } from './report.js';
import { DEFAULT_RULES, type StatsRules } from './rules.js';
import { callFact, finalOutcome, type CallFact, type FinalOutcome } from './facts.js';
import { DAY_MS, addDays, datesOf, datesSpan, localDate, type Span } from './time.js';
import { CatchUp } from '../app/catch-up.js';

/** Ended calls' records in the order they ended (RedisCallRecords). */
export interface RecordReader {
  read(sinceId?: string, count?: number): Promise<readonly { readonly id: string; readonly call: Call }[]>;
}

/** Final dispositions in the order they were made final (RedisDispositions). */
export interface DispositionReader {
  read(sinceId?: string, count?: number): Promise<readonly { readonly id: string; readonly disposition: Disposition }[]>;
}

export interface StatsLog {
  warn(obj: object, msg: string): void;
}

export interface StatsReadModelOptions {
  readonly records: RecordReader;
  readonly dispositions: DispositionReader;
  /** The service center's time zone (`serviceCenter.timezone`): days and hours are local there. */
  readonly timezone: string;
  /** The thresholds; `wrapUpCapMs` should be the configured wrap-up (`serviceCenter.wrapUpMs`). */
  readonly rules?: Partial<StatsRules>;
  readonly now: () => number;
  /** Callback-note counts from the notes module; not given: zeros, `available: false`. */
  readonly notesSummary?: NotesSummary;
  /** Salted hashes of caller ids that identify nobody (empty, `anonymous`): never a repeat caller. */
  readonly unknownCallerHashes?: Iterable<string>;
  /** Days kept, counted back from today. Default 400. */
  readonly keepDays?: number;
  /** Stream entries read per request. Default 1 000. */
  readonly pageSize?: number;
  readonly log?: StatsLog;
}

export interface StreamPosition {
  /** Last records-stream id taken in, null before the first. */
  readonly records: string | null;
  readonly dispositions: string | null;
}

export class StatsReadModel {
  readonly rules: StatsRules;
  private readonly days = new Map<string, CallFact[]>();
  /** Call id → local date of its arrival: each record is taken once. */
  private readonly dayOf = new Map<string, string>();
  private readonly outcomes = new Map<string, FinalOutcome>();
  private readonly repeats: RepeatIndex;
  private recordsId: string | null = null;
  private dispositionsId: string | null = null;
  private readonly catchUp = new CatchUp(() => this.readNew());
  private prunedFor: string | null = null;
  private readonly keepDays: number;
  private readonly pageSize: number;

  constructor(private readonly o: StatsReadModelOptions) {
    this.rules = { ...DEFAULT_RULES, ...o.rules };
    this.repeats = new RepeatIndex(o.unknownCallerHashes);
    this.keepDays = o.keepDays ?? 400;
    this.pageSize = o.pageSize ?? 1_000;
  }

  /**
   * Catches up with both streams; with `pollMs`, keeps catching up every `pollMs` from now on (also
   * when this first catch-up fails: the error is thrown, the polling goes on).
   */
  async start(pollMs?: number): Promise<void> {
    this.catchUp.poll(pollMs, (err) => {
      if (err) this.o.log?.warn({ err }, 'statistics could not read the streams');
    });
    await this.refresh();
  }

  stop(): void {
    this.catchUp.stop();
  }

  /** Reads whatever is new in both streams. Concurrent calls share one read. */
  refresh(): Promise<void> {
    return this.catchUp.run();
  }

  position(): StreamPosition {
    return { records: this.recordsId, dispositions: this.dispositionsId };
  }

  /** How many calls and final outcomes are held, and over how many days. */
  size(): { readonly calls: number; readonly outcomes: number; readonly days: number } {
    return { calls: this.dayOf.size, outcomes: this.outcomes.size, days: this.days.size };
  }

  /**
   * The report for `q`, after reading what is new in the streams. If they cannot be read (Redis
   * unreachable) the report is made from what is held, with `upToDate: false`.
   */
  async report(query: Omit<ReportQuery, 'timezone'>): Promise<StatsReport> {
    const q: ReportQuery = { ...query, timezone: this.o.timezone };
    const { facts, context, upToDate } = await this.snapshot(q.fromDate, q.toDate);
    return buildReport(facts, context, q, await this.notes(q), upToDate);
  }

  /**
   * The figures of the calls that arrived in [span.start, span.end) (any instants, e.g. the last
   * 60 minutes), about `municipality` when given, after reading what is new.
   */
  async figures(span: Span, municipality?: string): Promise<Figures> {
    await this.refresh();
    const calls: CallFact[] = [];
    if (span.end > span.start) {
      for (const date of datesOf(localDate(this.o.timezone, span.start), localDate(this.o.timezone, span.end - 1))) calls.push(...(this.days.get(date) ?? []));
    }
    return figuresBetween(calls, span, contextOf(this.outcomes, this.repeats, this.rules, this.o.now()), municipality);
  }

  /**
   * The calls that arrived on local days `fromDate`..`toDate` (both included) with the context to
   * figure them (`figuresOf`, `agentFiguresOf`), after reading what is new: for reports that group
   * the calls other ways than `report` does (src/reports: per overflow reason, per day and town).
   * If the streams cannot be read, what is held, with `upToDate: false`.
   */
  async snapshot(fromDate: string, toDate: string): Promise<{ readonly facts: readonly CallFact[]; readonly context: FiguresContext; readonly upToDate: boolean }> {
    let upToDate = true;
    try {
      await this.refresh();
    } catch (err) {
      upToDate = false;
      this.o.log?.warn({ err }, 'statistics could not read the streams: answering from what they hold');
    }
    const facts: CallFact[] = [];
    for (const date of datesOf(fromDate, toDate)) facts.push(...(this.days.get(date) ?? []));
    return { facts, context: contextOf(this.outcomes, this.repeats, this.rules, this.o.now()), upToDate };
  }

  private async notes(q: ReportQuery): Promise<NotesFigures> {
    if (!this.o.notesSummary) return notesFigures(NO_NOTES, false);
    const span = datesSpan(q.timezone, q.fromDate, q.toDate);
    return notesFigures(await this.o.notesSummary(span, q.municipality), true);
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const page = await this.o.records.read(this.recordsId ?? undefined, this.pageSize);
      for (const { id, call } of page) {
        this.addRecord(call);
        this.recordsId = id;
      }
      if (page.length < this.pageSize) break;
    }
    for (;;) {
      const page = await this.o.dispositions.read(this.dispositionsId ?? undefined, this.pageSize);
      for (const { id, disposition } of page) {
        this.outcomes.set(disposition.callId, finalOutcome(id, disposition));
        this.dispositionsId = id;
      }
      if (page.length < this.pageSize) break;
    }
    this.prune();
  }

  private addRecord(call: Call): void {
    const fact = callFact(call);
    if (!fact || this.dayOf.has(fact.id)) return;
    // A caller who hung up while waiting and called again in time is counted once, by the call
    // that kept the place: the abandoned first call leaves the figures (docs/statistics.md).
    if (call.resumedFrom) this.forgetCall(call.resumedFrom.call);
    const date = localDate(this.o.timezone, fact.arrivedAt);
    this.dayOf.set(fact.id, date);
    const day = this.days.get(date);
    if (day) day.push(fact);
    else this.days.set(date, [fact]);
    this.repeats.add(fact);
  }

  private forgetCall(id: string): void {
    const date = this.dayOf.get(id);
    const day = date === undefined ? undefined : this.days.get(date);
    if (!day) return;
    const at = day.findIndex((f) => f.id === id);
    if (at >= 0) day.splice(at, 1);
  }

  /** Once a day: drops the days before the kept ones, their outcomes and their callers' arrivals. */
  private prune(): void {
    const today = localDate(this.o.timezone, this.o.now());
    if (this.prunedFor === today) return;
    this.prunedFor = today;
    const oldest = addDays(today, -this.keepDays);
    let dropped = false;
    for (const [date, facts] of this.days) {
      if (date >= oldest) continue;
      for (const f of facts) {
        this.dayOf.delete(f.id);
        this.outcomes.delete(f.id);
      }
      this.days.delete(date);
      dropped = true;
    }
    // Outcomes whose record never came (or went with its day) are dropped after the kept days too.
    const cutoff = this.o.now() - (this.keepDays + 1) * DAY_MS;
    for (const [id, o] of this.outcomes) if (!this.dayOf.has(id) && o.filedAt < cutoff) this.outcomes.delete(id);
    if (dropped) this.repeats.dropBefore(cutoff);
  }
}
