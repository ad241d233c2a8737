import { describe, expect, it } from 'vitest';
import { agentsNeeded, averageSpeedOfAnswer, erlangB, erlangC, serviceLevel, trafficErlangs } from '../../../src/staffing/index.js';

/**
 * Published Erlang C values. Each case names where it was published; the numbers are the source's,
 * rounded as the source rounds them.
 */
describe('Erlang C against published values', () => {
  it('4 Erlang, 6 agents, 180 s AHT: about 80 % answered within 30 s (issue 7, the 115 example)', () => {
    expect(serviceLevel(6, 4, 180, 30)).toBeCloseTo(0.8, 1);
    expect(serviceLevel(6, 4, 180, 30)).toBeCloseTo(0.796, 3);
  });

  // R package ErlangC 0.1.0 (CRAN, rdocumentation.org/packages/ErlangC/versions/0.1.0), README example:
  // erlang_c(100 calls, 30 minutes, 180 s AHT, 20 s target, 14 agents) → traffic 10, wait probability
  // 0.1741319, service level 0.88835, ASA 7.83593701177724 s, occupancy 0.7142857; calculate_agents for
  // 80 % in 20 s → 14 agents, its search starting at 11 agents with wait probability 0.6821182.
  // The same example, with the same figures, is pyworkforce 0.1.0's README (pypi.org/project/pyworkforce/0.1.0):
  // raw_positions 14, service_level 0.8883500191794669, waiting_probability 0.1741319335950498.
  describe('100 calls in 30 minutes, 180 s AHT (R ErlangC 0.1.0; pyworkforce 0.1.0)', () => {
    const a = trafficErlangs(200, 180);
    it('is 10 Erlang', () => expect(a).toBe(10));
    it('14 agents: P(wait) 0.1741319, 88.835 % within 20 s, ASA 7.836 s', () => {
      expect(erlangC(14, a)).toBeCloseTo(0.1741319, 7);
      expect(serviceLevel(14, a, 180, 20)).toBeCloseTo(0.88835, 5);
      expect(averageSpeedOfAnswer(14, a, 180)).toBeCloseTo(7.835937, 5);
    });
    it('11 agents: P(wait) 0.6821182', () => expect(erlangC(11, a)).toBeCloseTo(0.6821182, 7));
    it('80 % within 20 s needs 14 agents', () => expect(agentsNeeded(a, 180, 20, 0.8)).toBe(14));
  });

  // Footbridge "Call Calc" application note (al911.org/qos_calc.htm): 2 call takers, 60 s calls, 30
  // calls an hour: fewer than 8 % of callers wait more than 10 s; with 80 s calls (60 s + 20 s of
  // record work) that share rises to 14 %.
  it('30 calls an hour, 2 call takers: under 8 % wait over 10 s at 60 s, 14 % at 80 s (Footbridge Call Calc)', () => {
    const waitsLonger60 = 1 - serviceLevel(2, trafficErlangs(30, 60), 60, 10);
    expect(waitsLonger60).toBeLessThan(0.08);
    expect(waitsLonger60).toBeCloseTo(0.078, 3);
    expect(1 - serviceLevel(2, trafficErlangs(30, 80), 80, 10)).toBeCloseTo(0.14, 2);
  });

  // turbotab (pypi.org/project/turbotab), Quick Start: `staffing required --sla 0.80 --service-time 20
  // --contacts-per-interval 25 --aht 180` (interval 600 s) → productive_agents 11 (before shrinkage).
  it('25 calls in 10 minutes, 180 s AHT, 80 % within 20 s: 11 agents (turbotab)', () => {
    const a = (25 * 180) / 600;
    expect(agentsNeeded(a, 180, 20, 0.8)).toBe(11);
    expect(serviceLevel(10, a, 180, 20)).toBeLessThan(0.8);
    expect(serviceLevel(11, a, 180, 20)).toBeGreaterThanOrEqual(0.8);
  });

  it('the 115 promise for the issue example: 4 Erlang at 180 s needs 6 agents for 75 % within 30 s', () => {
    expect(serviceLevel(5, 4, 180, 30)).toBeLessThan(0.75);
    expect(agentsNeeded(4, 180, 30, 0.75)).toBe(6);
  });
});

describe('Erlang C edge cases', () => {
  it('no traffic: nobody waits, no agent needed', () => {
    expect(erlangC(0, 0)).toBe(0);
    expect(erlangC(3, 0)).toBe(0);
    expect(serviceLevel(0, 0, 180, 30)).toBe(1);
    expect(averageSpeedOfAnswer(2, 0, 180)).toBe(0);
    expect(agentsNeeded(0, 180, 30, 0.75)).toBe(0);
  });

  it('traffic at or above the agents: everyone waits, the queue grows without bound (0 % in time)', () => {
    for (const [n, a] of [
      [4, 4],
      [4, 7.5],
      [0, 0.1],
    ] as const) {
      expect(erlangC(n, a)).toBe(1);
      expect(serviceLevel(n, a, 180, 30)).toBe(0);
      expect(averageSpeedOfAnswer(n, a, 180)).toBe(Infinity);
    }
  });

  it('a little traffic needs one agent', () => {
    expect(agentsNeeded(0.01, 180, 30, 0.75)).toBe(1);
    expect(agentsNeeded(0.99, 180, 30, 0.75)).toBeGreaterThanOrEqual(2);
  });

  it('one agent is M/M/1: C = ρ', () => {
    expect(erlangC(1, 0.3)).toBeCloseTo(0.3, 12);
    expect(erlangB(1, 0.3)).toBeCloseTo(0.3 / 1.3, 12);
  });

  it('agrees with the textbook sum formula where factorials are still exact', () => {
    const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
    const textbook = (n: number, a: number): number => {
      const top = (a ** n / fact(n)) * (n / (n - a));
      let sum = 0;
      for (let k = 0; k < n; k++) sum += a ** k / fact(k);
      return top / (sum + top);
    };
    for (const [n, a] of [
      [2, 1.5],
      [6, 4],
      [14, 10],
      [20, 17.3],
      [30, 25],
    ] as const) {
      expect(erlangC(n, a)).toBeCloseTo(textbook(n, a), 10);
    }
  });

  it('is stable for hundreds of agents (no factorial overflow) and monotone in N', () => {
    const c500 = erlangC(500, 480);
    expect(Number.isFinite(c500)).toBe(true);
    expect(c500).toBeGreaterThan(0);
    expect(c500).toBeLessThan(1);
    const need = agentsNeeded(450, 180, 30, 0.75);
    expect(need).toBeGreaterThan(450);
    expect(need).toBeLessThan(500);
    expect(serviceLevel(need, 450, 180, 30)).toBeGreaterThanOrEqual(0.75);
    expect(serviceLevel(need - 1, 450, 180, 30)).toBeLessThan(0.75);
    let previous = 0;
    for (let n = 451; n <= 520; n++) {
      const sl = serviceLevel(n, 450, 180, 30);
      expect(sl).toBeGreaterThanOrEqual(previous);
      previous = sl;
    }
    expect(Number.isFinite(erlangC(2_000, 1_950))).toBe(true);
  });

  it('agentsNeeded is the fewest N reaching the share, over a grid of loads', () => {
    for (let a = 0.25; a <= 60; a += 3.25) {
      const n = agentsNeeded(a, 240, 30, 0.75);
      expect(serviceLevel(n, a, 240, 30)).toBeGreaterThanOrEqual(0.75);
      expect(serviceLevel(n - 1, a, 240, 30)).toBeLessThan(0.75);
    }
  });

  it('refuses inputs that are no numbers of their kind', () => {
    expect(() => erlangC(-1, 2)).toThrow(RangeError);
    expect(() => erlangC(2.5, 2)).toThrow(RangeError);
    expect(() => erlangC(3, Number.NaN)).toThrow(RangeError);
    expect(() => serviceLevel(3, 1, -5, 30)).toThrow(RangeError);
    expect(() => agentsNeeded(3, 180, 30, 1)).toThrow(RangeError);
    expect(() => trafficErlangs(-1, 180)).toThrow(RangeError);
  });
});
