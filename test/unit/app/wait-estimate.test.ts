import { describe, expect, it } from 'vitest';
import { nationalNumber, prefixAttribution } from '../../../src/app/attribution.js';
import { HandleTimes, estimateWaitMs } from '../../../src/app/wait-estimate.js';
import { townId } from '../../../src/domain/ids.js';

describe('estimated wait = position × average handle time ÷ staffed agents', () => {
  it.each([
    // position, AHT, staffed, expected
    [1, 180_000, 1, 180_000],
    [3, 180_000, 4, 135_000],
    [10, 240_000, 4, 600_000],
    [1, 60_000, 2, 30_000],
  ])('position %i, AHT %i ms, %i agents → %i ms', (position, aht, staffed, expected) => {
    expect(estimateWaitMs(position, aht, staffed)).toBe(expected);
  });

  it('gives no estimate without a staffed agent, or for a call not in the queue', () => {
    expect(estimateWaitMs(1, 180_000, 0)).toBeNull();
    expect(estimateWaitMs(0, 180_000, 3)).toBeNull();
  });

  it('grows with the position and shrinks with every agent who logs in', () => {
    expect(estimateWaitMs(4, 120_000, 2)!).toBeGreaterThan(estimateWaitMs(3, 120_000, 2)!);
    expect(estimateWaitMs(4, 120_000, 3)!).toBeLessThan(estimateWaitMs(4, 120_000, 2)!);
  });
});

describe('recent average handle time', () => {
  it('starts from the configured default and then follows the last hour of agent calls', () => {
    const times = new HandleTimes(180_000);
    expect(times.averageMs(1_000_000)).toBe(180_000);
    times.add(1_000_000, 60_000);
    times.add(1_100_000, 120_000);
    expect(times.averageMs(1_200_000)).toBe(90_000);
    // An hour later those calls no longer count.
    expect(times.averageMs(1_100_000 + 60 * 60_000 + 1)).toBe(180_000);
  });

  it('keeps only the most recent calls', () => {
    const times = new HandleTimes(180_000, 60 * 60_000, 3);
    for (const [i, ms] of [600_000, 10_000, 20_000, 30_000].entries()) times.add(1_000 + i, ms);
    expect(times.averageMs(2_000)).toBe(20_000);
  });
});

describe('115 attribution by the caller number', () => {
  const attribute = prefixAttribution([
    { id: townId('quickborn'), areaCodes: ['04106'] },
    { id: townId('hasloh'), areaCodes: ['041066'] },
    { id: townId('boenningstedt'), areaCodes: ['040556'] },
  ]);

  it('takes the longest matching prefix', () => {
    expect(attribute('04106123456')).toBe('quickborn');
    expect(attribute('04106612345')).toBe('hasloh');
    expect(attribute('0405561234')).toBe('boenningstedt');
  });

  it('reads international and formatted numbers', () => {
    expect(nationalNumber('+49 4106 12-34 56')).toBe('04106123456');
    expect(attribute('+494106123456')).toBe('quickborn');
    expect(attribute('0049 41066 1234')).toBe('hasloh');
  });

  it('attributes unknown prefixes, hidden numbers and foreign callers to the county itself', () => {
    expect(attribute('0301234567')).toBeNull();
    expect(attribute('')).toBeNull();
    expect(attribute('anonymous')).toBeNull();
    expect(attribute('+4319876543')).toBeNull();
  });
});
