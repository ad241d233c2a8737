import { describe, expect, it } from 'vitest';
import { demoCenters } from '../../../scripts/demo/centers.js';
import { planMorning } from '../../../scripts/demo/plan.js';
import { randomStream } from '../../support/seeded-random.js';

/**
 * The demo's morning on the sample platform: callers to both centers' numbers, and the two bursts
 * that make the centers take each other's callers (each more than the center's agents).
 */
describe("the demo's morning on two centers", () => {
  const centers = demoCenters({ fast: true, townTimeoutSec: 5 }, 'overflow-engine');

  it('each center is its sample file with the other as partner after the short demo wait, on its own ARI app and key prefix', () => {
    expect(centers.map((c) => [c.deployment.serviceCenter.id, c.app, c.keyPrefix])).toEqual([
      ['kreis-pinneberg', 'overflow-engine', 'demo-pinneberg:'],
      ['kreis-segeberg', 'overflow-segeberg', 'demo-segeberg:'],
    ]);
    expect(centers.map((c) => c.deployment.serviceCenter.partners.map((p) => [p.partner, p.afterWaitMs]))).toEqual([[['kreis-segeberg', 10_000]], [['kreis-pinneberg', 10_000]]]);
  });

  it('the same seed gives the same callers: both centers dialled, the bursts patient and beyond the agents, numbers unique, in order', () => {
    const plan = planMorning(centers, { minutes: 1, callsPerMinute: 8 }, randomStream(115, 'callers'));
    expect(planMorning(centers, { minutes: 1, callsPerMinute: 8 }, randomStream(115, 'callers'))).toEqual(plan);
    expect(plan.bursts.map((b) => [b.center, b.target, b.count])).toEqual([
      ['pinneberg', '115', 10],
      ['segeberg', 'Gemeinde Henstedt-Ulzburg', 5],
    ]);
    const burst = plan.calls.filter((c) => c.burst);
    expect(burst).toHaveLength(15);
    expect(burst.every((c) => c.patienceMs >= 60_000)).toBe(true);
    expect(new Set(plan.calls.map((c) => c.center))).toEqual(new Set(['pinneberg', 'segeberg']));
    expect(new Set(plan.calls.map((c) => c.from)).size).toBe(plan.calls.length);
    expect(plan.calls.map((c) => c.atMs)).toEqual([...plan.calls.map((c) => c.atMs)].sort((a, b) => a - b));
    expect(plan.calls.map((c) => c.label)).toEqual(plan.calls.map((_, i) => `#${String(i + 1).padStart(2, '0')}`));
  });
});
