import type { Redis } from 'ioredis';
import { AuthKeys } from './keys.js';

/**
 * Failed sign-ins per person id, in a fixed window that starts with the first failure. Once a
 * person has `maxFailures` failures in the window, further attempts for that id are refused (429)
 * without checking the secret, until the window ends, and a correct secret is refused too: that is
 * what stops guessing. A successful sign-in before that clears the count.
 */
export interface LoginThrottle {
  /** Failures so far in the window, and how long the id stays blocked (0: not blocked). */
  status(personId: string): Promise<ThrottleStatus>;
  /** Counts one failure; the status after it. */
  recordFailure(personId: string): Promise<ThrottleStatus>;
  /** Forgets the failures (after a successful sign-in). */
  reset(personId: string): Promise<void>;
}

export interface ThrottleStatus {
  readonly failures: number;
  /** Milliseconds until the id may try again; 0 when it may try now. */
  readonly blockedForMs: number;
}

export interface ThrottleLimits {
  /** Failures allowed in a window before the id is blocked. Default 10. */
  readonly maxFailures: number;
  /** Length of the window, from the first failure. Default 5 minutes. */
  readonly windowMs: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { maxFailures: 10, windowMs: 5 * 60 * 1000 };

/** Counts in Redis (`{prefix}login-failures:{id}`), shared by every engine on that Redis. */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly keys: AuthKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {
    this.keys = new AuthKeys(prefix);
  }

  async status(personId: string): Promise<ThrottleStatus> {
    const key = this.keys.loginFailures(personId);
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    return this.statusOf(Number(count ?? 0), ttl);
  }

  async recordFailure(personId: string): Promise<ThrottleStatus> {
    const key = this.keys.loginFailures(personId);
    // The window starts with the first failure: SET NX gives the key its lifetime, INCR keeps it.
    const replies = await this.redis.multi().set(key, 0, 'PX', this.limits.windowMs, 'NX').incr(key).pttl(key).exec();
    const count = replies?.[1]?.[1];
    const ttl = replies?.[2]?.[1];
    return this.statusOf(typeof count === 'number' ? count : this.limits.maxFailures, typeof ttl === 'number' ? ttl : this.limits.windowMs);
  }

  async reset(personId: string): Promise<void> {
    await this.redis.del(this.keys.loginFailures(personId));
  }

  private statusOf(failures: number, ttlMs: number): ThrottleStatus {
    return { failures, blockedForMs: failures >= this.limits.maxFailures ? Math.max(ttlMs, 1) : 0 };
  }
}

/** Counts in process memory, for unit tests. */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly windows = new Map<string, { failures: number; until: number }>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  status(personId: string): Promise<ThrottleStatus> {
    return Promise.resolve(this.statusOf(this.current(personId)));
  }

  recordFailure(personId: string): Promise<ThrottleStatus> {
    const window = this.current(personId) ?? { failures: 0, until: this.now() + this.limits.windowMs };
    window.failures += 1;
    this.windows.set(personId, window);
    return Promise.resolve(this.statusOf(window));
  }

  reset(personId: string): Promise<void> {
    this.windows.delete(personId);
    return Promise.resolve();
  }

  private current(personId: string): { failures: number; until: number } | undefined {
    const window = this.windows.get(personId);
    if (window && window.until <= this.now()) {
      this.windows.delete(personId);
      return undefined;
    }
    return window;
  }

  private statusOf(window: { failures: number; until: number } | undefined): ThrottleStatus {
    if (!window) return { failures: 0, blockedForMs: 0 };
    return { failures: window.failures, blockedForMs: window.failures >= this.limits.maxFailures ? window.until - this.now() : 0 };
  }
}
