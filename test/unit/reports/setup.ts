import type { Disposition } from '../../../src/app/dispositions.js';
import type { Call } from '../../../src/domain/call.js';
import { agentId } from '../../../src/domain/ids.js';
import { EngineError } from '../../../src/errors.js';
import { MemoryReportStore, ReportService, TransferIndex, type ReportStore } from '../../../src/reports/index.js';
import type { ServiceTargets } from '../../../src/config/service-targets.js';
import { StatsReadModel, type StatsRules } from '../../../src/stats/index.js';
import { TZ } from '../stats/records.js';
import { NOTES, NOW, SEARCH_MISSES, TITLES, finals, records } from './quickborn-month.js';

export const TOWNS = [
  { id: 'quickborn', name: 'Stadt Quickborn' },
  { id: 'boenningstedt', name: 'Gemeinde Bönningstedt' },
  { id: 'hasloh', name: 'Gemeinde Hasloh' },
];
export const COUNTY = { id: 'kreis-pinneberg', name: 'Kreis Pinneberg' };
export const AGENT_NAMES = new Map([
  ['agent-1', 'Anna Petersen'],
  ['agent-2', 'Jonas Hansen'],
]);

const down = (): EngineError => new EngineError('REDIS_UNAVAILABLE', 'redis unavailable during a test');

/** A stream read like the Redis ones (`read(sinceId, count)`), ids `1-0`, `2-0`, … */
const reader = <T extends { readonly id: string }>(entries: readonly T[], failing: () => boolean) => ({
  read: (since?: string, count = 1_000): Promise<T[]> => {
    if (failing()) return Promise.reject(down());
    const from = since ? Number(since.split('-')[0]) : 0;
    return Promise.resolve(entries.slice(from, from + count));
  },
});

export interface SetupOptions {
  /** The calls the streams still hold (default: the whole Quickborn month). */
  readonly calls?: readonly Call[];
  readonly store?: ReportStore;
  /** From when the streams are whole (default 0: never trimmed). */
  readonly wholeSince?: number;
  readonly now?: number;
  readonly trimmed?: number[];
  /** The deployment's targets by municipality and the statistics' rules from them (default: today's values). */
  readonly targetsOf?: (municipality: string | null) => ServiceTargets;
  readonly rules?: Partial<StatsRules>;
  /** The deployment's partner centers (`serviceCenter.partners`). */
  readonly partners?: readonly { readonly id: string; readonly name: string }[];
}

/** The report service over fake streams holding `calls`, the real statistics read model and transfer index. */
export function setup(o: SetupOptions = {}) {
  let now = o.now ?? NOW;
  let failing = false;
  const isFailing = () => failing;
  const calls = o.calls ?? records();
  const ids = new Set(calls.map((c) => c.id as string));
  const recordEntries = calls.map((call, i) => ({ id: `${i + 1}-0`, call }));
  const dispositionEntries = finals(records())
    .filter((f) => ids.has(f.call.id))
    .map((f, i) => ({
      id: `${i + 1}-0`,
      disposition: {
        callId: f.call.id,
        agentId: f.call.agentId ?? agentId('agent-x'),
        outcome: f.outcome,
        at: f.filedAt,
        finalizedAt: f.finalizedAt,
        ...(f.topics ? { topics: f.topics } : {}),
      } satisfies Disposition,
    }));
  const stats = new StatsReadModel({
    records: reader(recordEntries, isFailing),
    dispositions: reader(dispositionEntries, isFailing),
    timezone: TZ,
    rules: { wrapUpCapMs: 30_000, ...o.rules },
    now: () => now,
  });
  const transfers = new TransferIndex({ records: reader(recordEntries, isFailing), now: () => now });
  const memory = o.store ?? new MemoryReportStore();
  const store: ReportStore = {
    writeDay: (...a) => (failing ? Promise.reject(down()) : memory.writeDay(...a)),
    readDays: (...a) => (failing ? Promise.reject(down()) : memory.readDays(...a)),
    storedDates: () => (failing ? Promise.reject(down()) : memory.storedDates()),
    purgeBefore: (d) => (failing ? Promise.reject(down()) : memory.purgeBefore(d)),
  };
  let whole = o.wholeSince ?? 0;
  const trimmedBefore: number[] = o.trimmed ?? [];
  const service = new ReportService({
    stats,
    transfers,
    store,
    wholeSince: () => (failing ? Promise.reject(down()) : Promise.resolve(whole)),
    notes: (m) => (failing ? Promise.reject(down()) : Promise.resolve(NOTES.filter((n) => n.municipality === m))),
    topicTitle: (id) => (failing ? Promise.reject(down()) : Promise.resolve(TITLES.get(id) ?? null)),
    searchMisses: (month) => (failing ? Promise.reject(down()) : Promise.resolve(SEARCH_MISSES[month] ?? [])),
    timezone: TZ,
    towns: TOWNS,
    ...(o.targetsOf ? { targetsOf: o.targetsOf } : {}),
    county: COUNTY,
    ...(o.partners ? { partners: o.partners } : {}),
    agentNames: AGENT_NAMES,
    now: () => now,
    retention: { aggregatesDays: 400, callRecordsDays: 90 },
    trimCallData: (before) => {
      trimmedBefore.push(before);
      return Promise.resolve(0);
    },
  });
  return {
    service,
    stats,
    store,
    trimmedBefore,
    setWholeSince: (t: number) => {
      whole = t;
    },
    setNow: (t: number) => {
      now = t;
    },
    /** Redis away: every read and write fails. */
    setFailing: (b: boolean) => {
      failing = b;
    },
  };
}
