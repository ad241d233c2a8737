import type { Redis } from 'ioredis';
import type { CallRecords, PublishedRecord } from '../../app/ports.js';
import type { Call } from '../../domain/call.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

/** Reads ended calls' records from the Redis stream RedisCallStore appends them to. */
export class RedisCallRecords implements CallRecords {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** The last `count` records, oldest first. */
  async recent(count: number): Promise<Call[]> {
    const entries = await redisOp('record.recent', () => this.redis.xrevrange(this.keys.records, '+', '-', 'COUNT', count));
    return entries.flatMap(([, fields]) => {
      const at = fields.indexOf('call');
      const json = at >= 0 ? fields[at + 1] : undefined;
      return json === undefined ? [] : [JSON.parse(json) as Call];
    }).reverse();
  }

  async read(sinceId?: string, count = 1_000): Promise<PublishedRecord[]> {
    const entries = await redisOp('record.read', () =>
      this.redis.xrange(this.keys.records, sinceId ? `(${sinceId}` : '-', '+', 'COUNT', count),
    );
    const out: PublishedRecord[] = [];
    for (const [id, fields] of entries) {
      const at = fields.indexOf('call');
      const json = at >= 0 ? fields[at + 1] : undefined;
      if (json !== undefined) out.push({ id, call: JSON.parse(json) as Call });
    }
    return out;
  }
}
