import type { Redis } from 'ioredis';
import type { ResumablePlaces } from '../../app/ports.js';
import type { CallId } from '../../domain/ids.js';
import { redisOp } from './errors.js';
import type { RedisKeys } from './keys.js';

/** A place is "callId arrivedAt" under the salted caller hash, expiring on its own; taking it deletes it (GETDEL). */
export class RedisResumablePlaces implements ResumablePlaces {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async remember(callerHash: string, place: { readonly call: CallId; readonly arrivedAt: number }, forMs: number): Promise<void> {
    await redisOp('resume.remember', () => this.redis.set(this.keys.resumablePlace(callerHash), `${place.call} ${place.arrivedAt}`, 'PX', forMs));
  }

  async take(callerHash: string): Promise<{ call: CallId; arrivedAt: number } | null> {
    const raw = await redisOp('resume.take', () => this.redis.getdel(this.keys.resumablePlace(callerHash)));
    const [call, arrivedAt] = raw?.split(' ') ?? [];
    return call && arrivedAt && Number.isFinite(Number(arrivedAt)) ? { call: call as CallId, arrivedAt: Number(arrivedAt) } : null;
  }
}
