/**
 * Statistics: the metrics read model over the call records and the final dispositions, and
 * `GET /api/stats`. Definitions of every figure: README, "Statistics".
 *
 * Wiring (main.ts):
 * ```ts
 * const stats = new StatsReadModel({
 *   records: new RedisCallRecords(redis, keys),
 *   dispositions,                                              // the RedisDispositions
 *   timezone: deployment.serviceCenter.timezone,
 *   rules: { wrapUpCapMs: deployment.serviceCenter.wrapUpMs },
 *   now: () => clock.now(),
 *   unknownCallerHashes: UNKNOWN_CALLER_IDS.map(hashCaller),   // hashCaller = callerHasher(settings.callerHashSalt)
 *   notesSummary,                                              // from the notes module, when it has one
 *   log: log.child({ module: 'stats' }),
 * });
 * await stats.start(5_000);                                    // before http.listen
 * routes: [..., (app) => statsRoutes(app, { stats, timezone: deployment.serviceCenter.timezone,
 *   towns: deployment.towns.map((t) => t.id), now: () => clock.now() })]
 * stats.stop();                                                // on shutdown
 * ```
 */
export {
  DEFAULT_RULES,
  NO_NOTES,
  OVERFLOW_REASON_KEYS,
  RepeatIndex,
  agentFiguresOf,
  buildReport,
  contextOf,
  figuresBetween,
  figuresOf,
  notesFigures,
  rate,
  reportFromRecords,
  wrapUpMsOf,
  type AgentFigures,
  type Fcr,
  type Figures,
  type FiguresContext,
  type Handle,
  type IntervalFigures,
  type MunicipalityFigures,
  type NotesCounts,
  type NotesFigures,
  type NotesSummary,
  type Outcomes,
  type ReportQuery,
  type StatsReport,
  type StatsRules,
} from './aggregate.js';
export { callFact, finalOutcome, streamIdTime, type CallFact, type FinalOutcome } from './facts.js';
export { StatsReadModel, type DispositionReader, type RecordReader, type StatsLog, type StatsReadModelOptions, type StreamPosition } from './read-model.js';
export { statsRoutes, type StatsRoutesDeps } from './routes.js';
export { addDays, daySpan, datesSpan, intervalsOf, isDate, localDate, localIso, type IntervalKind, type Span } from './time.js';

/** Caller ids that identify nobody; their salted hashes go to `unknownCallerHashes`. */
export const UNKNOWN_CALLER_IDS: readonly string[] = ['', 'anonymous', 'Anonymous', 'unknown', 'Unknown', 'restricted'];
