import type { Redis } from 'ioredis';
import { redisOp } from '../adapters/redis/errors.js';
import { Script } from '../notes/store.js';
import type { Article } from './article.js';
import { KnowledgeKeys } from './keys.js';

/** One saved version of an article: who saved it when, and which fields changed against the one before. */
export interface ArticleVersion {
  /** 1 for the first save, then one up per save. */
  readonly version: number;
  readonly savedAt: number;
  /** The person's id (or `import` for a file set). */
  readonly savedBy: string;
  /** Top-level fields (and `sections.<town>`) that differ from the version before; empty for the first. */
  readonly changed: readonly string[];
  readonly article: Article;
}

/** A save of one article: `expected` is the version the editor started from (0: a new article). */
export interface ArticleSave {
  readonly article: Article;
  readonly expected: number;
  readonly changed: readonly string[];
}

export type SaveResult =
  | { readonly ok: true; readonly versions: readonly number[] }
  /** Someone saved meanwhile: nothing was written. */
  | { readonly ok: false; readonly conflicts: readonly { readonly id: string; readonly current: number }[] };

/** How many searches that found nothing are kept per month (the rarest drop out). */
export const MISSES_KEPT = 500;
const MISSES_TTL_S = 400 * 24 * 3600;
/** A month's topic counts are kept as long as the gaps: a year back, and a little. */
const ASKED_TTL_S = 400 * 24 * 3600;

/** One article's count raised (1) or lowered (-1): a topic added to or taken from a call's outcome. */
export interface TopicCount {
  readonly id: string;
  readonly by: number;
}

/**
 * Saves one or more articles at once, all or nothing: every expected version is checked before
 * anything is written. ARGV: article prefix, versions prefix, ids key, revision key, savedBy,
 * savedAt, then per article: id, expected version (-1: do not check), changed (JSON), article (JSON).
 * Returns {1, v1, v2, …} or {0, id, current, id, current, …}.
 */
const SAVE = new Script(`
local articlePrefix, versionsPrefix, idsKey, revisionKey, by, at = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local conflicts, current = {}, {}
for i = 7, #ARGV, 4 do
  local id, expected = ARGV[i], tonumber(ARGV[i + 1])
  local stored = redis.call('GET', articlePrefix .. id)
  local version = 0
  if stored then version = cjson.decode(stored).version end
  current[id] = version
  if expected >= 0 and expected ~= version then
    table.insert(conflicts, id)
    table.insert(conflicts, version)
  end
end
if #conflicts > 0 then
  table.insert(conflicts, 1, 0)
  return conflicts
end
local saved = {1}
for i = 7, #ARGV, 4 do
  local id = ARGV[i]
  local version = current[id] + 1
  current[id] = version
  local entry = '{"version":' .. version .. ',"savedAt":' .. at .. ',"savedBy":' .. cjson.encode(by) .. ',"changed":' .. ARGV[i + 2] .. ',"article":' .. ARGV[i + 3] .. '}'
  redis.call('SET', articlePrefix .. id, entry)
  redis.call('RPUSH', versionsPrefix .. id, entry)
  redis.call('SADD', idsKey, id)
  table.insert(saved, version)
end
redis.call('INCR', revisionKey)
return saved
`);

/** The knowledge base's articles and their history, in Redis. */
export class KnowledgeStore {
  private readonly keys: KnowledgeKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new KnowledgeKeys(prefix);
  }

  /** Raised by every save; 0 while nothing was ever saved. */
  async revision(): Promise<number> {
    return Number((await redisOp('kb.revision', () => this.redis.get(this.keys.revision))) ?? 0);
  }

  async get(id: string): Promise<ArticleVersion | null> {
    const raw = await redisOp('kb.get', () => this.redis.get(this.keys.article(id)));
    return raw === null ? null : (JSON.parse(raw) as ArticleVersion);
  }

  /** Every article's current version, in id order. */
  async all(): Promise<ArticleVersion[]> {
    return redisOp('kb.all', async () => {
      const ids = (await this.redis.smembers(this.keys.ids)).sort();
      if (ids.length === 0) return [];
      const raws = await this.redis.mget(ids.map((id) => this.keys.article(id)));
      return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ArticleVersion);
    });
  }

  /** Every version of one article, oldest first. */
  async versions(id: string): Promise<ArticleVersion[]> {
    const raws = await redisOp('kb.versions', () => this.redis.lrange(this.keys.versions(id), 0, -1));
    return raws.map((r) => JSON.parse(r) as ArticleVersion);
  }

  /** Saves all of `saves` or, when one was saved by someone else meanwhile, none. */
  async save(saves: readonly ArticleSave[], by: string, at: number): Promise<SaveResult> {
    if (saves.length === 0) return { ok: true, versions: [] };
    const args: (string | number)[] = [this.keys.articlePrefix, this.keys.versionsPrefix, this.keys.ids, this.keys.revision, by, at];
    for (const s of saves) args.push(s.article.id, s.expected, JSON.stringify(s.changed), JSON.stringify(s.article));
    const reply = (await redisOp('kb.save', () => SAVE.run(this.redis, [], args))) as (number | string)[];
    if (reply[0] === 1) return { ok: true, versions: reply.slice(1).map(Number) };
    const conflicts: { id: string; current: number }[] = [];
    for (let i = 1; i < reply.length; i += 2) conflicts.push({ id: String(reply[i]), current: Number(reply[i + 1]) });
    return { ok: false, conflicts };
  }

  /** Counts a search that found nothing (`month` YYYY-MM); keeps the most frequent MISSES_KEPT. */
  async recordMiss(month: string, municipality: string, query: string): Promise<void> {
    const key = this.keys.misses(month);
    await redisOp('kb.miss', () =>
      this.redis
        .multi()
        .zincrby(key, 1, `${municipality}|${query}`)
        .zremrangebyrank(key, 0, -(MISSES_KEPT + 1))
        .expire(key, MISSES_TTL_S)
        .exec(),
    );
  }

  /** The month's searches that found nothing, most frequent first. */
  async misses(month: string, limit: number): Promise<{ municipality: string; query: string; count: number }[]> {
    const flat = await redisOp('kb.misses', () => this.redis.zrevrange(this.keys.misses(month), 0, limit - 1, 'WITHSCORES'));
    const out: { municipality: string; query: string; count: number }[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const member = flat[i] ?? '';
      const bar = member.indexOf('|');
      out.push({ municipality: member.slice(0, bar), query: member.slice(bar + 1), count: Number(flat[i + 1]) });
    }
    return out;
  }

  /**
   * Counts the topics of filed outcomes for a municipality (town id or `kreis`) in `month`
   * (YYYY-MM). A count that came back to 0 is dropped; one below 0 (a topic filed last month and
   * taken off this month) is kept, so that the sum over both months stays right.
   */
  async countAsked(month: string, municipality: string, counts: readonly TopicCount[]): Promise<void> {
    if (counts.length === 0) return;
    const key = this.keys.asked(municipality, month);
    const multi = this.redis.multi();
    for (const c of counts) multi.zincrby(key, c.by, c.id);
    await redisOp('kb.asked.count', () => multi.zremrangebyscore(key, 0, 0).expire(key, ASKED_TTL_S).exec());
  }

  /** How often each article was a call's topic for a municipality, summed over `months` (YYYY-MM). */
  async asked(municipality: string, months: readonly string[]): Promise<Map<string, number>> {
    const flats = await redisOp('kb.asked', () => Promise.all(months.map((m) => this.redis.zrange(this.keys.asked(municipality, m), 0, -1, 'WITHSCORES'))));
    const sums = new Map<string, number>();
    for (const flat of flats) {
      for (let i = 0; i < flat.length; i += 2) {
        const id = flat[i] ?? '';
        sums.set(id, (sums.get(id) ?? 0) + Number(flat[i + 1]));
      }
    }
    return sums;
  }
}
