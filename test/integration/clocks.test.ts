import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/adapters/memory/manual-clock.js';
import { MAX_TIMEOUT_MS, SystemClock } from '../../src/adapters/system-clock.js';

describe('ManualClock', () => {
  it('fires due timers in dueAt order, with now() at each dueAt', () => {
    const clock = new ManualClock(1_000);
    const fired: [string, number][] = [];
    clock.schedule(1_300, () => fired.push(['c', clock.now()]));
    clock.schedule(1_100, () => fired.push(['a', clock.now()]));
    clock.schedule(1_100, () => fired.push(['a2', clock.now()]));
    clock.schedule(5_000, () => fired.push(['late', clock.now()]));
    clock.advance(500);
    expect(fired).toEqual([
      ['a', 1_100],
      ['a2', 1_100],
      ['c', 1_300],
    ]);
    expect(clock.now()).toBe(1_500);
    expect(clock.pending()).toBe(1);
    expect(clock.nextDueAt()).toBe(5_000);
  });

  it('does not fire cancelled timers', () => {
    const clock = new ManualClock(0);
    const fn = vi.fn();
    const handle = clock.schedule(10, fn);
    clock.cancel(handle);
    clock.advance(100);
    expect(fn).not.toHaveBeenCalled();
  });

  it('fires timers scheduled by firing timers when they fall due within the same advance', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.schedule(10, () => {
      fired.push(clock.now());
      clock.schedule(clock.now() + 10, () => fired.push(clock.now()));
    });
    clock.advance(25);
    expect(fired).toEqual([10, 20]);
  });

  it('fires a timer scheduled in the past soon, but not inside schedule()', async () => {
    const clock = new ManualClock(1_000);
    const fn = vi.fn();
    clock.schedule(500, fn);
    expect(fn).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(fn).toHaveBeenCalledTimes(1);
    clock.advance(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('refuses to go back in time', () => {
    const clock = new ManualClock(1_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advanceTo(999)).toThrow(RangeError);
  });
});

describe('SystemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires at dueAt and not when cancelled', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new SystemClock();
    const fired = vi.fn();
    const cancelled = vi.fn();
    clock.schedule(1_000_050, fired);
    clock.cancel(clock.schedule(1_000_050, cancelled));
    vi.advanceTimersByTime(49);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });

  it('waits out delays longer than setTimeout allows instead of firing at once', () => {
    vi.useFakeTimers({ now: 0 });
    const clock = new SystemClock();
    const fn = vi.fn();
    const dueAt = MAX_TIMEOUT_MS * 2 + 1_000;
    clock.schedule(dueAt, fn);
    vi.advanceTimersByTime(MAX_TIMEOUT_MS * 2);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires a past dueAt on the next turn, on the real clock', async () => {
    const clock = new SystemClock();
    const fired = new Promise<number>((resolve) => clock.schedule(clock.now() - 1_000, () => resolve(clock.now())));
    await expect(fired).resolves.toBeGreaterThan(0);
  });
});
