import { describe, expect, it } from 'vitest';
import type { AbScenarioResult } from '../../../scripts/bench/ab.js';
import type { CapacityResult } from '../../../scripts/bench/capacity.js';
import type { AssignRun, EngineOnlyResult } from '../../../scripts/bench/engine-only.js';
import type { KnowledgeResult } from '../../../scripts/bench/knowledge.js';
import { targetRows } from '../../../scripts/bench/report.js';
import { targetVerdicts } from '../../../scripts/bench/targets.js';

const summary = (median: number | null, p99: number | null = median) => ({ n: 4, median, p95: median, p99, max: median, mean: median });

const scenario = (
  agents: number,
  callers: number,
  engineMs: number | null,
  appQueueMs: number,
  more: { floorMs?: number; floorP95Ms?: number; redisPerCall?: number; engineCpu?: number } = {},
): AbScenarioResult => {
  const { floorMs = 5, floorP95Ms = floorMs, redisPerCall = 35, engineCpu = 1.2 } = more;
  return {
    agents,
    callers,
    engine: { offerGapMs: summary(engineMs), redisCommandsPerCall: redisPerCall, cpuSecondsPer100Calls: { asterisk: 3, engine: engineCpu, redis: 0.1, floor: 0 } },
    floor: { offerGapMs: { ...summary(floorMs), p95: floorP95Ms } },
    appQueue: { offerGapMs: summary(appQueueMs) },
    ratio: { offerGapMedian: engineMs === null ? null : appQueueMs / engineMs },
    engineOverFloor: { offerGapMedian: engineMs === null ? null : engineMs / floorMs, offerGapP95: engineMs === null ? null : engineMs / floorP95Ms },
  } as unknown as AbScenarioResult;
};

const assign = (needs: boolean, p99: number, perSec: number, bytes: number): AssignRun =>
  ({ waiting: 10_000, agents: 1_000, needs, assignLatencyMs: summary(p99 / 4, p99), assignmentsPerSec: perSec, queueBytesPerWaitingCall: bytes }) as unknown as AssignRun;

const engineOnly = (plain: AssignRun, needs: AssignRun, wholeCallBytes: number): EngineOnlyResult =>
  ({ waiting: 10_000, agents: 1_000, main: { plain, needs }, growth: [], waitingCall: { bytesPerWaitingCall: wholeCallBytes } }) as unknown as EngineOnlyResult;

const capacity = (sustained: number | null, concurrent: number | null): CapacityResult =>
  ({ steps: [{ verdict: 'p95 queue-entry latency 212 ms > 100 ms' }], sustainedCallsPerSec: sustained, concurrentCallsAtSustained: concurrent }) as unknown as CapacityResult;


describe('the benchmark targets, judged against a run', () => {
  it('meets a target only if every scenario meets it, and shows each figure', () => {
    const verdicts = targetVerdicts({ ab: [scenario(1, 5, 7.6, 708), scenario(4, 50, 9.4, 704)], capacity: null, engineOnly: null });
    const [gap, ratio] = verdicts;
    expect(gap).toEqual({ target: 'agent free → next offer, median ≤ 8 ms through the engine', measured: '1×5: 7.6 ms; 4×50: 9.4 ms', met: false });
    expect(ratio).toMatchObject({ measured: '1×5: 93×; 4×50: 75×', met: false });
    expect(targetVerdicts({ ab: [scenario(1, 5, 6.8, 706)], capacity: null, engineOnly: null }).slice(0, 2).map((v) => v.met)).toEqual([true, true]);
  });

  it('holds the engine to 1.2× the floor at the median and the p95, and judges Redis commands and CPU per call', () => {
    const judged = (s: AbScenarioResult) => targetVerdicts({ ab: [s], capacity: null, engineOnly: null }).slice(2, 5);
    const [floor, redis, cpu] = judged(scenario(1, 5, 6, 706, { floorMs: 5, floorP95Ms: 4, redisPerCall: 38.5, engineCpu: 1.25 }));
    expect(floor).toEqual({
      target: '… within 1.2× of the floor (a minimal ARI dispatcher) in the same run, median and p95',
      measured: '1×5 median: 1.20×; 1×5 p95: 1.50×',
      met: false,
    });
    expect(redis).toMatchObject({ measured: '1×5: 38.5', met: true });
    expect(cpu).toMatchObject({ target: 'engine CPU ≤ 1.5 s per 100 calls through the engine (A/B)', measured: '1×5: 1.25 s', met: true });
    expect(judged(scenario(1, 5, 6, 706, { floorMs: 5.5, redisPerCall: 81, engineCpu: 2.4 })).map((v) => v.met)).toEqual([true, false, false]);
  });

  it('judges the engine-only targets with and without skill needs, and the whole call apart from the queue entry', () => {
    const slow = targetVerdicts({ ab: null, capacity: null, engineOnly: engineOnly(assign(false, 0.4, 9_480, 121), assign(true, 2.5, 1_900, 128), 1_341) });
    expect(slow.find((v) => v.target.startsWith('engine-only: assignment p99'))).toMatchObject({ measured: 'without: 0.40 ms; with skill needs: 2.50 ms', met: false });
    expect(slow.find((v) => v.target.startsWith('engine-only: ≥'))).toMatchObject({ measured: 'without: 9,480/s; with skill needs: 1,900/s', met: false });
    const memory = targetVerdicts({ ab: null, capacity: null, engineOnly: engineOnly(assign(false, 0.4, 9_480, 121), assign(true, 0.3, 8_699, 128), 1_341) }).filter((v) =>
      v.target.startsWith('≤ 1 KB'),
    );
    expect(memory.map((v) => [v.measured, v.met])).toEqual([
      ['without: 121 B; with skill needs: 128 B', true],
      ['1,341 B', false],
    ]);
  });

  it('needs the sustained rate and the calls at once for capacity', () => {
    const verdict = (c: CapacityResult) => targetVerdicts({ ab: null, capacity: c, engineOnly: null }).find((v) => v.target.startsWith('capacity'));
    expect(verdict(capacity(40, 602))).toMatchObject({ measured: 'sustained 40 calls/s with 602 at once', met: true });
    expect(verdict(capacity(15, 227))?.met).toBe(false);
    expect(verdict(capacity(null, null))).toMatchObject({ measured: 'no step passed (first: p95 queue-entry latency 212 ms > 100 ms)', met: false });
  });

  it('judges the knowledge search by its query p99 and build time, naming a run at another size', () => {
    const knowledge = (articles: number, p99: number, buildMs: number): KnowledgeResult =>
      ({ articles, buildMs, buildCpuMs: buildMs - 100, buildRunsMs: [buildMs + 250, buildMs, buildMs - 150], queryLatencyMs: summary(p99 / 5, p99), queryCpuMs: summary(p99 / 6, p99 / 2) }) as unknown as KnowledgeResult;
    const [query, build] = targetVerdicts({ ab: null, capacity: null, engineOnly: null, knowledge: knowledge(10_000, 4.2, 1_650) }).filter((v) => v.target.startsWith('knowledge'));
    expect(query).toEqual({ target: 'knowledge: query p99 ≤ 10 ms at 10,000 articles', measured: '4.20 ms (CPU 2.10 ms)', met: true });
    expect(build).toEqual({ target: 'knowledge: index build ≤ 2,000 ms for 10,000 articles', measured: '1,650 ms, median of 3 (CPU 1,550 ms)', met: true });
    const small = targetVerdicts({ ab: null, capacity: null, engineOnly: null, knowledge: knowledge(500, 12.5, 2_400) }).filter((v) => v.target.startsWith('knowledge'));
    expect(small.map((v) => [v.target.endsWith('(this run: 500 articles)'), v.met])).toEqual([[true, false], [true, false]]);
  });

  it('says what a run did not measure instead of judging it', () => {
    const verdicts = targetVerdicts({ ab: null, capacity: null, engineOnly: null });
    expect(verdicts).toHaveLength(12);
    expect(verdicts.every((v) => v.met === null && v.measured === 'not measured in this run')).toBe(true);
    expect(targetRows(verdicts).slice(1).map((r) => r[2])).toEqual(Array(12).fill('—'));
  });
});
