import type { Redis } from 'ioredis';
import type { CallStore } from '../../app/ports.js';
import type { Call } from '../../domain/call.js';
import type { CallId, ChannelId } from '../../domain/ids.js';
import { EngineError } from '../../errors.js';
import { decodeCall, encodeCall } from './call-codec.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';
import { scripted, type ScriptedRedis } from './scripts.js';

export const DEFAULT_CALL_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const DEFAULT_RECORDS_MAX_LEN = 100_000;

export interface RedisCallStoreOptions {
  /** How long an ended call's record is kept (Redis TTL). Default 30 days. */
  readonly retentionMs?: number;
  /** Approximate cap on the records stream (XADD MAXLEN ~). Default 100 000. */
  readonly recordsMaxLen?: number;
}

/**
 * Versioned call records in Redis: one string per call (JSON, deflated: call-codec.ts), compare-and-set in Lua. Ending a call
 * appends its record to the records stream in the same script (read it with RedisCallRecords).
 */
export class RedisCallStore implements CallStore {
  private readonly redis: Redis & ScriptedRedis;
  private readonly retentionMs: number;
  private readonly recordsMaxLen: number;

  constructor(
    redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisCallStoreOptions = {},
  ) {
    this.redis = scripted(redis);
    this.retentionMs = options.retentionMs ?? DEFAULT_CALL_RETENTION_MS;
    this.recordsMaxLen = options.recordsMaxLen ?? DEFAULT_RECORDS_MAX_LEN;
    if (!Number.isSafeInteger(this.retentionMs) || this.retentionMs <= 0) {
      throw new EngineError('CONFIG_INVALID', 'call retention must be a positive whole number of ms', { retentionMs: this.retentionMs });
    }
  }

  async get(id: CallId): Promise<Call | null> {
    const key = this.keys.call(id);
    const stored = await redisOp('call.get', () => this.redis.getBuffer(key));
    return stored === null ? null : decodeCall(stored, key);
  }

  create(call: Call): Promise<Call> {
    return this.write(call, 0);
  }

  save(call: Call): Promise<Call> {
    return this.write(call, call.version);
  }

  async findByCallerChannel(channel: ChannelId): Promise<CallId | null> {
    const id = await redisOp('call.find-by-channel', () => this.redis.get(this.keys.callerChannel(channel)));
    return id as CallId | null;
  }

  async active(): Promise<Call[]> {
    return redisOp('call.active', async () => {
      const ids = await this.redis.smembers(this.keys.activeCalls);
      if (ids.length === 0) return [];
      const keys = ids.map((id) => this.keys.call(id as CallId));
      const stored = await this.redis.mgetBuffer(keys);
      // A call saved as ended between SMEMBERS and MGET is still returned once: the caller sees its phase.
      return stored.flatMap((s, i) => (s === null ? [] : [decodeCall(s, keys[i] as string)]));
    });
  }

  private async write(call: Call, expected: number): Promise<Call> {
    const next: Call = { ...call, version: expected + 1 };
    const ended = next.phase === 'ended';
    const [ok, stored] = await redisOp('call.save', () =>
      this.redis.ovrSaveCall(
        this.keys.call(call.id),
        this.keys.activeCalls,
        this.keys.callerChannel(call.callerChannel),
        this.keys.records,
        expected,
        encodeCall(next),
        call.id,
        ended ? '1' : '0',
        this.retentionMs,
        this.recordsMaxLen,
        ended ? JSON.stringify(next) : '',
      ),
    );
    if (ok !== 1) {
      throw new EngineError('STORE_VERSION_CONFLICT', expected === 0 ? 'call already exists' : 'call was changed concurrently', {
        callId: call.id,
        expected,
        stored,
      });
    }
    return next;
  }
}
