import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisKeys } from './keys.js';

/** Keys of a center's live state that once lay directly under the prefix, one each. */
const SINGLE = ['calls:active', 'queue', 'queue:needs', 'agents', 'agents:available', 'records', 'dispositions'] as const;
/** Families of such keys, one per call, channel, agent or caller. */
const FAMILIES = ['call:', 'chan:', 'agent:', 'callback:', 'resume:', 'disposition:'] as const;

/** A glob pattern that matches the text literally (SCAN MATCH). */
const literal = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Moves the center's live state written under the bare prefix (before keys carried the center's
 * hash tag, see keys.ts) to the tagged keys, so that an upgraded engine finds its waiting callers,
 * agents and records where it now looks. RENAMENX: a key that exists under the new name already is
 * left as it is. Runs at start; a second run finds nothing to move. Returns how many keys moved.
 */
export async function moveUntaggedKeys(redis: Redis, keys: RedisKeys, log: Logger): Promise<number> {
  const moves: [string, string][] = SINGLE.map((name) => [`${keys.prefix}${name}`, `${keys.centerPrefix}${name}`]);
  for (const family of FAMILIES) {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${literal(keys.prefix)}${family}*`, 'COUNT', 500);
      cursor = next;
      for (const key of found) moves.push([key, `${keys.centerPrefix}${key.slice(keys.prefix.length)}`]);
    } while (cursor !== '0');
  }
  let moved = 0;
  let kept = 0;
  for (let i = 0; i < moves.length; i += 500) {
    const batch = redis.pipeline();
    for (const [from, to] of moves.slice(i, i + 500)) batch.exists(from).renamenx(from, to);
    const results = (await batch.exec()) ?? [];
    for (let j = 0; j < results.length; j += 2) {
      const exists = results[j]?.[1] === 1;
      if (!exists) continue;
      if (results[j + 1]?.[1] === 1) moved++;
      else kept++;
    }
  }
  if (moved > 0 || kept > 0) log.info({ moved, keptBoth: kept, center: keys.center }, "live state moved to the center's keys");
  return moved;
}
