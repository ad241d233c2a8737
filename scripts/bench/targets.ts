import type { AbScenarioResult } from './ab.js';
import type { CapacityResult } from './capacity.js';
import type { EngineOnlyResult } from './engine-only.js';
import type { KnowledgeResult } from './knowledge.js';

/**
 * The engine's targets (docs/benchmarks.md), judged against one run. Reported with the figures,
 * never a reason to fail: a benchmark exits non-zero only when a call fails or the run breaks.
 */
export const TARGETS = {
  offerGapMedianMs: 8,
  timesFasterThanAppQueue: 80,
  /** engine ÷ floor, agent free → next offer, median and p95. */
  timesTheFloor: 1.2,
  redisCommandsPerCall: 40,
  engineCpuSecPer100Calls: 1.5,
  assignP99Ms: 2,
  assignP99AtWaiting: 10_000,
  assignmentsPerSec: 2_000,
  bytesPerWaitingCall: 1_024,
  callsPerSec: 20,
  concurrentCalls: 300,
  knowledgeQueryP99Ms: 10,
  knowledgeBuildMs: 2_000,
  knowledgeArticles: 10_000,
} as const;

export interface TargetVerdict {
  readonly target: string;
  /** What this run measured, as printed. */
  readonly measured: string;
  /** null: the run did not measure it (the part was not run, or gave no figure). */
  readonly met: boolean | null;
}

interface Measured {
  readonly ab: readonly AbScenarioResult[] | null;
  readonly capacity: CapacityResult | null;
  readonly engineOnly: EngineOnlyResult | null;
  readonly knowledge?: KnowledgeResult | null;
}

const NOT_RUN = 'not measured in this run';
const fixed = (v: number, digits = 1): string => v.toFixed(digits);
const grouped = (v: number): string => Math.round(v).toLocaleString('en-US');

/** Each target once, met only if every scenario or variant the run measured meets it. */
export function targetVerdicts(r: Measured): TargetVerdict[] {
  return [...abVerdicts(r.ab), ...engineOnlyVerdicts(r.engineOnly), capacityVerdict(r.capacity), ...knowledgeVerdicts(r.knowledge ?? null)];
}

function judge(target: string, figures: readonly { label: string; value: number | null; text: (v: number) => string }[], ok: (v: number) => boolean): TargetVerdict {
  const known = figures.filter((f): f is { label: string; value: number; text: (v: number) => string } => f.value !== null);
  if (known.length === 0) return { target, measured: NOT_RUN, met: null };
  return {
    target,
    measured: known.map((f) => (f.label ? `${f.label}: ${f.text(f.value)}` : f.text(f.value))).join('; '),
    met: known.every((f) => ok(f.value)),
  };
}

function abVerdicts(ab: readonly AbScenarioResult[] | null): TargetVerdict[] {
  const scenarios = ab ?? [];
  const label = (s: AbScenarioResult): string => `${s.agents}×${s.callers}`;
  return [
    judge(
      `agent free → next offer, median ≤ ${TARGETS.offerGapMedianMs} ms through the engine`,
      scenarios.map((s) => ({ label: label(s), value: s.engine.offerGapMs.median, text: (v) => `${fixed(v)} ms` })),
      (v) => v <= TARGETS.offerGapMedianMs,
    ),
    judge(
      `… at least ${TARGETS.timesFasterThanAppQueue}× faster than app_queue in the same run`,
      scenarios.map((s) => ({ label: label(s), value: s.ratio.offerGapMedian, text: (v) => `${fixed(v, 0)}×` })),
      (v) => v >= TARGETS.timesFasterThanAppQueue,
    ),
    judge(
      `… within ${TARGETS.timesTheFloor}× of the floor (a minimal ARI dispatcher) in the same run, median and p95`,
      scenarios.flatMap((s) => [
        { label: `${label(s)} median`, value: s.engineOverFloor.offerGapMedian, text: (v: number) => `${fixed(v, 2)}×` },
        { label: `${label(s)} p95`, value: s.engineOverFloor.offerGapP95, text: (v: number) => `${fixed(v, 2)}×` },
      ]),
      (v) => v <= TARGETS.timesTheFloor,
    ),
    judge(
      `Redis commands per call ≤ ${TARGETS.redisCommandsPerCall} through the engine (commandstats: inside scripts too, and the background)`,
      scenarios.map((s) => ({ label: label(s), value: s.engine.redisCommandsPerCall, text: (v) => fixed(v) })),
      (v) => v <= TARGETS.redisCommandsPerCall,
    ),
    judge(
      `engine CPU ≤ ${TARGETS.engineCpuSecPer100Calls} s per 100 calls through the engine (A/B)`,
      scenarios.map((s) => ({ label: label(s), value: s.engine.cpuSecondsPer100Calls.engine, text: (v) => `${fixed(v, 2)} s` })),
      (v) => v <= TARGETS.engineCpuSecPer100Calls,
    ),
  ];
}

function engineOnlyVerdicts(e: EngineOnlyResult | null): TargetVerdict[] {
  const runs = e ? [e.main.plain, e.main.needs] : [];
  const label = (needs: boolean): string => (needs ? 'with skill needs' : 'without');
  const at = e && e.waiting !== TARGETS.assignP99AtWaiting ? ` (this run: ${grouped(e.waiting)} waiting)` : '';
  return [
    judge(
      `engine-only: assignment p99 ≤ ${TARGETS.assignP99Ms} ms at ${grouped(TARGETS.assignP99AtWaiting)} waiting calls${at}`,
      runs.map((run) => ({ label: label(run.needs), value: run.assignLatencyMs.p99, text: (v) => `${fixed(v, 2)} ms` })),
      (v) => v <= TARGETS.assignP99Ms,
    ),
    judge(
      `engine-only: ≥ ${grouped(TARGETS.assignmentsPerSec)} assignments/s on one core`,
      runs.map((run) => ({ label: label(run.needs), value: run.assignmentsPerSec, text: (v) => `${grouped(v)}/s` })),
      (v) => v >= TARGETS.assignmentsPerSec,
    ),
    judge(
      `≤ 1 KB of Redis memory per waiting call: the queue entry`,
      runs.map((run) => ({ label: label(run.needs), value: run.queueBytesPerWaitingCall, text: (v) => `${grouped(v)} B` })),
      (v) => v <= TARGETS.bytesPerWaitingCall,
    ),
    judge(
      `≤ 1 KB of Redis memory per waiting call: the whole call as the engine keeps it`,
      e ? [{ label: '', value: e.waitingCall.bytesPerWaitingCall, text: (v) => `${grouped(v)} B` }] : [],
      (v) => v <= TARGETS.bytesPerWaitingCall,
    ),
  ];
}

function capacityVerdict(c: CapacityResult | null): TargetVerdict {
  const target = `capacity: ≥ ${TARGETS.callsPerSec} new calls/s with ${TARGETS.concurrentCalls} concurrent calls, none failed, p95 queue entry within the limit`;
  if (!c || c.steps.length === 0) return { target, measured: NOT_RUN, met: null };
  const sustained = c.sustainedCallsPerSec;
  if (sustained === null) return { target, measured: `no step passed (first: ${c.steps[0]?.verdict ?? '?'})`, met: false };
  const concurrent = c.concurrentCallsAtSustained ?? 0;
  return {
    target,
    measured: `sustained ${sustained} calls/s with ${concurrent} at once`,
    met: sustained >= TARGETS.callsPerSec && concurrent >= TARGETS.concurrentCalls,
  };
}

function knowledgeVerdicts(k: KnowledgeResult | null): TargetVerdict[] {
  const at = k && k.articles !== TARGETS.knowledgeArticles ? ` (this run: ${grouped(k.articles)} articles)` : '';
  const articles = grouped(TARGETS.knowledgeArticles);
  return [
    judge(
      `knowledge: query p99 ≤ ${TARGETS.knowledgeQueryP99Ms} ms at ${articles} articles${at}`,
      k ? [{ label: '', value: k.queryLatencyMs.p99, text: (v) => `${fixed(v, 2)} ms (CPU ${k.queryCpuMs.p99 === null ? '—' : fixed(k.queryCpuMs.p99, 2)} ms)` }] : [],
      (v) => v <= TARGETS.knowledgeQueryP99Ms,
    ),
    judge(
      `knowledge: index build ≤ ${grouped(TARGETS.knowledgeBuildMs)} ms for ${articles} articles${at}`,
      k ? [{ label: '', value: k.buildMs, text: (v) => `${grouped(v)} ms, median of ${k.buildRunsMs.length} (CPU ${grouped(k.buildCpuMs)} ms)` }] : [],
      (v) => v <= TARGETS.knowledgeBuildMs,
    ),
  ];
}
