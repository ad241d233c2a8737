import { ENGINE_NUMBER, type BenchStack } from './bench-stack.js';
import { arrivals, problems } from './engine-log.js';
import { cpuMeter, otherLoadMeter, rssBytes } from './proc.js';
import { maxConcurrent, runCallerLoad, type LoadCall } from './sipp-load.js';
import { talkOf } from './ab.js';
import { rounded, summarize, type Summary } from './stats.js';
import { waitFor, WaitTimeoutError } from '../../test/support/wait-for.js';

/**
 * Capacity: new 115 calls per second through the engine, one step per rate, until a call fails or
 * the p95 queue-entry latency passes the limit. Every caller stays on the line for holdSec (with
 * the greeting and music while it waits) unless an agent took it and hung up first, so a step at
 * rate r holds about r × holdSec calls at once. The agent phones answer what reaches them.
 *
 * Queue-entry latency: from the caller's INVITE (SIPp's clock) to the engine's `call arrived` log
 * line (the call record is created; the enqueue is the next command). INVITE → 200 OK is reported
 * too: the engine enqueues before it answers, so that is an upper bound of the queue entry as the
 * caller experiences it.
 */
export interface CapacityOptions {
  readonly rates: readonly number[];
  readonly stepSec: number;
  readonly holdSec: number;
  readonly latencyLimitMs: number;
  readonly agents: number;
  readonly answerMs: number;
  readonly talkMs: number;
}

export interface CapacityStep {
  readonly callsPerSec: number;
  readonly calls: number;
  readonly failed: number;
  readonly failures: readonly string[];
  /** Calls an agent answered; the others waited with music until their caller hung up (abandoned). */
  readonly answeredByAgent: number;
  readonly queueEntryMs: Summary;
  /** The queue entry split: INVITE → the engine holds the StasisStart event (the record's arrivedAt)… */
  readonly toEngineMs: Summary;
  /** … → `call arrived` (the engine's own work: lane, Redis round trips, the record created). */
  readonly inEngineMs: Summary;
  readonly answerMs: Summary;
  readonly concurrentCalls: number;
  readonly engineRssMaxMiB: number | null;
  readonly asteriskRssMaxMiB: number | null;
  readonly redisUsedMemoryMaxMiB: number | null;
  /** Share of one core used during the step (100 = one core busy). */
  readonly cpuPercent: { readonly asterisk: number | null; readonly engine: number | null; readonly redis: number | null };
  readonly cpuSecondsPer100Calls: { readonly asterisk: number | null; readonly engine: number | null; readonly redis: number | null };
  /** Commands Redis executed per call during the step (the engine's round trips, plus background work and the bench's own reads). */
  readonly redisCommandsPerCall: number | null;
  /** Cores the whole machine kept busy during the step (ours, SIPp's, anything else running). */
  readonly machineBusyCores: number | null;
  /** Of those, cores busy with work that is not the benchmark's (another test run, say). */
  readonly otherCores: number | null;
  /** An earlier attempt at this rate that failed while other work loaded the machine (then retried once). */
  readonly disturbedAttempt?: Omit<CapacityStep, 'disturbedAttempt'>;
  /**
   * Asterisk's task queues that grew deepest so far (`core show taskprocessors`, cumulative since
   * Asterisk started): where Asterisk itself falls behind when the ramp overloads it.
   */
  readonly asteriskDeepestQueues: readonly { readonly name: string; readonly maxDepth: number; readonly processed: number }[];
  /** Warnings and errors the engine logged during the step. */
  readonly engineProblems: number;
  readonly passed: boolean;
  readonly verdict: string;
}

export interface CapacityResult {
  readonly latencyLimitMs: number;
  readonly holdSec: number;
  readonly stepSec: number;
  readonly steps: readonly CapacityStep[];
  /** The highest rate whose step passed; null when the first one failed. */
  readonly sustainedCallsPerSec: number | null;
  readonly concurrentCallsAtSustained: number | null;
  readonly engineRssMaxMiB: number | null;
  readonly redisUsedMemoryMaxMiB: number | null;
  readonly stoppedBecause: string;
}

const MiB = 2 ** 20;
const mib = (b: number | null): number | null => (b === null ? null : Math.round((b / MiB) * 10) / 10);
const SERVED = new Set(['abandoned', 'answered-by-agent']);
/** Other work above this many cores during a failed step makes the step count as disturbed. */
const DISTURBED_CORES = 0.3;

export async function runCapacity(bench: BenchStack, opts: CapacityOptions, progress: (text: string) => void): Promise<CapacityResult> {
  const phones = await bench.startAgents(opts.agents, (i) => ({ kind: 'answer', afterMs: opts.answerMs, hangUpAfterMs: talkOf(opts.talkMs, i, opts.agents) }));
  const steps: CapacityStep[] = [];
  let stoppedBecause = `every rate up to ${opts.rates[opts.rates.length - 1]} calls/s passed`;
  try {
    for (const rate of opts.rates) {
      let step = await runStep(bench, rate, opts, progress);
      if (!step.passed && (step.otherCores ?? 0) > DISTURBED_CORES) {
        // The machine is shared: a step that failed while something else took a core is run again, once.
        progress(`capacity: ${rate} calls/s → ${step.verdict}, while other work kept ${step.otherCores} cores busy: once more`);
        step = { ...(await runStep(bench, rate, opts, progress)), disturbedAttempt: step };
      }
      steps.push(step);
      progress(`capacity: ${rate} calls/s → ${step.verdict}`);
      if (!step.passed) {
        stoppedBecause = `${rate} calls/s: ${step.verdict}`;
        break;
      }
    }
  } finally {
    await bench.stopAgents(phones);
  }
  const passed = steps.filter((s) => s.passed);
  const best = passed[passed.length - 1];
  const maxOf = (pick: (s: CapacityStep) => number | null): number | null =>
    steps.reduce<number | null>((m, s) => (pick(s) === null ? m : Math.max(m ?? 0, pick(s) as number)), null);
  return {
    latencyLimitMs: opts.latencyLimitMs,
    holdSec: opts.holdSec,
    stepSec: opts.stepSec,
    steps,
    sustainedCallsPerSec: best?.callsPerSec ?? null,
    concurrentCallsAtSustained: best?.concurrentCalls ?? null,
    engineRssMaxMiB: maxOf((s) => s.engineRssMaxMiB),
    redisUsedMemoryMaxMiB: maxOf((s) => s.redisUsedMemoryMaxMiB),
    stoppedBecause: steps.length === 0 ? 'no step ran' : stoppedBecause,
  };
}

async function runStep(bench: BenchStack, rate: number, opts: CapacityOptions, progress: (text: string) => void): Promise<CapacityStep> {
  await bench.waitQuiet(60_000);
  const calls = Math.max(1, Math.round(rate * opts.stepSec));
  const fromPrefix = bench.nextFromPrefix();
  progress(`capacity: ${rate} calls/s for ${opts.stepSec} s (${calls} calls, each on the line up to ${opts.holdSec} s)`);
  bench.log.readNew();
  const pids = bench.pids();
  const peak = { engine: null as number | null, asterisk: null as number | null, redis: null as number | null };
  const sample = async (): Promise<void> => {
    const e = rssBytes(pids.engine);
    const a = rssBytes(pids.asterisk);
    const r = await bench.redisUsedMemory().catch(() => null);
    if (e !== null) peak.engine = Math.max(peak.engine ?? 0, e);
    if (a !== null) peak.asterisk = Math.max(peak.asterisk ?? 0, a);
    if (r !== null) peak.redis = Math.max(peak.redis ?? 0, r);
  };
  const sampler = setInterval(() => void sample(), 500);
  const startedAt = Date.now();
  const redisBefore = await bench.redisCommands().catch(() => null);
  const meter = cpuMeter(pids);
  const otherLoad = otherLoadMeter(pids);
  const load = await runCallerLoad(bench.target, {
    name: `capacity-${rate}-${fromPrefix}`,
    to: ENGINE_NUMBER,
    calls,
    ratePerSec: rate,
    holdMs: opts.holdSec * 1000,
    answerTimeoutMs: 10_000,
    fromPrefix,
    deadlineMs: (opts.stepSec + opts.holdSec) * 1000 + 60_000,
  }).finally(() => clearInterval(sampler));
  const cpu = meter();
  const redisAfter = await bench.redisCommands().catch(() => null);
  const { machine: machineBusyCores, other: otherCores } = otherLoad();
  const wallSeconds = (Date.now() - startedAt) / 1000;
  await sample();
  const asteriskDeepestQueues = await deepestQueues(bench).catch(() => []);
  await bench.waitQuiet(60_000).catch(() => undefined);

  // Records are written as calls end; the last ones may take a moment after the last BYE.
  let records = await bench.recordsByCaller();
  try {
    records = await waitFor(async () => {
      const now = await bench.recordsByCaller();
      return load.calls.every((c) => now.has(bench.hash(c.from))) && now;
    }, { timeoutMs: 15_000, what: 'a call record for every call of the step', intervalMs: 250 });
  } catch (err) {
    if (!(err instanceof WaitTimeoutError)) throw err;
    // Reported call by call below.
  }
  const lines = bench.log.readNew();
  const arrived = arrivals(lines);

  const failures: string[] = [];
  const entry: number[] = [];
  const toEngine: number[] = [];
  const inEngine: number[] = [];
  const answer: number[] = [];
  let answeredByAgent = 0;
  for (const call of load.calls) {
    const record = records.get(bench.hash(call.from));
    const problem = stepProblem(call, record?.outcome);
    if (problem) {
      failures.push(`${call.from}: ${problem}`);
      continue;
    }
    if (record?.outcome === 'answered-by-agent') answeredByAgent++;
    const arrivedAt = record ? arrived.get(record.id) : undefined;
    if (arrivedAt !== undefined && record) {
      entry.push(arrivedAt - call.inviteAt);
      toEngine.push(record.times.arrivedAt - call.inviteAt);
      inEngine.push(arrivedAt - record.times.arrivedAt);
    }
    if (call.answeredAt !== undefined) answer.push(call.answeredAt - call.inviteAt);
  }
  const missing = Math.max(0, calls - load.calls.length);
  const failed = failures.length + missing;
  if (missing > 0) failures.push(`${missing} calls never placed (sipp exit ${load.exit.code ?? load.exit.signal}${load.cutOff ? ', cut off at the deadline' : ''}): ${load.stderr.slice(0, 300)}`);
  const queueEntryMs = rounded(summarize(entry));
  const p95 = queueEntryMs.p95;
  const passed = failed === 0 && p95 !== null && p95 <= opts.latencyLimitMs;
  const verdict = failed > 0
    ? `${failed} of ${calls} calls failed (first: ${failures[0] ?? '?'})`
    : p95 === null
      ? 'no queue-entry latency measured'
      : p95 > opts.latencyLimitMs
        ? `p95 queue-entry latency ${p95} ms > ${opts.latencyLimitMs} ms`
        : `ok: p95 queue entry ${p95} ms, ${maxConcurrent(load.calls)} calls at once, none failed`;
  const pct = (s: number | null | undefined): number | null => (s === null || s === undefined ? null : Math.round((s / wallSeconds) * 1000) / 10);
  const per100 = (s: number | null | undefined): number | null => (s === null || s === undefined ? null : Math.round((s / calls) * 100 * 1000) / 1000);
  return {
    callsPerSec: rate,
    calls,
    failed,
    failures: failures.slice(0, 10),
    answeredByAgent,
    queueEntryMs,
    toEngineMs: rounded(summarize(toEngine)),
    inEngineMs: rounded(summarize(inEngine)),
    answerMs: rounded(summarize(answer)),
    concurrentCalls: maxConcurrent(load.calls),
    engineRssMaxMiB: mib(peak.engine),
    asteriskRssMaxMiB: mib(peak.asterisk),
    redisUsedMemoryMaxMiB: mib(peak.redis),
    cpuPercent: { asterisk: pct(cpu['asterisk']), engine: pct(cpu['engine']), redis: pct(cpu['redis']) },
    cpuSecondsPer100Calls: { asterisk: per100(cpu['asterisk']), engine: per100(cpu['engine']), redis: per100(cpu['redis']) },
    redisCommandsPerCall: redisBefore === null || redisAfter === null ? null : Math.round(((redisAfter - redisBefore) / calls) * 10) / 10,
    machineBusyCores,
    otherCores,
    asteriskDeepestQueues,
    engineProblems: problems(lines).length,
    passed,
    verdict,
  };
}

function stepProblem(call: LoadCall, outcome: string | undefined): string | null {
  if (call.rejectedStatus !== undefined) return `rejected with ${call.rejectedStatus}`;
  if (call.noAnswer) return 'not answered within 10 s';
  if (call.answeredAt === undefined) return 'never answered';
  if (call.endedAt === undefined) return 'not over at the deadline';
  if (outcome === undefined) return 'no call record';
  if (!SERVED.has(outcome)) return `recorded as ${outcome}`;
  return null;
}

async function deepestQueues(bench: BenchStack): Promise<CapacityStep['asteriskDeepestQueues']> {
  const text = await bench.stack.asteriskCli('core show taskprocessors');
  const rows: { name: string; maxDepth: number; processed: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+\d+/.exec(line.trim());
    if (m?.[1] && m[2] && m[4]) rows.push({ name: m[1], processed: Number(m[2]), maxDepth: Number(m[4]) });
  }
  return rows.sort((a, b) => b.maxDepth - a.maxDepth).slice(0, 5);
}
