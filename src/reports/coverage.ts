/**
 * How far back the streams (call records, final dispositions) are whole: the records stream is
 * capped (XADD MAXLEN ~) and both are trimmed to `retention.callRecordsDays` by the purge job, so
 * the oldest days lose their calls. A report takes a day from the statistics only when nothing of
 * it can have been trimmed, and otherwise from its stored daily aggregate.
 */
import type { Redis } from 'ioredis';
import { redisOp } from '../adapters/redis/errors.js';

const idTime = (id: unknown): number | null => {
  const m = typeof id === 'string' ? /^(\d+)-\d+$/.exec(id) : null;
  return m ? Number(m[1]) : null;
};

/**
 * The instant from which `key` still holds every entry ever added to it: 0 if none was ever
 * removed (or the stream does not exist). Trimming (MAXLEN, MINID) removes the oldest entries, so
 * what is left is whole from just after the first entry left (from just after the last id ever
 * given, when none is left); an entry deleted on its own (XDEL) counts up to its id
 * (`max-deleted-entry-id`). Redis 7 tells whether anything was removed (`entries-added` above
 * `length`); an older Redis does not, and its first entry is taken as the limit.
 */
export async function streamWholeSince(redis: Redis, key: string): Promise<number> {
  const info = await redisOp('report.stream-info', async () => {
    try {
      return (await redis.xinfo('STREAM', key)) as unknown[];
    } catch (err) {
      if (err instanceof Error && /no such key/i.test(err.message)) return null;
      throw err;
    }
  });
  if (info === null) return 0;
  const fields = new Map<string, unknown>();
  for (let i = 0; i + 1 < info.length; i += 2) fields.set(String(info[i]), info[i + 1]);
  const added = fields.get('entries-added');
  const length = Number(fields.get('length') ?? 0);
  if (added !== undefined && Number(added) <= length) return 0;
  const first = fields.get('first-entry');
  const firstTime = Array.isArray(first) ? idTime(first[0]) : null;
  const trimmedUpTo = firstTime ?? (length === 0 ? idTime(fields.get('last-generated-id')) : null) ?? 0;
  const deleted = idTime(fields.get('max-deleted-entry-id')) ?? 0;
  const limit = Math.max(trimmedUpTo, deleted);
  return limit === 0 ? 0 : limit + 1;
}

/** The instant from which every one of `keys` is whole (the latest of their limits). */
export async function streamsWholeSince(redis: Redis, keys: readonly string[]): Promise<number> {
  const limits = await Promise.all(keys.map((k) => streamWholeSince(redis, k)));
  return Math.max(0, ...limits);
}

/**
 * Deletes the entries of `keys` added before instant `before` (XTRIM MINID: by the entry id, which
 * Redis stamps with its clock when the entry is added: for the records stream, when the call
 * ended). Returns how many were deleted.
 */
export async function trimStreamsBefore(redis: Redis, keys: readonly string[], before: number): Promise<number> {
  let trimmed = 0;
  for (const key of keys) trimmed += await redisOp('report.trim-stream', () => redis.xtrim(key, 'MINID', Math.max(0, Math.floor(before))));
  return trimmed;
}
