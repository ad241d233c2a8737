/**
 * A hand-made November 2026 for Quickborn (and a little of Hasloh and the county), with what its
 * report must say worked out by hand in the comments. Used by the unit tests (fake streams) and the
 * integration tests (the engine's Redis adapters).
 */
import type { CallOutcome } from '../../../src/app/dispositions.js';
import type { Call } from '../../../src/domain/call.js';
import type { NoteLike } from '../../../src/reports/index.js';
import { DAY, MIN, SEC, at, record, type RecordSpec } from '../stats/records.js';

export const MONTH = '2026-11';
/** When the report is made: every strict FCR of November is settled (7 days after the 30th). */
export const NOW = at('2026-12-10', '12:00');

export interface FinalSpec {
  readonly call: Call;
  readonly outcome: CallOutcome;
  readonly filedAt: number;
  /** When the wrap-up ended (for `unclassified`: the same as filedAt). */
  readonly finalizedAt: number;
  /** The knowledge articles the agent named as the call's topics. */
  readonly topics?: readonly string[];
}

const spec = (date: string, hhmm: string, s: Omit<RecordSpec, 'arrivedAt'>): RecordSpec => ({ ...s, arrivedAt: at(date, hhmm) });

/** Transfers of the record spec: `at` seconds after arrival. */
const tr = (date: string, hhmm: string, ...list: [afterSec: number, result: 'connected' | 'no-answer' | 'cancelled'][]) =>
  list.map(([after, result]) => ({ at: at(date, hhmm) + after * SEC, result }));

export const SPECS: Readonly<Record<string, RecordSpec>> = {
  // Monday 2 November
  q1: spec('2026-11-02', '09:00', { outcome: 'answered-by-agent', answeredAfter: 20 * SEC, endedAfter: 320 * SEC, agent: 'agent-1', hash: 'caller-a', overflowReason: 'direct-115' }),
  q2: spec('2026-11-02', '09:10', { outcome: 'answered-by-town', entry: 'town', answeredAfter: 12 * SEC, endedAfter: 60 * SEC }),
  q3: spec('2026-11-02', '09:20', { outcome: 'abandoned', entry: 'town', endedAfter: 3 * SEC }),
  q4: spec('2026-11-02', '10:00', {
    outcome: 'answered-by-agent',
    entry: 'town',
    answeredAfter: 40 * SEC,
    endedAfter: 200 * SEC,
    agent: 'agent-2',
    overflowReason: 'town-no-answer',
    transfers: tr('2026-11-02', '10:00', [100, 'connected']),
  }),
  q5: spec('2026-11-02', '10:30', { outcome: 'abandoned', entry: 'town', endedAfter: 50 * SEC, overflowReason: 'town-no-answer' }),
  // Tuesday 3 November
  q6: spec('2026-11-03', '19:00', { outcome: 'closed', endedAfter: 20 * SEC, overflowReason: 'direct-115' }),
  q7: spec('2026-11-03', '11:00', { outcome: 'queue-full', entry: 'town', endedAfter: 30 * SEC, overflowReason: 'town-busy' }),
  q8: spec('2026-11-03', '11:05', {
    outcome: 'answered-by-agent',
    entry: 'town',
    answeredAfter: 25 * SEC,
    endedAfter: 400 * SEC,
    agent: 'agent-1',
    overflowReason: 'town-busy',
    transfers: tr('2026-11-03', '11:05', [60, 'no-answer'], [150, 'connected']),
  }),
  q9: spec('2026-11-03', '12:00', { outcome: 'no-agent', endedAfter: 15 * SEC, overflowReason: 'direct-115' }),
  // Thursday 5 November: caller-a calls again, 3 days after q1 was resolved
  q13: spec('2026-11-05', '08:30', { outcome: 'abandoned', endedAfter: 30 * SEC, hash: 'caller-a', overflowReason: 'direct-115' }),
  // Tuesday 10 November
  q10: spec('2026-11-10', '09:00', { outcome: 'answered-by-agent', answeredAfter: 300 * SEC, endedAfter: 400 * SEC, agent: 'agent-2', hash: 'caller-b', overflowReason: 'direct-115', callback: true }),
  q11: spec('2026-11-10', '09:30', { outcome: 'callback-unanswered', entry: 'town', endedAfter: 5 * MIN, overflowReason: 'town-no-answer' }),
  q12: spec('2026-11-10', '14:00', {
    outcome: 'answered-by-agent',
    entry: 'town',
    answeredAfter: 10 * SEC,
    endedAfter: 130 * SEC,
    agent: 'agent-1',
    overflowReason: 'town-closed',
    transfers: tr('2026-11-10', '14:00', [50, 'cancelled']),
  }),
  // Monday 30 November
  q14: spec('2026-11-30', '16:00', { outcome: 'answered-by-agent', entry: 'town', answeredAfter: 5 * SEC, endedAfter: 100 * SEC, agent: 'agent-2', overflowReason: 'switchboard' }),
  q15: spec('2026-11-30', '16:30', { outcome: 'failed', endedAfter: 2 * SEC + 500, overflowReason: 'direct-115' }),
  // Not Quickborn's: Hasloh, and a 115 caller attributed to no town
  h1: spec('2026-11-02', '11:00', { outcome: 'answered-by-agent', entry: 'town', municipality: 'hasloh', answeredAfter: 15 * SEC, endedAfter: 90 * SEC, agent: 'agent-1', overflowReason: 'town-no-answer' }),
  k1: spec('2026-11-03', '13:00', { outcome: 'abandoned', municipality: null, endedAfter: 60 * SEC, overflowReason: 'direct-115' }),
  // Not November's
  o1: spec('2026-10-31', '23:59', { outcome: 'answered-by-town', entry: 'town', answeredAfter: 5 * SEC, endedAfter: 90 * SEC }),
  o2: spec('2026-12-01', '00:00', { outcome: 'abandoned', entry: 'town', endedAfter: 40 * SEC }),
};

export const QUICKBORN_IDS = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10', 'q11', 'q12', 'q13', 'q14', 'q15'];

/**
 * The records, in the order the calls ended (as the stream has them). `shiftMs` moves every instant
 * (the integration tests use November 2025, a year earlier: 365 days keep every wall-clock time, both
 * months being winter time, and put the calls before the Redis clock that stamps the stream ids).
 */
export const records = (shiftMs = 0): Call[] =>
  Object.entries(SPECS)
    .map(([id, s]) => record(id, { ...s, arrivedAt: s.arrivedAt + shiftMs, ...(s.transfers ? { transfers: s.transfers.map((t) => ({ ...t, at: t.at + shiftMs })) } : {}) }))
    .sort((a, b) => (a.times.endedAt ?? 0) - (b.times.endedAt ?? 0));

/** A year earlier: November 2025. */
export const YEAR_EARLIER = -365 * DAY;

const end = (id: string): number => {
  const s = SPECS[id];
  if (!s) throw new Error(id);
  return s.arrivedAt + s.endedAfter;
};
const arrived = (id: string): number => SPECS[id]?.arrivedAt ?? 0;

/**
 * The final outcomes. Wrap-ups: q1 10 s, q4 20 s after the hand-over at +100 s, q8 capped at 30 s
 * (made final 40 s after the hand-over at +150 s), q10 8 s, q12 12 s (unclassified); h1 5 s.
 * q14 is still in wrap-up (pending).
 */
export const finals = (calls: readonly Call[], shiftMs = 0): FinalSpec[] => {
  const byId = new Map(calls.map((c) => [c.id as string, c]));
  const f = (id: string, outcome: CallOutcome, filedAt: number, finalizedAt: number, topics?: readonly string[]): FinalSpec => {
    const call = byId.get(id);
    if (!call) throw new Error(id);
    return { call, outcome, filedAt: filedAt + shiftMs, finalizedAt: finalizedAt + shiftMs, ...(topics ? { topics } : {}) };
  };
  return [
    f('q1', 'resolved', end('q1') + 5 * SEC, end('q1') + 10 * SEC, ['personalausweis', 'wohnsitz-anmelden']),
    f('q4', 'transferred', arrived('q4') + 103 * SEC, arrived('q4') + 120 * SEC, ['baugenehmigung']),
    f('q8', 'callback-note', arrived('q8') + 170 * SEC, arrived('q8') + 190 * SEC),
    f('q10', 'resolved', end('q10') + 2 * SEC, end('q10') + 8 * SEC, ['personalausweis']),
    f('q12', 'unclassified', end('q12') + 12 * SEC, end('q12') + 12 * SEC),
    f('h1', 'resolved', end('h1') + 1 * SEC, end('h1') + 5 * SEC, ['hund-anmelden']),
  ].sort((a, b) => a.finalizedAt - b.finalizedAt);
};

/** Callback notes: three filed in November for Quickborn, one filed in October but due in November, one of Hasloh's. */
export const notes = (shiftMs = 0): NoteLike[] =>
  NOTES.map((n) => ({ ...n, createdAt: n.createdAt + shiftMs, dueAt: n.dueAt + shiftMs, ...(n.doneAt !== undefined ? { doneAt: n.doneAt + shiftMs } : {}) }));

export const NOTES: readonly NoteLike[] = [
  { municipality: 'quickborn', createdAt: at('2026-11-02', '10:00'), dueAt: at('2026-11-03', '10:00'), status: 'done', doneAt: at('2026-11-03', '09:00') },
  { municipality: 'quickborn', createdAt: at('2026-11-03', '11:30'), dueAt: at('2026-11-04', '11:30'), status: 'done', doneAt: at('2026-11-05', '08:00') },
  { municipality: 'quickborn', createdAt: at('2026-11-28', '10:00'), dueAt: at('2026-12-01', '10:00'), status: 'open' },
  { municipality: 'quickborn', createdAt: at('2026-10-30', '10:00'), dueAt: at('2026-11-02', '10:00'), status: 'open' },
  { municipality: 'hasloh', createdAt: at('2026-11-02', '12:00'), dueAt: at('2026-11-03', '12:00'), status: 'open' },
];

/** What Quickborn's November report says, worked out by hand. */
export const EXPECTED_TOTALS = {
  offered: 15,
  byEntry: { '115': 6, town: 9 },
  // agent: q1 q4 q8 q10 q12 q14; town: q2
  answered: { total: 7, byAgent: 6, byTown: 1, onCallback: 1 },
  // q5 (50 s), q13 (30 s); short: q3 (3 s)
  abandoned: 2,
  shortAbandoned: 1,
  otherEnds: { closed: 1, queueFull: 1, noAgent: 1, callbackUnanswered: 1, failed: 1, other: 0 },
  // base 15 − 1 short − 1 closed = 13; in time: q1 20 s, q2 12 s, q8 25 s, q12 10 s, q14 5 s (q4 40 s late, q10 a callback)
  serviceLevel: { rate: 0.3846, answeredInTime: 5, base: 13 },
  abandonRate: 0.1538,
  // (20 + 12 + 40 + 25 + 10 + 5) ÷ 6
  asaMs: 18_667,
  answeredLive: 6,
  // talk q1 300, q4 60 (to the hand-over), q8 125, q10 100, q12 120 = 705 ÷ 5; wrap-up 10 + 20 + 30 + 8 + 12 = 80 ÷ 5
  handle: { calls: 5, talkMs: 141_000, wrapUpMs: 16_000, ahtMs: 157_000 },
  outcomes: { resolved: 2, transferred: 1, callbackNote: 1, unclassified: 1, pending: 1 },
  // q1's caller called again on the 5th
  fcr: { classified: 4, resolved: 2, rate: 0.5, strictResolved: 1, strictRate: 0.25, repeatContacts: 1, settled: true },
  overflowReasons: { 'direct-115': 6, 'town-no-answer': 3, 'town-busy': 2, 'town-unreachable': 0, 'town-unregistered': 0, 'town-closed': 1, switchboard: 1, 'town-ring-limit': 0, none: 2 },
  // q4 connected; q8 no-answer then connected; q12 cancelled
  transfers: { count: 4, connected: 2, noAnswer: 1, cancelled: 1 },
};

export const EXPECTED_NOTES = { filed: 3, open: 1, overdue: 1, closed: 2, closedInTime: 1, due: 3, compliance: 0.3333, available: true };

/** The knowledge articles' titles of the month's topics. */
export const TITLES: ReadonlyMap<string, string> = new Map([
  ['personalausweis', 'Personalausweis beantragen'],
  ['wohnsitz-anmelden', 'Wohnsitz anmelden oder ummelden (Umzug)'],
  ['baugenehmigung', 'Baugenehmigung beantragen'],
  ['hund-anmelden', 'Hund anmelden'],
]);

/** Searches in the knowledge base that found nothing, as the knowledge store counts them per month. */
export const SEARCH_MISSES: Readonly<Record<string, readonly { municipality: string; query: string; count: number }[]>> = {
  '2026-11': [
    { municipality: 'quickborn', query: 'sperrmüll termin', count: 4 },
    { municipality: 'hasloh', query: 'osterfeuer', count: 3 },
    { municipality: 'quickborn', query: '=hyperlink("x")', count: 1 },
    { municipality: 'all', query: 'sperrmüll termin', count: 2 },
  ],
  '2026-12': [{ municipality: 'quickborn', query: 'weihnachtsmarkt', count: 1 }],
};

/**
 * What Quickborn's November calls were about: q1 (resolved; its caller called again) named the ID
 * card and moving house, q4 (transferred) a building permit, q10 (resolved) the ID card; q8
 * (callback note) named none; q12 has no outcome, q14 none yet.
 */
export const EXPECTED_TOPICS = {
  complete: true,
  withTopic: { calls: 3, resolved: 2, transferred: 1, callbackNote: 0, fcr: { classified: 3, resolved: 2, rate: 0.6667, strictResolved: 1, strictRate: 0.3333, repeatContacts: 1, settled: true } },
  withoutTopic: { calls: 1, resolved: 0, transferred: 0, callbackNote: 1, fcr: { classified: 1, resolved: 0, rate: 0, strictResolved: 0, strictRate: 0, repeatContacts: 0, settled: true } },
  byTopic: [
    { topic: 'personalausweis', title: 'Personalausweis beantragen', calls: 2, resolved: 2, transferred: 0, callbackNote: 0, fcr: { classified: 2, resolved: 2, rate: 1, strictResolved: 1, strictRate: 0.5, repeatContacts: 1, settled: true } },
    { topic: 'baugenehmigung', title: 'Baugenehmigung beantragen', calls: 1, resolved: 0, transferred: 1, callbackNote: 0, fcr: { classified: 1, resolved: 0, rate: 0, strictResolved: 0, strictRate: 0, repeatContacts: 0, settled: true } },
    { topic: 'wohnsitz-anmelden', title: 'Wohnsitz anmelden oder ummelden (Umzug)', calls: 1, resolved: 1, transferred: 0, callbackNote: 0, fcr: { classified: 1, resolved: 1, rate: 1, strictResolved: 0, strictRate: 0, repeatContacts: 1, settled: true } },
  ],
};
