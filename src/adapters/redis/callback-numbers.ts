import type { Redis } from 'ioredis';
import type { CallbackNumbers } from '../../app/ports.js';
import type { CallId } from '../../domain/ids.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

/** A callback number is erased when its callback is over; this is the latest it goes on its own. */
export const CALLBACK_NUMBER_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Callers' numbers for requested callbacks: one key per call, with an expiry, deleted when done. */
export class RedisCallbackNumbers implements CallbackNumbers {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async keep(call: CallId, number: string): Promise<void> {
    await redisOp('callback.keep', () => this.redis.set(this.keys.callbackNumber(call), number, 'PX', CALLBACK_NUMBER_RETENTION_MS));
  }

  get(call: CallId): Promise<string | null> {
    return redisOp('callback.get', () => this.redis.get(this.keys.callbackNumber(call)));
  }

  async forget(call: CallId): Promise<void> {
    await redisOp('callback.forget', () => this.redis.del(this.keys.callbackNumber(call)));
  }
}
