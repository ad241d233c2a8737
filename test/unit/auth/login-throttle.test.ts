import { describe, expect, it } from 'vitest';
import { BoundedGate, MemoryLoginThrottle } from '../../../src/auth/index.js';
import { loginThrottleContract } from '../../integration/login-throttle-contract.js';

describe('MemoryLoginThrottle', () => {
  loginThrottleContract((limits, now) => Promise.resolve(new MemoryLoginThrottle(limits, now)));
});

describe('BoundedGate (how many scrypt checks run at once)', () => {
  it('runs at most maxRunning at once, queues maxWaiting, turns the rest away at once, and serves the queue in order', async () => {
    const gate = new BoundedGate({ maxRunning: 2, maxWaiting: 1 });
    const releases: (() => void)[] = [];
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const work = (n: number) => () =>
      new Promise<number>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        order.push(n);
        releases.push(() => {
          running -= 1;
          resolve(n);
        });
      });
    const results = [1, 2, 3, 4].map((n) => gate.run(work(n)));
    expect(await results[3]).toEqual({ ran: false });
    expect(order).toEqual([1, 2]);
    releases.shift()?.();
    expect(await results[0]).toEqual({ ran: true, value: 1 });
    await Promise.resolve();
    expect(order).toEqual([1, 2, 3]);
    while (releases.length > 0) releases.shift()?.();
    expect(await Promise.all(results.slice(1, 3))).toEqual([{ ran: true, value: 2 }, { ran: true, value: 3 }]);
    expect(most).toBe(2);
  });
});
