import { expect, it } from 'vitest';
import type { LoginThrottle, ThrottleLimits } from '../../src/auth/index.js';

const LIMITS: ThrottleLimits = { maxFailuresPerAddress: 3, maxFailuresPerId: 5, windowMs: 60_000, usualAddressMs: 3_600_000 };

/**
 * What every LoginThrottle does (memory fake and Redis alike). `make` gets the limits and a clock;
 * a Redis adapter may ignore the clock and use Redis' own (the tests only read remaining times).
 */
export function loginThrottleContract(make: (limits: ThrottleLimits, now: () => number) => Promise<LoginThrottle>): void {
  const now = () => 1_000_000;

  it('counts every attempt, refuses a fourth from one address (limit address) with the time left', async () => {
    const t = await make(LIMITS, now);
    for (let i = 1; i <= 3; i++) expect(await t.reserve('anna', 'a1')).toEqual({ allowed: true, failures: i });
    const refused = await t.reserve('anna', 'a1');
    expect(refused).toMatchObject({ allowed: false, limit: 'address' });
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(50_000);
    expect(await t.reserve('anna', 'a2')).toEqual({ allowed: true, failures: 1 });
    expect(await t.reserve('other', 'a1')).toEqual({ allowed: true, failures: 1 });
  });

  it('refuses the id from new addresses after maxFailuresPerId, but not from a usual one', async () => {
    const t = await make(LIMITS, now);
    await t.reserve('anna', 'home');
    await t.succeeded('anna', 'home');
    for (let i = 0; i < 5; i++) expect((await t.reserve('anna', `x${i}`)).allowed).toBe(true);
    expect(await t.reserve('anna', 'x9')).toMatchObject({ allowed: false, limit: 'id' });
    expect(await t.reserve('anna', 'home')).toEqual({ allowed: true, failures: 1 });
  });

  it('treats an id nobody has exactly like one that exists (the throttle does not know the difference)', async () => {
    const t = await make(LIMITS, now);
    const seq = async (id: string) => {
      const out: boolean[] = [];
      for (let i = 0; i < 4; i++) out.push((await t.reserve(id, 'z')).allowed);
      return out;
    };
    expect(await seq('ghost')).toEqual(await seq('anna'));
  });

  it('takes back a refunded attempt, and a success forgets that address’s failures', async () => {
    const t = await make(LIMITS, now);
    await t.reserve('anna', 'a1');
    await t.reserve('anna', 'a1');
    await t.refund('anna', 'a1');
    expect(await t.reserve('anna', 'a1')).toEqual({ allowed: true, failures: 2 });
    await t.succeeded('anna', 'a1');
    expect(await t.reserve('anna', 'a1')).toEqual({ allowed: true, failures: 1 });
  });
}
