import { describe, expect, it } from 'vitest';
import type { AbScenarioResult, RouteResult } from '../../../scripts/bench/ab.js';
import type { EngineOnlyResult } from '../../../scripts/bench/engine-only.js';
import { HEADER, tableRows } from '../../../scripts/bench/report.js';

const summary = (median: number) => ({ n: 4, median, p95: median * 2, p99: median * 2, max: median * 3, mean: median });

const route = (r: RouteResult['route'], gapMs: number, cpu: Partial<RouteResult['cpuSecondsPer100Calls']>): RouteResult =>
  ({
    route: r,
    calls: 5,
    failed: 0,
    offerGapMs: summary(gapMs),
    callerWaitMs: summary(gapMs * 100),
    cpuSecondsPer100Calls: { asterisk: 3, engine: 0.2, redis: 0.05, floor: 0.01, ...cpu },
    redisCommandsPerCall: 40,
    machineBusyCores: 0.5,
    otherCores: 0,
  }) as unknown as RouteResult;

const ab: AbScenarioResult = {
  agents: 1,
  callers: 5,
  engine: route('engine', 12, { engine: 1.6 }),
  floor: route('floor', 8, { engine: 0.2, floor: 0.4 }),
  appQueue: route('app_queue', 700, {}),
  ratio: { offerGapMedian: 58.33, offerGapP95: 58.33, callerWaitMedian: 58.33, callerWaitP95: 58.33, callerWaitMax: 58.33, asteriskCpu: 1, totalCpu: 1.3 },
  engineOverFloor: { offerGapMedian: 1.5, offerGapP95: 1.5, callerWaitMedian: 1.5, callerWaitP95: 1.5, dispatcherCpu: 4, totalCpu: 1.35 },
};

describe('the benchmark table', () => {
  it('puts the floor beside the engine and app_queue, with engine ÷ floor beside app_queue ÷ engine', () => {
    expect(HEADER).toEqual(['part', 'measure', 'engine', 'floor', 'app_queue', 'engine ÷ floor', 'app_queue ÷ engine']);
    const rows = tableRows({ ab: [ab], capacity: null, engineOnly: null, knowledge: null, engineProfile: null });
    const row = (measure: string) => rows.find((r) => r[1] === measure)?.slice(2);
    expect(row('agent free → next offer, median')).toEqual(['12.0 ms', '8.00 ms', '700 ms', '1.50×', '58×']);
    expect(row('CPU per 100 calls: engine (÷ floor dispatcher)')).toEqual(['1.60 s', '0.20 s (idle)', '0.20 s (idle)', '4.00×', '']);
    expect(row('CPU per 100 calls: floor dispatcher')).toEqual(['0.01 s (idle)', '0.40 s', '0.01 s (idle)', '', '']);
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
  });

  it('keeps the figures of the parts without a floor in the engine column and their verdict in the last', () => {
    const run = { assignLatencyMs: summary(0.1), redisUsecPerAssign: 20, assignmentsPerSec: 5_000, redisSideAssignmentsPerSec: 40_000, queueBytesPerWaitingCall: 121 };
    const engineOnly = {
      redisVersion: '7.0',
      waiting: 10,
      agents: 2,
      main: { plain: run, needs: run },
      waitingCall: { calls: 10, bytesPerWaitingCall: 800, admittedPerSec: 100, breakdown: {} },
      growth: [],
    } as unknown as EngineOnlyResult;
    const rows = tableRows({ ab: null, capacity: null, engineOnly, knowledge: null, engineProfile: null });
    const first = rows[1] ?? [];
    expect(first[2]).toContain('0.10 ms');
    expect(first.slice(3)).toEqual(['', '', '', '']);
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
  });
});
