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
 *   towns: deployment.towns.map((t) => t.id), now: () => clock.now(),
 *   topicTitle: async (id) => (await knowledge.article(id))?.article.title ?? null })]
 * stats.stop();                                                // on shutdown
 * ```
 */
export { wrapUpMsOf } from './agent-side.js';
export { fcrOf, handleOf, mean, rate } from './arithmetic.js';
export { contextOf, type FiguresContext } from './context.js';
export { agentFiguresOf, figuresBetween, figuresOf } from './figures-of.js';
export { OVERFLOW_REASON_KEYS, type AgentFigures, type Fcr, type Figures, type Handle, type Outcomes } from './figures.js';
export { NO_NOTES, notesFigures, type NotesCounts, type NotesFigures, type NotesSummary } from './notes-figures.js';
export {
  PARTNER_COUNTERS,
  addPartnerTallies,
  partnerTalliesOf,
  partnerTalliesOfRows,
  partnersFiguresOf,
  zeroPartner,
  type PartnerCounter,
  type PartnerFigures,
  type PartnerTally,
  type PartnersFigures,
  type TakenFigures,
} from './partners.js';
export { RepeatIndex } from './repeat-index.js';
export { buildReport, reportFromRecords, type IntervalFigures, type MunicipalityFigures, type ReportQuery, type StatsReport } from './report.js';
export { DEFAULT_RULES, serviceLevelMsOf, serviceLevelRulesOf, type StatsRules } from './rules.js';
export { targetsMet, type Level, type TargetsMet } from './verdicts.js';
export { withVerdicts, type JudgedReport } from './report-verdicts.js';
export { arrivedIn, callFact, finalOutcome, inServiceLevelBase, liveAnswerMs, streamIdTime, type CallFact, type FinalOutcome } from './facts.js';
export { StatsReadModel, type DispositionReader, type RecordReader, type StatsLog, type StatsReadModelOptions, type StreamPosition } from './read-model.js';
export { statsRoutes, type StatsRoutesDeps } from './routes.js';
export {
  ANY_TOPIC,
  NO_TOPIC,
  TOPIC_COUNTERS,
  addTopicTallies,
  topicTalliesOf,
  topicsFiguresOf,
  withTopicTitles,
  zeroTopic,
  type ConcernFigures,
  type TopicCounter,
  type TopicFigures,
  type TopicTally,
  type TopicTitle,
  type TopicsFigures,
} from './topics.js';
export { addDays, daySpan, datesSpan, intervalsOf, isDate, localDate, localIso, type IntervalKind, type Span } from './time.js';

/** Caller ids that identify nobody; their salted hashes go to `unknownCallerHashes`. */
export { UNKNOWN_CALLER_IDS } from '../domain/caller-id.js';
