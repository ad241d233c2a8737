import type { Redis } from 'ioredis';
import { RedisCallRecords } from '../adapters/redis/call-records.js';
import { redisOp } from '../adapters/redis/errors.js';
import type { RedisKeys } from '../adapters/redis/keys.js';
import type { RecordTail } from './engine-metrics.js';

/** The records stream RedisCallStore appends ended calls to, read from its current end on. */
export function redisRecordTail(redis: Redis, keys: RedisKeys): RecordTail {
  const records = new RedisCallRecords(redis, keys);
  return {
    read: (sinceId, count) => records.read(sinceId, count),
    async lastId() {
      const last = await redisOp('record.last-id', () => redis.xrevrange(keys.records, '+', '-', 'COUNT', 1));
      return last[0]?.[0] ?? null;
    },
  };
}
