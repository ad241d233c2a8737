/**
 * The daily aggregates, kept beyond the streams: one Redis hash per day and scope. Layout, under
 * the engine's key prefix (`ovr:` by default):
 *
 *   report:day:{YYYY-MM-DD}:{scope}   hash  one day's counts of one scope: a town id, `_county`
 *                                            (calls about no town) or `_all` (every call)
 *   report:scopes:{YYYY-MM-DD}        set   the scopes stored for that day
 *   report:days                       zset  every stored day, score = days since 1970-01-01
 *
 * Hash fields: `c:{counter}` (the scope's counts, see CALL_COUNTERS), `r:{reason}:{counter}` (per
 * overflow reason), `a:{agentId}:{counter}` (per agent), `t:{topic}:{counter}` (per topic: a
 * knowledge article id, `_none` for calls without one, `_any` for calls with one or more; see
 * TOPIC_COUNTERS), `p:{center}:{counter}` (per partner center: calls handed to it and taken for
 * it, see PARTNER_COUNTERS), `m:writtenAt` (epoch ms), `m:complete` (`1` when written after the day
 * ended), `m:version` (`3`; a day of version 1 was stored before topics were counted, one of version
 * 1 or 2 before the calls between partner centers were). Counts that are 0 are left out. Nothing expires by itself: the purge job deletes the days older than
 * `retention.aggregatesDays`.
 */
import type { Redis } from 'ioredis';
import { redisOp } from '../adapters/redis/errors.js';
import { PARTNER_COUNTERS, TOPIC_COUNTERS, zeroPartner, zeroTopic, type PartnerTally, type TopicTally } from '../stats/index.js';
import { ALL } from './days.js';
import {
  AGENT_COUNTERS,
  CALL_COUNTERS,
  END_COUNTERS,
  EMPTY_AGGREGATE,
  zeroAgent,
  zeroCalls,
  zeroEnds,
  type Aggregate,
  type AgentTally,
  type CallTally,
  type EndTally,
} from './tally.js';

const DAY_MS = 86_400_000;
/** 2: with the topics' counts; 3: with the partner centers' counts and `handedOver` among the ends. */
const FORMAT_VERSION = '3';

/** A day as stored. */
export interface StoredDay {
  readonly date: string;
  readonly writtenAt: number;
  /** Written after the day ended (a day written while it ran holds the calls up to then). */
  readonly complete: boolean;
  /** The scopes asked for (an empty aggregate for a scope without calls that day). */
  readonly scopes: ReadonlyMap<string, Aggregate>;
}

export interface DayMeta {
  readonly writtenAt: number;
  readonly complete: boolean;
}

export interface ReportStore {
  /** Replaces whatever was stored for `date` by `scopes`. */
  writeDay(date: string, scopes: ReadonlyMap<string, Aggregate>, meta: DayMeta): Promise<void>;
  /** The days of `dates` that are stored, each with the scopes asked for (`every`: all stored ones). */
  readDays(dates: readonly string[], scopes: readonly string[] | 'every'): Promise<Map<string, StoredDay>>;
  /** Every stored day, oldest first. */
  storedDates(): Promise<string[]>;
  /** Deletes the days before `date`; returns them. */
  purgeBefore(date: string): Promise<string[]>;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

// ---- the hash encoding ----

/** A scope's hash fields. */
export function encodeAggregate(a: Aggregate, date: string, meta: DayMeta): Record<string, string> {
  const out: Record<string, string> = { 'm:date': date, 'm:writtenAt': String(meta.writtenAt), 'm:complete': meta.complete ? '1' : '0', 'm:version': FORMAT_VERSION };
  for (const k of CALL_COUNTERS) if (a.calls[k] !== 0 || k === 'offered') out[`c:${k}`] = String(a.calls[k]);
  for (const [reason, e] of Object.entries(a.reasons)) for (const k of END_COUNTERS) if (e[k] !== 0 || k === 'offered') out[`r:${reason}:${k}`] = String(e[k]);
  for (const [agent, t] of Object.entries(a.agents)) for (const k of AGENT_COUNTERS) if (t[k] !== 0 || k === 'answered') out[`a:${agent}:${k}`] = String(t[k]);
  for (const [topic, t] of Object.entries(a.topics)) for (const k of TOPIC_COUNTERS) if (t[k] !== 0 || k === 'calls') out[`t:${topic}:${k}`] = String(t[k]);
  // A partner is listed only with a call handed to it or taken for it: some count is never 0.
  for (const [center, t] of Object.entries(a.partners)) for (const k of PARTNER_COUNTERS) if (t[k] !== 0) out[`p:${center}:${k}`] = String(t[k]);
  return out;
}

/** A scope's aggregate and its day's meta from its hash fields (unknown fields are ignored). */
export function decodeAggregate(fields: Readonly<Record<string, string>>): { aggregate: Aggregate; meta: DayMeta } {
  const calls: Record<string, number> = { ...zeroCalls() };
  const reasons: Record<string, Record<string, number>> = {};
  const agents: Record<string, Record<string, number>> = {};
  const topics: Record<string, Record<string, number>> = {};
  const partners: Record<string, Record<string, number>> = {};
  const callKeys = new Set<string>(CALL_COUNTERS);
  const endKeys = new Set<string>(END_COUNTERS);
  const agentKeys = new Set<string>(AGENT_COUNTERS);
  const topicKeys = new Set<string>(TOPIC_COUNTERS);
  const partnerKeys = new Set<string>(PARTNER_COUNTERS);
  for (const [field, raw] of Object.entries(fields)) {
    const value = Number(raw);
    if (!Number.isFinite(value)) continue;
    const [kind] = field.split(':', 1);
    const rest = field.slice((kind ?? '').length + 1);
    const cut = rest.lastIndexOf(':');
    if (kind === 'c' && callKeys.has(rest)) calls[rest] = value;
    else if (kind === 'r' && cut > 0 && endKeys.has(rest.slice(cut + 1))) (reasons[rest.slice(0, cut)] ??= { ...zeroEnds() })[rest.slice(cut + 1)] = value;
    else if (kind === 'a' && cut > 0 && agentKeys.has(rest.slice(cut + 1))) (agents[rest.slice(0, cut)] ??= { ...zeroAgent() })[rest.slice(cut + 1)] = value;
    else if (kind === 't' && cut > 0 && topicKeys.has(rest.slice(cut + 1))) (topics[rest.slice(0, cut)] ??= { ...zeroTopic() })[rest.slice(cut + 1)] = value;
    else if (kind === 'p' && cut > 0 && partnerKeys.has(rest.slice(cut + 1))) (partners[rest.slice(0, cut)] ??= { ...zeroPartner() })[rest.slice(cut + 1)] = value;
  }
  const version = Number(fields['m:version'] ?? 0);
  // A day stored before topics were counted: its agents' calls have none, which is not "without topic".
  if (version < 2 && (calls.answeredByAgent ?? 0) > 0) calls.topicsUncounted = 1;
  if (version < 3) readHandoversOfVersion2(calls, reasons);
  return {
    aggregate: {
      calls: calls as CallTally,
      reasons: reasons as Record<string, EndTally>,
      agents: agents as Record<string, AgentTally>,
      topics: topics as Record<string, TopicTally>,
      partners: partners as Record<string, PartnerTally>,
    },
    meta: { writtenAt: Number(fields['m:writtenAt'] ?? 0), complete: fields['m:complete'] === '1' },
  };
}

/**
 * A day stored before `handedOver` was an end of its own (versions 1 and 2) counted the calls handed
 * to a partner center under `otherEnd`: the only outcome that version did not know, so they are read
 * as handed over (and so leave the service level's base, as they would now). To which partner, and
 * the calls taken for partners (overflow reason `partner`), that day did not count: it is marked.
 */
function readHandoversOfVersion2(calls: Record<string, number>, reasons: Record<string, Record<string, number>>): void {
  for (const ends of [calls, ...Object.values(reasons)]) {
    ends.handedOver = (ends.handedOver ?? 0) + (ends.otherEnd ?? 0);
    ends.otherEnd = 0;
  }
  if ((calls.handedOver ?? 0) > 0 || (reasons['partner']?.offered ?? 0) > 0) calls.partnersUncounted = 1;
}

// ---- Redis ----

/**
 * Replaces a day atomically: deletes the scopes stored before, writes the new ones.
 * KEYS[1] report:days   KEYS[2] report:scopes:{date}
 * ARGV[1] the day's hash key prefix (`…report:day:{date}:`)   ARGV[2] date   ARGV[3] its day number
 * ARGV[4] JSON {scope: [field, value, field, value, …]}
 * The scope hashes are reached through ARGV[1] inside the script (like assignNext's agent hashes):
 * one Redis instance, not a cluster.
 */
const WRITE_DAY_LUA = `
for _, s in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[1] .. s) end
redis.call('DEL', KEYS[2])
local scopes = cjson.decode(ARGV[4])
for scope, fields in pairs(scopes) do
  for i = 1, #fields, 2 do redis.call('HSET', ARGV[1] .. scope, fields[i], fields[i + 1]) end
  redis.call('SADD', KEYS[2], scope)
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
return 1
`;

/** Deletes one day. KEYS[1] report:days  KEYS[2] report:scopes:{date}  ARGV[1] the day's hash key prefix  ARGV[2] date */
const DELETE_DAY_LUA = `
for _, s in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', ARGV[1] .. s) end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[2])
return 1
`;

export class ReportKeys {
  readonly days: string;
  constructor(readonly prefix = 'ovr:') {
    this.days = `${prefix}report:days`;
  }

  /** The prefix of a day's scope hashes. */
  dayPrefix(date: string): string {
    return `${this.prefix}report:day:${date}:`;
  }

  day(date: string, scope: string): string {
    return `${this.dayPrefix(date)}${scope}`;
  }

  scopes(date: string): string {
    return `${this.prefix}report:scopes:${date}`;
  }
}

export class RedisReportStore implements ReportStore {
  constructor(
    private readonly redis: Redis,
    readonly keys: ReportKeys,
  ) {}

  async writeDay(date: string, scopes: ReadonlyMap<string, Aggregate>, meta: DayMeta): Promise<void> {
    const payload: Record<string, string[]> = {};
    for (const [scope, a] of scopes) payload[scope] = Object.entries(encodeAggregate(a, date, meta)).flat();
    await redisOp('report.write-day', () =>
      this.redis.eval(WRITE_DAY_LUA, 2, this.keys.days, this.keys.scopes(date), this.keys.dayPrefix(date), date, dayNumber(date), JSON.stringify(payload)),
    );
  }

  async readDays(dates: readonly string[], scopes: readonly string[] | 'every'): Promise<Map<string, StoredDay>> {
    const out = new Map<string, StoredDay>();
    if (dates.length === 0) return out;
    const members = await redisOp('report.read-days', async () => {
      const p = this.redis.pipeline();
      for (const d of dates) p.smembers(this.keys.scopes(d));
      return ((await p.exec()) ?? []).map(([err, res]) => {
        if (err) throw err;
        return res as string[];
      });
    });
    const wanted = dates.flatMap((date, i) => {
      const stored = members[i] ?? [];
      if (!stored.includes(ALL)) return [];
      const list = scopes === 'every' ? stored : [...new Set([ALL, ...scopes])];
      return [{ date, stored: new Set(stored), list }];
    });
    const hashes = await redisOp('report.read-days', async () => {
      const p = this.redis.pipeline();
      for (const w of wanted) for (const s of w.list) p.hgetall(this.keys.day(w.date, s));
      return ((await p.exec()) ?? []).map(([err, res]) => {
        if (err) throw err;
        return res as Record<string, string>;
      });
    });
    let i = 0;
    for (const w of wanted) {
      const map = new Map<string, Aggregate>();
      let meta: DayMeta = { writtenAt: 0, complete: false };
      for (const scope of w.list) {
        const fields = hashes[i++] ?? {};
        const decoded = w.stored.has(scope) ? decodeAggregate(fields) : { aggregate: EMPTY_AGGREGATE, meta };
        if (scope === ALL) meta = decoded.meta;
        map.set(scope, decoded.aggregate);
      }
      out.set(w.date, { date: w.date, writtenAt: meta.writtenAt, complete: meta.complete, scopes: map });
    }
    return out;
  }

  async storedDates(): Promise<string[]> {
    return redisOp('report.stored-dates', () => this.redis.zrange(this.keys.days, 0, -1));
  }

  async purgeBefore(date: string): Promise<string[]> {
    const old = await redisOp('report.purge', () => this.redis.zrangebyscore(this.keys.days, '-inf', `(${dayNumber(date)}`));
    for (const d of old) {
      await redisOp('report.purge', () => this.redis.eval(DELETE_DAY_LUA, 2, this.keys.days, this.keys.scopes(d), this.keys.dayPrefix(d), d));
    }
    return old;
  }
}

// ---- in memory (tests, and an engine without Redis-backed reports) ----

export class MemoryReportStore implements ReportStore {
  private readonly days = new Map<string, { meta: DayMeta; scopes: Map<string, Aggregate> }>();

  writeDay(date: string, scopes: ReadonlyMap<string, Aggregate>, meta: DayMeta): Promise<void> {
    // Through the hash encoding, so that what comes back is what Redis would give.
    const copy = new Map([...scopes].map(([s, a]) => [s, decodeAggregate(encodeAggregate(a, date, meta)).aggregate]));
    this.days.set(date, { meta, scopes: copy });
    return Promise.resolve();
  }

  readDays(dates: readonly string[], scopes: readonly string[] | 'every'): Promise<Map<string, StoredDay>> {
    const out = new Map<string, StoredDay>();
    for (const date of dates) {
      const day = this.days.get(date);
      if (!day?.scopes.has(ALL)) continue;
      const list = scopes === 'every' ? [...day.scopes.keys()] : [...new Set([ALL, ...scopes])];
      out.set(date, { date, ...day.meta, scopes: new Map(list.map((s) => [s, day.scopes.get(s) ?? EMPTY_AGGREGATE])) });
    }
    return Promise.resolve(out);
  }

  storedDates(): Promise<string[]> {
    return Promise.resolve([...this.days.keys()].sort());
  }

  purgeBefore(date: string): Promise<string[]> {
    const old = [...this.days.keys()].filter((d) => d < date).sort();
    for (const d of old) this.days.delete(d);
    return Promise.resolve(old);
  }
}
