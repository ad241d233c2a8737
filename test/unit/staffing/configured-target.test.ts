import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_TARGETS, withOverrides } from '../../../src/config/service-targets.js';
import { advise, staffingTargetOf } from '../../../src/staffing/index.js';

describe('staffing advice by the configured service level', () => {
  const load = { arrivalsPerHour: 120, ahtSec: 300, agents: [] };

  it('without configured targets: Erlang C for 75 % within 30 s', () => {
    const a = advise(load);
    expect(a.target).toEqual({ within: 30, share: 0.75 });
    expect(a.agentsNeeded).toBe(advise({ ...load, target: staffingTargetOf(DEFAULT_SERVICE_TARGETS) }).agentsNeeded);
  });

  it('a deployment with 90 % within 10 s asks for more agents for the same load', () => {
    const strict = staffingTargetOf(withOverrides(DEFAULT_SERVICE_TARGETS, { serviceLevel: { share: 0.9, withinMs: 10_000 } }));
    expect(strict).toEqual({ within: 10, share: 0.9 });
    const today = advise(load);
    const stricter = advise({ ...load, target: strict });
    expect(stricter.target).toEqual({ within: 10, share: 0.9 });
    expect([today.agentsNeeded, stricter.agentsNeeded]).toEqual([13, 15]);
  });
});
