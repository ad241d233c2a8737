import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../scripts/bench/report.js';
import { track } from '../support/child-processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run bench -- --quick` end to end, so the benchmarks cannot rot: the A/B through the engine,
 * the floor dispatcher and app_queue, a two-step capacity ramp, the engine-only run and the
 * knowledge search, all at tiny sizes. Asserts that it completes with no failed call and writes the
 * JSON with every part; never a number.
 */
describe('the benchmark (npm run bench -- --quick)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the A/B, the capacity ramp, the engine-only and the knowledge benchmark with no failed call and writes the JSON', async () => {
    const out = join(dir, 'bench.json');
    const output: string[] = [];
    const child = track(spawn(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--quick', '--out', out], {
      cwd: root,
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, output.join('')).toBe(0);

    const report = JSON.parse(readFileSync(out, 'utf8')) as BenchReport;
    expect(report.errors).toEqual([]);
    expect(report.failedCalls).toBe(0);
    expect(typeof report.machine.cpuModel).toBe('string');
    expect(report.machine.cores).toBeGreaterThan(0);
    const summaryKeys = ['n', 'median', 'p95', 'p99', 'max', 'mean'];

    expect(report.ab).toHaveLength(1);
    for (const scenario of report.ab ?? []) {
      for (const route of [scenario.engine, scenario.floor, scenario.appQueue]) {
        expect(route.failed, route.failures.join('\n')).toBe(0);
        expect(route.calls).toBeGreaterThan(0);
        expect(Object.keys(route.offerGapMs)).toEqual(summaryKeys);
        expect(Object.keys(route.callerWaitMs)).toEqual(summaryKeys);
        expect(Object.keys(route.cpuSecondsPer100Calls)).toEqual(['asterisk', 'engine', 'redis', 'floor']);
      }
      // The floor dispatcher is a process of its own, measured like the engine.
      expect(typeof scenario.floor.cpuSeconds.floor).toBe('number');
      expect(Object.keys(scenario.ratio)).toEqual(expect.arrayContaining(['offerGapMedian', 'offerGapP95', 'callerWaitMedian', 'asteriskCpu']));
      expect(Object.keys(scenario.engineOverFloor)).toEqual(expect.arrayContaining(['offerGapMedian', 'offerGapP95', 'dispatcherCpu']));
    }

    const capacity = report.capacity;
    expect(capacity?.steps.length).toBeGreaterThan(0);
    for (const step of capacity?.steps ?? []) {
      expect(step.failed, step.failures.join('\n')).toBe(0);
      expect(Object.keys(step.queueEntryMs)).toEqual(summaryKeys);
      expect(typeof step.concurrentCalls).toBe('number');
    }
    expect(Object.keys(capacity ?? {})).toEqual(
      expect.arrayContaining(['sustainedCallsPerSec', 'concurrentCallsAtSustained', 'engineRssMaxMiB', 'redisUsedMemoryMaxMiB']),
    );

    const engineOnly = report.engineOnly;
    for (const run of [engineOnly?.main.plain, engineOnly?.main.needs]) {
      expect(Object.keys(run?.assignLatencyMs ?? {})).toEqual(summaryKeys);
      expect(typeof run?.assignmentsPerSec).toBe('number');
      expect(typeof run?.queueBytesPerWaitingCall).toBe('number');
    }
    expect(engineOnly?.growth.length).toBeGreaterThan(1);
    expect(typeof engineOnly?.waitingCall.bytesPerWaitingCall).toBe('number');

    const knowledge = report.knowledge;
    expect(knowledge?.articles).toBeGreaterThan(0);
    expect(Object.keys(knowledge?.queryLatencyMs ?? {})).toEqual(summaryKeys);
    expect(knowledge?.byKind.map((k) => k.kind)).toEqual(['exact', 'stemmed', 'compound', 'typo', 'prefix', 'multi-word']);
    expect(typeof knowledge?.indexHeapMB).toBe('number');

    expect(report.table.length).toBeGreaterThan(1);
    // Every target is judged (met or not: a tiny run's figures say nothing) and printed under the table.
    expect(report.targets).toHaveLength(12);
    for (const t of report.targets) {
      expect(typeof t.met, t.target).toBe('boolean');
      expect(output.join(''), t.target).toContain(t.target);
    }
  }, 120_000);
});
