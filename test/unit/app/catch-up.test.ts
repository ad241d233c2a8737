import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatchUp } from '../../../src/app/catch-up.js';

describe('CatchUp', () => {
  afterEach(() => vi.useRealTimers());

  it('shares the read in flight between concurrent callers, and reads again once it is over', async () => {
    let reads = 0;
    let finish = (): void => undefined;
    const catchUp = new CatchUp(() => {
      reads++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const both = Promise.all([catchUp.run(), catchUp.run()]);
    finish();
    await both;
    expect(reads).toBe(1);
    const again = catchUp.run();
    finish();
    await again;
    expect(reads).toBe(2);
  });

  it('polls until stopped and reports each outcome, failures included', async () => {
    vi.useFakeTimers();
    const results = [new Error('redis down'), null];
    const catchUp = new CatchUp(() => (results.shift() ? Promise.reject(new Error('redis down')) : Promise.resolve()));
    const outcomes: unknown[] = [];
    catchUp.poll(1_000, (err) => outcomes.push(err instanceof Error ? err.message : err));
    catchUp.poll(1_000, () => outcomes.push('a second poller'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(outcomes).toEqual(['redis down', null]);
    catchUp.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outcomes).toHaveLength(2);
  });
});
