import type { Redis } from 'ioredis';
import type { CallerHistory } from '../../app/desk-feed.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Calls per caller hash for the last 7 days: a sorted set per hash (member call id, score arrival), expiring. */
export class RedisCallerHistory implements CallerHistory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async seen(callerHash: string, callId: string, at: number): Promise<void> {
    const key = this.keys.callerHistory(callerHash);
    await redisOp('history.seen', () =>
      this.redis.multi().zadd(key, at, callId).zremrangebyscore(key, '-inf', at - WEEK_MS).pexpire(key, WEEK_MS).exec(),
    );
  }

  async count(callerHash: string, since: number, before: number, except: string): Promise<number> {
    const ids = await redisOp('history.count', () => this.redis.zrangebyscore(this.keys.callerHistory(callerHash), since, `(${before}`));
    return ids.filter((id) => id !== except).length;
  }
}
