import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdControl, type ControllerLock } from '../../../src/app/controller-lease.js';

/** A lock in a "Redis" the test switches off and on, and hands to another engine. */
function fakeLock(ttlMs = 3_000) {
  const state = { reachable: true, holder: 'me' as string | null };
  const reach = async <T>(fn: () => T): Promise<T> => {
    if (!state.reachable) throw new Error('redis unavailable');
    return Promise.resolve(fn());
  };
  const lock: ControllerLock = {
    owner: 'me',
    ttlMs,
    acquire: () => reach(() => (state.holder === null || state.holder === 'me' ? ((state.holder = 'me'), true) : false)),
    renew: () => reach(() => state.holder === 'me'),
    release: () => reach(() => void (state.holder = null)),
    holder: () => reach(() => state.holder),
  };
  return { lock, state };
}

describe('holding the controller lock', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const log = pino({ level: 'silent' });

  it('keeps control through a Redis outage far longer than the lock lives, and takes the expired lock back', async () => {
    const { lock, state } = fakeLock();
    const lost = vi.fn();
    const reachable = vi.fn();
    const hold = holdControl(lock, log, lost, { onReachable: reachable });
    state.reachable = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lost).not.toHaveBeenCalled();
    // Redis back after a restart: the lock expired meanwhile, nobody else took it.
    state.holder = null;
    state.reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.holder).toBe('me');
    expect(reachable).toHaveBeenCalledTimes(1);
    expect(lost).not.toHaveBeenCalled();
    hold.stop();
  });

  it('steps down once another engine holds the lock', async () => {
    const { lock, state } = fakeLock();
    const lost = vi.fn();
    const hold = holdControl(lock, log, lost);
    state.reachable = false;
    await vi.advanceTimersByTimeAsync(10_000);
    state.holder = 'standby';
    state.reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lost).toHaveBeenCalledWith('another engine holds the controller lock');
    hold.stop();
  });
});
