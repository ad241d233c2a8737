import type { Redis } from 'ioredis';
import { redisOp } from './errors.js';

// Renew or release only what we still own: another engine may hold the lock by now.
const RENEW_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * One engine controls an ARI application at a time: Asterisk allows one websocket per app, and a
 * second engine connecting would take the app over (ApplicationReplaced) and the two would flap.
 * The lock expires unless renewed, so a crashed engine's lock is gone after `ttlMs`.
 */
export class RedisControllerLock {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  /** True if this engine holds the lock now (taken or already its own). */
  async acquire(): Promise<boolean> {
    return redisOp('controller lock acquire', async () => {
      const taken = await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX');
      if (taken === 'OK') return true;
      return (await this.renew()) === true;
    });
  }

  /** Extends the lock; false if it is no longer ours. */
  async renew(): Promise<boolean> {
    return redisOp('controller lock renew', async () => (await this.redis.eval(RENEW_LUA, 1, this.key, this.owner, this.ttlMs)) === 1);
  }

  async release(): Promise<void> {
    await redisOp('controller lock release', () => this.redis.eval(RELEASE_LUA, 1, this.key, this.owner));
  }

  /** The current holder, for the log line of an engine standing by. */
  async holder(): Promise<string | null> {
    return redisOp('controller lock holder', () => this.redis.get(this.key));
  }
}
