import type { Redis } from 'ioredis';
import type { RecordSink } from '../../app/ports.js';
import type { Call } from '../../domain/call.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

export interface RedisRecordSinkOptions {
  /** Approximate cap on the stream's length (XADD MAXLEN ~). Default 100 000. */
  readonly maxLen?: number;
}

export interface PublishedRecord {
  /** The stream entry id; pass it to read() to continue after it. */
  readonly id: string;
  readonly call: Call;
}

/** Ended calls' records appended to a Redis stream, for metrics and reports to consume. */
export class RedisRecordSink implements RecordSink {
  private readonly maxLen: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisRecordSinkOptions = {},
  ) {
    this.maxLen = options.maxLen ?? 100_000;
  }

  async publish(call: Call): Promise<void> {
    await redisOp('record.publish', () =>
      this.redis.xadd(this.keys.records, 'MAXLEN', '~', this.maxLen, '*', 'call', JSON.stringify(call)),
    );
  }

  /** Records in publication order, after `sinceId` (exclusive) when given. */
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
