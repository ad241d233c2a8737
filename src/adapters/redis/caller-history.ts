import type { Redis } from 'ioredis';
import type { CallerHistory } from '../../app/desk-feed.js';
import { redisOp, translateRedisError } from './errors.js';
import type { RedisKeys } from './keys.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Calls per caller hash for the last 7 days: a sorted set per hash (member call id, score arrival), expiring. */
export class RedisCallerHistory implements CallerHistory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * Three commands in one round trip, not a transaction: each stands alone. Interrupted in between,
   * the key keeps its older expiry (it goes sooner) or an entry older than the week stays until the
   * caller's next call trims it; count() reads by time either way.
   */
  async seen(callerHash: string, callId: string, at: number): Promise<void> {
    const key = this.keys.callerHistory(callerHash);
    const results = await redisOp('history.seen', () =>
      this.redis.pipeline().zadd(key, at, callId).zremrangebyscore(key, '-inf', at - WEEK_MS).pexpire(key, WEEK_MS).exec(),
    );
    const failed = results?.find(([err]) => err !== null)?.[0];
    if (failed) throw translateRedisError(failed, 'history.seen');
  }

  async count(callerHash: string, since: number, before: number, except: string): Promise<number> {
    const ids = await redisOp('history.count', () => this.redis.zrangebyscore(this.keys.callerHistory(callerHash), since, `(${before}`));
    return ids.filter((id) => id !== except).length;
  }
}
