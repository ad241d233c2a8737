import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { totalCpuPer100, type AbScenarioResult, type CpuByProcess, type RouteResult } from './ab.js';
import type { CapacityResult } from './capacity.js';
import type { EngineOnlyResult, AssignRun } from './engine-only.js';
import type { KnowledgeResult } from './knowledge.js';
import type { BenchOptions } from './options.js';
import type { Machine } from './proc.js';
import type { ProfileSummary } from './profile-summary.js';
import type { TargetVerdict } from './targets.js';

/** Everything one run measured: what goes into bench-results/<timestamp>.json. */
export interface BenchReport {
  readonly startedAt: string;
  readonly command: string;
  readonly runtimeSec: number;
  readonly machine: Machine & {
    readonly asterisk: string | null;
    readonly redis: string | null;
    readonly sipp: string | null;
    /** Load averages (1, 5, 15 min) before and after the run: anything else running skews the figures. */
    readonly loadAtStart: readonly number[] | null;
    readonly loadAtEnd: readonly number[] | null;
  };
  readonly options: BenchOptions;
  readonly ab: readonly AbScenarioResult[] | null;
  readonly capacity: CapacityResult | null;
  readonly engineOnly: EngineOnlyResult | null;
  /** The knowledge search on synthetic articles, in the benchmark's own process. */
  readonly knowledge: KnowledgeResult | null;
  /** With --profile: where the engine's CPU time went over the whole stack run. */
  readonly engineProfile: ProfileSummary | null;
  /** Calls that failed where none may: the A/B, and the capacity ramp's first step. */
  readonly failedCalls: number;
  /** What broke the run, if anything did. */
  readonly errors: readonly string[];
  /** The printed table, row by row. */
  readonly table: readonly (readonly string[])[];
  /** Each target of docs/benchmarks.md against this run: reported, never a failure. */
  readonly targets: readonly TargetVerdict[];
}

/** The targets as printed under the table. */
export function targetRows(targets: readonly TargetVerdict[]): string[][] {
  const met = (v: boolean | null): string => (v === null ? '—' : v ? 'yes' : 'NO');
  return [['target (reported, never a failure)', 'this run', 'met'], ...targets.map((t) => [t.target, t.measured, met(t.met)])];
}

export function writeReport(path: string, report: BenchReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

const ms = (v: number | null | undefined): string => {
  if (v === null || v === undefined) return '—';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 100) return `${Math.round(v)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
};
const times = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v >= 10 ? Math.round(v) : v.toFixed(1)}×`);
/** engine ÷ floor: near 1, so two decimals. */
const factor = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const sec = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)} s`);
const int = (v: number): string => v.toLocaleString('en-US');
const mib = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} MiB`);

export const HEADER = ['part', 'measure', 'engine', 'floor', 'app_queue', 'engine ÷ floor', 'app_queue ÷ engine'] as const;

/** A row of the parts that measure the engine alone: [part, measure, engine, app_queue, last] spread to HEADER's columns. */
const engineOnlyColumns = (row: string[]): string[] => {
  const [part = '', measure = '', engine = '', appQueue = '', last = ''] = row;
  return [part, measure, engine, '', appQueue, '', last];
};

/** The rows of the one table the benchmark prints (HEADER first). */
export function tableRows(r: Pick<BenchReport, 'ab' | 'capacity' | 'engineOnly' | 'knowledge' | 'engineProfile'>): string[][] {
  const rows: string[][] = [[...HEADER]];
  for (const s of r.ab ?? []) rows.push(...abRows(s));
  const others = [
    ...(r.capacity ? capacityRows(r.capacity) : []),
    ...(r.engineOnly ? engineOnlyRows(r.engineOnly) : []),
    ...(r.knowledge ? knowledgeRows(r.knowledge) : []),
    ...(r.engineProfile ? profileRows(r.engineProfile) : []),
  ];
  return [...rows, ...others.map(engineOnlyColumns)];
}

function profileRows(p: ProfileSummary): string[][] {
  return p.parts.slice(0, 8).map((part, i) => [
    i === 0 ? `engine CPU profile (${p.busySec} s busy of ${p.durationSec} s)` : '',
    part.part,
    `${part.share} % (${part.seconds} s)`,
    '',
    '',
  ]);
}

function abRows(s: AbScenarioResult): string[][] {
  const e = s.engine;
  const f = s.floor;
  const q = s.appQueue;
  const x = s.engineOverFloor;
  const part = `A/B ${s.agents} agent${s.agents === 1 ? '' : 's'}, ${s.callers} callers at once`;
  const cpu = (route: RouteResult, who: keyof CpuByProcess): string => sec(route.cpuSecondsPer100Calls[who]);
  const idle = (route: RouteResult, who: 'engine' | 'floor'): string => `${cpu(route, who)} (idle)`;
  const each = (pick: (r: RouteResult) => string): [string, string, string] => [pick(e), pick(f), pick(q)];
  const rows: string[][] = [
    [part, 'agent free → next offer, median', ...each((r) => ms(r.offerGapMs.median)), factor(x.offerGapMedian), times(s.ratio.offerGapMedian)],
    ['', 'agent free → next offer, p95', ...each((r) => ms(r.offerGapMs.p95)), factor(x.offerGapP95), times(s.ratio.offerGapP95)],
    ['', `  (gaps measured: engine ${e.offerGapMs.n}, floor ${f.offerGapMs.n}, app_queue ${q.offerGapMs.n})`, '', '', '', '', ''],
    ['', 'caller wait until an agent answers, median', ...each((r) => ms(r.callerWaitMs.median)), factor(x.callerWaitMedian), times(s.ratio.callerWaitMedian)],
    ['', 'caller wait until an agent answers, p95', ...each((r) => ms(r.callerWaitMs.p95)), factor(x.callerWaitP95), times(s.ratio.callerWaitP95)],
    ['', 'caller wait until an agent answers, max', ...each((r) => ms(r.callerWaitMs.max)), '', times(s.ratio.callerWaitMax)],
    ['', 'calls failed', ...each((r) => `${r.failed} of ${r.calls}`), '', ''],
    ['', 'machine busy meanwhile: all / not the benchmark', ...each((r) => load(r.machineBusyCores, r.otherCores)), '', ''],
    ['', 'CPU per 100 calls: Asterisk', ...each((r) => cpu(r, 'asterisk')), '', s.ratio.asteriskCpu === null ? '—' : `engine route ${times(s.ratio.asteriskCpu)}`],
    // engine ÷ floor here: the two dispatchers, each on its own route.
    ['', 'CPU per 100 calls: engine (÷ floor dispatcher)', cpu(e, 'engine'), idle(f, 'engine'), idle(q, 'engine'), factor(x.dispatcherCpu), ''],
    ['', 'CPU per 100 calls: floor dispatcher', idle(e, 'floor'), cpu(f, 'floor'), idle(q, 'floor'), '', ''],
    ['', 'CPU per 100 calls: Redis', ...each((r) => cpu(r, 'redis')), '', ''],
    ['', '  Redis commands per call', ...each((r) => String(r.redisCommandsPerCall ?? '—')), '', ''],
    ['', `  engine's most frequent: ${topCommands(e.redisCommandsPerCallByName)}`, '', '', '', '', ''],
    ['', 'CPU per 100 calls: all (Asterisk, engine, Redis, floor)', ...each((r) => sec(totalCpuPer100(r))), factor(x.totalCpu), s.ratio.totalCpu === null ? '—' : `engine route ${times(s.ratio.totalCpu)}`],
  ];
  const b = e.gapBreakdownMs;
  if (b && b.samples > 0) {
    rows.push(['', 'engine, median from the BYE: ended call saved', ms(b.hangupSeen.median), '', '', '', '']);
    rows.push(['', '  next call saved as offered', ms(b.assigned.median), '', '', '', '']);
    rows.push(['', '  INVITE at the next agent phone (dialled while saving)', ms(b.dialled.median), '', '', '', '']);
  }
  return rows;
}

function capacityRows(c: CapacityResult): string[][] {
  const rows: string[][] = [];
  c.steps.forEach((s, i) => {
    rows.push([
      i === 0 ? `capacity (115, on the line ≤ ${c.holdSec} s)` : '',
      `${s.callsPerSec} new calls/s × ${c.stepSec} s (${s.calls} calls)`,
      `p95 entry ${ms(s.queueEntryMs.p95)} · ${s.concurrentCalls} at once · ${s.failed} failed`,
      '',
      s.passed ? 'ok' : 'STOP',
    ]);
    rows.push(['', '  p95: INVITE → engine has StasisStart / → call arrived', `${ms(s.toEngineMs.p95)} / ${ms(s.inEngineMs.p95)}`, '', '']);
    rows.push(['', '  CPU (% of a core): Asterisk / engine / Redis', `${pct(s.cpuPercent.asterisk)} / ${pct(s.cpuPercent.engine)} / ${pct(s.cpuPercent.redis)}`, '', '']);
    rows.push(['', '  CPU per 100 calls: Asterisk / engine; Redis commands per call', `${sec(s.cpuSecondsPer100Calls.asterisk)} / ${sec(s.cpuSecondsPer100Calls.engine)}; ${s.redisCommandsPerCall ?? '—'}`, '', '']);
    rows.push(['', '  machine busy: all / not the benchmark', load(s.machineBusyCores, s.otherCores), '', '']);
    if (!s.passed && s.asteriskDeepestQueues.length > 0) {
      rows.push(['', '  Asterisk task queues deepest so far', s.asteriskDeepestQueues.slice(0, 3).map((q) => `${q.name} ${q.maxDepth}`).join(', '), '', '']);
    }
    if (s.disturbedAttempt) rows.push(['', '  (run twice: the first attempt failed while', `other work kept ${s.disturbedAttempt.otherCores ?? '?'} cores busy: ${s.disturbedAttempt.verdict})`, '', '']);
  });
  rows.push(['', 'sustained, every call served, p95 entry ≤ limit', c.sustainedCallsPerSec === null ? 'none' : `${c.sustainedCallsPerSec} calls/s`, '', '']);
  rows.push(['', 'concurrent calls reached at that rate', c.concurrentCallsAtSustained === null ? '—' : String(c.concurrentCallsAtSustained), '', '']);
  rows.push(['', 'engine RSS, max', mib(c.engineRssMaxMiB), '', '']);
  rows.push(['', 'Redis used_memory, max', mib(c.redisUsedMemoryMaxMiB), '', '']);
  rows.push(['', 'ramp stopped', c.stoppedBecause, '', '']);
  return rows;
}

const pct = (v: number | null): string => (v === null ? '—' : `${v} %`);
const load = (all: number | null, other: number | null): string => `${all ?? '—'} / ${other ?? '—'} cores`;

function engineOnlyRows(e: EngineOnlyResult): string[][] {
  const both = (pick: (r: AssignRun) => string): string => `${pick(e.main.plain)} · needs: ${pick(e.main.needs)}`;
  const w = e.waitingCall.breakdown;
  const rows: string[][] = [
    [`engine-only (Redis ${e.redisVersion})`, `${int(e.waiting)} waiting, ${int(e.agents)} agents: assign p50 / p99`, both((r) => `${ms(r.assignLatencyMs.median)} / ${ms(r.assignLatencyMs.p99)}`), '', ''],
    ['', '  the script alone (Redis commandstats)', both((r) => (r.redisUsecPerAssign === null ? '—' : `${r.redisUsecPerAssign} µs`)), '', ''],
    ['', 'assignments/s, one dispatcher back to back', both((r) => int(r.assignmentsPerSec)), '', ''],
    ['', '  Redis side, one core (1 s ÷ script time)', both((r) => (r.redisSideAssignmentsPerSec === null ? '—' : int(r.redisSideAssignmentsPerSec))), '', ''],
    ['', 'Redis memory per waiting call: queue entry', both((r) => `${r.queueBytesPerWaitingCall} B`), '', ''],
    ['', `  whole call as the engine keeps it (${int(e.waitingCall.calls)} callers)`, `${e.waitingCall.bytesPerWaitingCall} B (admitted ${int(e.waitingCall.admittedPerSec)}/s)`, '', ''],
    ['', '    of which record / channel index / caller history / sets', `${w.record} B (JSON ${w.recordJsonBytes} B) / ${w.channelIndex} B / ${w.callerHistory} B / ${w.sharedPerCall} B`, '', ''],
  ];
  rows.push(['', 'machine busy meanwhile: all / not the benchmark', load(e.machineBusyCores, e.otherCores), '', '']);
  const sizes = [...new Set(e.growth.map((g) => g.waiting))];
  sizes.forEach((size, i) => {
    const plain = e.growth.find((g) => g.waiting === size && !g.needs);
    const needs = e.growth.find((g) => g.waiting === size && g.needs);
    const cell = (g: AssignRun | undefined): string => (g ? `${ms(g.assignLatencyMs.median)} / ${ms(g.assignLatencyMs.p99)}, ${g.redisUsecPerAssign ?? '—'} µs, ${g.queueBytesPerWaitingCall} B` : '—');
    rows.push(['', `${i === 0 ? 'growth: ' : '        '}${int(size)} waiting: p50 / p99, script, B/call`, `${cell(plain)} · needs: ${cell(needs)}`, '', '']);
  });
  return rows;
}

function knowledgeRows(k: KnowledgeResult): string[][] {
  const p50p99 = (s: { median: number | null; p99: number | null }): string => `${ms(s.median)} / ${ms(s.p99)}`;
  const rows: string[][] = [
    [`knowledge search (${int(k.articles)} articles)`, `index build, median of ${k.buildRunsMs.length}: wall (CPU, all threads); each build`, `${ms(k.buildMs)} (${ms(k.buildCpuMs)}); ${k.buildRunsMs.map((b) => ms(b)).join(' / ')}`, '', ''],
    ['', 'heap used before / after the build; the index', `${k.heapBeforeMB} MB / ${k.heapAfterMB} MB; ${k.indexHeapMB} MB${k.heapAfterGc ? '' : ' (no forced GC)'}`, '', ''],
    ['', 'terms in the index', int(k.terms), '', ''],
    ['', `${int(k.queries)} queries as typed: p50 / p99 (CPU: p50 / p99)`, `${p50p99(k.queryLatencyMs)} (${p50p99(k.queryCpuMs)})`, '', ''],
  ];
  for (const b of k.byKind) {
    rows.push(['', `  ${b.kind}: p50 / p99, first hit about it`, `${p50p99(b.queryLatencyMs)}, ${Math.round(b.topHitRelevant * 100)} %`, '', '']);
  }
  rows.push(['', 'replace one article: p50 / p99', p50p99(k.replaceLatencyMs), '', '']);
  rows.push(['', 'machine busy meanwhile: all / not the benchmark', load(k.machineBusyCores, k.otherCores), '', '']);
  return rows;
}

/** Plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: readonly string[]): string => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const [head, ...body] = rows;
  return [head ? line(head) : '', rule, ...body.map(line)].join('\n');
}

/** "evalsha 31.2, get 20.1, …": the five commands a route issues most per call. */
function topCommands(byName: Readonly<Record<string, number>> | undefined): string {
  const top = Object.entries(byName ?? {}).slice(0, 5);
  return top.length === 0 ? '—' : top.map(([name, n]) => `${name} ${n}`).join(', ');
}
