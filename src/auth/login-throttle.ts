import type { Redis } from 'ioredis';
import { AuthKeys } from './keys.js';

/**
 * Sign-in attempts per typed id, counted BEFORE the secret is checked. An attempt is reserved
 * (counted as a failure) atomically with the check of the limits, so however many sign-ins for one
 * id arrive at once, at most the limit of them ever reach scrypt; a success refunds it.
 *
 * Two limits, so that guessing is stopped without locking the real person out:
 * - per (id, address): `maxFailuresPerAddress` in the window, hard: nobody, from anywhere, gets more;
 * - per id, across all addresses: `maxFailuresPerId`. Once reached, only a **usual address** of the
 *   person (one they signed in from successfully within `usualAddressMs`) may still try, each within
 *   its own per-(id, address) limit. An attack from elsewhere therefore blocks the attackers, not
 *   the clerk at their usual desk. (A progressive delay was the alternative; it still lets a
 *   distributed attack lock the id for everyone, and holds requests open while it waits.)
 *
 * Unknown ids are counted exactly like known ones (same keys, same answers), so a 429 does not tell
 * which ids exist. Every key expires with its window; ids and addresses are stored as fingerprints.
 */
export interface LoginThrottle {
  /** Counts one attempt for `id` from `address`, unless a limit refuses it. */
  reserve(id: string, address: string): Promise<Reservation>;
  /** Takes back a reserved attempt whose secret was never checked (the checker was busy). */
  refund(id: string, address: string): Promise<void>;
  /**
   * The secret was right: forgets this address's failures (and takes them off the id's count) and
   * remembers the address as usual for the person. Failures from other addresses stay counted.
   */
  succeeded(id: string, address: string): Promise<void>;
}

export type Reservation =
  | { readonly allowed: true; /** Attempts from this address in the window, this one included. */ readonly failures: number }
  | { readonly allowed: false; readonly retryAfterMs: number; readonly limit: 'address' | 'id' };

export interface ThrottleLimits {
  /** Attempts per (id, address) in a window. Default 10. */
  readonly maxFailuresPerAddress: number;
  /** Attempts per id from all addresses in a window, before only usual addresses may try. Default 20. */
  readonly maxFailuresPerId: number;
  /** Length of a window, from its first attempt. Default 15 minutes. */
  readonly windowMs: number;
  /** How long an address stays usual after a successful sign-in from it. Default 30 days. */
  readonly usualAddressMs: number;
}

export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = Object.freeze({
  maxFailuresPerAddress: 10,
  maxFailuresPerId: 20,
  windowMs: 15 * 60_000,
  usualAddressMs: 30 * 86_400_000,
});

// KEYS: pair, id, usual. ARGV: maxPerAddress, maxPerId, windowMs.
// Returns {1, pairCount} when reserved, {0, retryAfterMs, 0|1} (1: the id limit) when refused.
const RESERVE = `
local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
if pair >= tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1]), 0} end
local id = tonumber(redis.call('GET', KEYS[2]) or '0')
if id >= tonumber(ARGV[2]) and redis.call('EXISTS', KEYS[3]) == 0 then return {0, redis.call('PTTL', KEYS[2]), 1} end
pair = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
redis.call('INCR', KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return {1, pair}
`;

// KEYS: pair, id.
const REFUND = `
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
`;

// KEYS: pair, id, usual. ARGV: usualAddressMs.
const SUCCEEDED = `
local pair = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('DEL', KEYS[1])
local left = tonumber(redis.call('GET', KEYS[2]) or '0') - pair
if left > 0 then redis.call('SET', KEYS[2], left, 'KEEPTTL') else redis.call('DEL', KEYS[2]) end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[1])
return 0
`;

/** Counts in Redis (see keys.ts), shared by every engine on that Redis; each step one Lua script. */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly keys: AuthKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
  ) {
    this.keys = new AuthKeys(prefix);
  }

  async reserve(id: string, address: string): Promise<Reservation> {
    const { maxFailuresPerAddress, maxFailuresPerId, windowMs } = this.limits;
    const keys = [this.keys.loginFailuresFrom(id, address), this.keys.loginFailures(id), this.keys.usualAddress(id, address)];
    const reply = (await this.redis.eval(RESERVE, 3, ...keys, maxFailuresPerAddress, maxFailuresPerId, windowMs)) as number[];
    if (reply[0] === 1) return { allowed: true, failures: reply[1] ?? 0 };
    return { allowed: false, retryAfterMs: Math.max(reply[1] ?? windowMs, 1), limit: reply[2] === 1 ? 'id' : 'address' };
  }

  async refund(id: string, address: string): Promise<void> {
    await this.redis.eval(REFUND, 2, this.keys.loginFailuresFrom(id, address), this.keys.loginFailures(id));
  }

  async succeeded(id: string, address: string): Promise<void> {
    const keys = [this.keys.loginFailuresFrom(id, address), this.keys.loginFailures(id), this.keys.usualAddress(id, address)];
    await this.redis.eval(SUCCEEDED, 3, ...keys, this.limits.usualAddressMs);
  }
}

interface Window {
  count: number;
  until: number;
}

/** The same rules in process memory, for unit tests (with a clock of their own). */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly usual = new Map<string, number>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(id: string, address: string): Promise<Reservation> {
    const pair = this.current(pairKey(id, address));
    if (pair && pair.count >= this.limits.maxFailuresPerAddress) return Promise.resolve({ allowed: false, retryAfterMs: pair.until - this.now(), limit: 'address' });
    const all = this.current(id);
    if (all && all.count >= this.limits.maxFailuresPerId && !this.isUsual(id, address)) {
      return Promise.resolve({ allowed: false, retryAfterMs: all.until - this.now(), limit: 'id' });
    }
    const counted = this.count(pairKey(id, address));
    this.count(id);
    return Promise.resolve({ allowed: true, failures: counted });
  }

  refund(id: string, address: string): Promise<void> {
    for (const key of [pairKey(id, address), id]) {
      const w = this.current(key);
      if (w && w.count > 0) w.count -= 1;
    }
    return Promise.resolve();
  }

  succeeded(id: string, address: string): Promise<void> {
    const pair = this.current(pairKey(id, address));
    this.windows.delete(pairKey(id, address));
    const all = this.current(id);
    if (all) all.count = Math.max(0, all.count - (pair?.count ?? 0));
    this.usual.set(pairKey(id, address), this.now() + this.limits.usualAddressMs);
    return Promise.resolve();
  }

  private isUsual(id: string, address: string): boolean {
    return (this.usual.get(pairKey(id, address)) ?? 0) > this.now();
  }

  private count(key: string): number {
    const w = this.current(key) ?? { count: 0, until: this.now() + this.limits.windowMs };
    w.count += 1;
    this.windows.set(key, w);
    return w.count;
  }

  private current(key: string): Window | undefined {
    const w = this.windows.get(key);
    if (w && w.until <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }
}

const pairKey = (id: string, address: string): string => `${id}\0${address}`;
