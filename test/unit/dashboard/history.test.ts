import { describe, expect, it } from 'vitest';
import { WaitingHistory } from '../../../src/dashboard/history.js';
import { MIN, SEC, TZ, at } from '../stats/records.js';

describe('the waiting history (per minute, today, in memory)', () => {
  it('keeps the most callers seen waiting in each minute, from local midnight; null without samples, a single missed minute holds the last count', () => {
    const h = new WaitingHistory(TZ);
    h.record(at('2025-01-06', '09:00', 5), 2);
    h.record(at('2025-01-06', '09:00', 40), 5);
    h.record(at('2025-01-06', '09:00', 55), 1);
    h.record(at('2025-01-06', '09:02'), 3);
    h.record(at('2025-01-06', '09:02', 30), 2);
    const s = h.series(at('2025-01-06', '09:05', 10));
    expect(s.dayStart).toBe(at('2025-01-06', '00:00'));
    expect(s.dayEnd).toBe(at('2025-01-07', '00:00'));
    expect(s.stepMs).toBe(MIN);
    expect(s.values).toHaveLength(9 * 60 + 6);
    expect(s.values.slice(9 * 60)).toEqual([5, 1, 3, 2, null, null]);
    expect(s.values.slice(0, 9 * 60).every((v) => v === null)).toBe(true);
  });

  it('starts afresh at local midnight and ignores samples of an earlier day', () => {
    const h = new WaitingHistory(TZ);
    h.record(at('2025-01-06', '23:59', 30), 4);
    h.record(at('2025-01-07', '00:00', 10), 1);
    h.record(at('2025-01-06', '23:59', 50), 9);
    const s = h.series(at('2025-01-07', '00:01'));
    expect(s.dayStart).toBe(at('2025-01-07', '00:00'));
    expect(s.values).toEqual([1, 1]);
  });

  it('a day when the clocks go forward has 23 hours', () => {
    const h = new WaitingHistory(TZ, 5 * MIN);
    h.record(at('2025-03-30', '12:00') + 10 * SEC, 2);
    const s = h.series(at('2025-03-31', '00:00') - 1);
    expect(s.dayEnd - s.dayStart).toBe(23 * 60 * MIN);
    expect(s.values).toHaveLength((23 * 60) / 5);
    expect(s.values.filter((v) => v !== null)).toEqual([2, 2]);
  });
});
