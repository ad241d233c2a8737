import type { Call } from '../../src/domain/call.js';
import { APP_QUEUE_NUMBER, ENGINE_NUMBER, FLOOR_NUMBER, type BenchStack } from './bench-stack.js';
import type { EngineLine } from './engine-log.js';
import { cpuMeter, otherLoadMeter } from './proc.js';
import { offerGaps, tracePhone, type PhoneCallTrace } from './sip-trace.js';
import { runCallerLoad, type LoadCall } from './sipp-load.js';
import { rounded, summarize, type Summary } from './stats.js';

/**
 * The A/B run: the same callers, at once, through the engine (115), through the floor (19116, a
 * minimal in-memory ARI dispatcher, floor-dispatcher.ts) and through Asterisk's own app_queue
 * (19115, dialplan [bench-app-queue]), on the same Asterisk with the same agent phones.
 */
export interface AbScenario {
  readonly agents: number;
  readonly callers: number;
}

export interface AbOptions {
  readonly scenarios: readonly AbScenario[];
  /** The agent phones ring this long, then answer. */
  readonly answerMs: number;
  /**
   * ... then talk about this long and hang up. With several agents each talks a little longer or
   * shorter (100 ms steps around talkMs, e.g. 1.85/1.95/2.05/2.15 s for four), so that they do not
   * all hang up in the same millisecond, round after round, as identical robots would.
   */
  readonly talkMs: number;
}

/** Agent i of n talks talkMs + (i - (n-1)/2) × 100 ms. */
export const talkOf = (talkMs: number, i: number, n: number): number => Math.max(100, Math.round(talkMs + (i - (n - 1) / 2) * 100));

export type Route = 'engine' | 'floor' | 'app_queue';

/** CPU seconds by process; floor: the floor dispatcher (on the other routes it only idles). */
export interface CpuByProcess {
  readonly asterisk: number | null;
  readonly engine: number | null;
  readonly redis: number | null;
  readonly floor: number | null;
}

export interface RouteResult {
  readonly route: Route;
  readonly number: string;
  readonly calls: number;
  readonly failed: number;
  /** The first few failures, described. */
  readonly failures: readonly string[];
  /** Agent phone's BYE → the next INVITE that phone receives (ms). */
  readonly offerGapMs: Summary;
  /** Caller's INVITE → an agent phone's 200 OK for that caller (ms). */
  readonly callerWaitMs: Summary;
  /** CPU seconds used during the route's run (user + system). */
  readonly cpuSeconds: CpuByProcess;
  readonly cpuSecondsPer100Calls: CpuByProcess;
  readonly wallSeconds: number;
  /** Commands Redis executed per call meanwhile (the engine's round trips, plus its background work). */
  readonly redisCommandsPerCall: number | null;
  /** The same by command name, the most frequent first (EVALSHA: the Lua scripts). */
  readonly redisCommandsPerCallByName: Readonly<Record<string, number>>;
  /** Cores the whole machine kept busy meanwhile (ours, SIPp's, and anything else running). */
  readonly machineBusyCores: number | null;
  /** Of those, cores busy with work that is not the benchmark's (another test run, say). */
  readonly otherCores: number | null;
  /**
   * Engine route only: when, counted from the phone's BYE, the engine's log (ms resolution) says
   * the ended call was saved and the next call was saved as offered, beside the INVITE at the next
   * phone (the gap itself). Not a sum of steps: the agent's release, the next assignment and the
   * offer's dial run while those records are saved, so either save may come after the INVITE.
   */
  readonly gapBreakdownMs?: { readonly hangupSeen: Summary; readonly assigned: Summary; readonly dialled: Summary; readonly samples: number };
}

export interface AbScenarioResult {
  readonly agents: number;
  readonly callers: number;
  readonly engine: RouteResult;
  /** The floor: the least an ARI dispatcher does on this stack (floor-dispatcher.ts). */
  readonly floor: RouteResult;
  readonly appQueue: RouteResult;
  /** app_queue ÷ engine: how many times the engine is faster (or uses less CPU); null if undefined. */
  readonly ratio: {
    readonly offerGapMedian: number | null;
    readonly offerGapP95: number | null;
    readonly callerWaitMedian: number | null;
    readonly callerWaitP95: number | null;
    readonly callerWaitMax: number | null;
    /** engine route ÷ app_queue route, Asterisk CPU per 100 calls. */
    readonly asteriskCpu: number | null;
    /** Asterisk + engine + Redis (+ the idle floor), CPU per 100 calls: engine route ÷ app_queue route (where the engine only idles). */
    readonly totalCpu: number | null;
  };
  /** engine ÷ floor: how many times the floor's time (or CPU) the engine takes; 1 is the floor itself. */
  readonly engineOverFloor: {
    readonly offerGapMedian: number | null;
    readonly offerGapP95: number | null;
    readonly callerWaitMedian: number | null;
    readonly callerWaitP95: number | null;
    /** The engine's CPU on its route ÷ the floor dispatcher's on its route, per 100 calls. */
    readonly dispatcherCpu: number | null;
    /** All processes' CPU per 100 calls, engine route ÷ floor route. */
    readonly totalCpu: number | null;
  };
}

const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);

/** CPU per 100 calls of every process measured (Asterisk, engine, Redis, floor); null without Asterisk's. */
export const totalCpuPer100 = (r: RouteResult): number | null => {
  const c = r.cpuSecondsPer100Calls;
  return c.asterisk === null ? null : Math.round((c.asterisk + (c.engine ?? 0) + (c.redis ?? 0) + (c.floor ?? 0)) * 1000) / 1000;
};

export async function runAb(bench: BenchStack, opts: AbOptions, progress: (text: string) => void): Promise<AbScenarioResult[]> {
  const results: AbScenarioResult[] = [];
  for (const scenario of opts.scenarios) {
    progress(`A/B: ${scenario.agents} agent(s), ${scenario.callers} callers at once: registering the agent phones`);
    const phones = await bench.startAgents(scenario.agents, (i) => ({ kind: 'answer', afterMs: opts.answerMs, hangUpAfterMs: talkOf(opts.talkMs, i, scenario.agents) }));
    // Running for the whole scenario, so that its idle CPU shows on the other routes as the engine's does.
    const floor = await bench.startFloor(phones.map((p) => p.endpoint)).catch(async (err: unknown) => {
      await bench.stopAgents(phones);
      throw err;
    });
    try {
      const traces = phones.map((p) => ({ endpoint: p.endpoint, log: bench.messageLogOf(p) }));
      const engine = await runRoute(bench, 'engine', scenario, opts, traces, progress);
      const reattach = await bench.detachEngineFromEndpoints();
      const floorRoute = await runRoute(bench, 'floor', scenario, opts, traces, progress).finally(reattach);
      const appQueue = await runRoute(bench, 'app_queue', scenario, opts, traces, progress);
      results.push({
        agents: scenario.agents,
        callers: scenario.callers,
        engine,
        floor: floorRoute,
        appQueue,
        ratio: {
          offerGapMedian: ratio(appQueue.offerGapMs.median, engine.offerGapMs.median),
          offerGapP95: ratio(appQueue.offerGapMs.p95, engine.offerGapMs.p95),
          callerWaitMedian: ratio(appQueue.callerWaitMs.median, engine.callerWaitMs.median),
          callerWaitP95: ratio(appQueue.callerWaitMs.p95, engine.callerWaitMs.p95),
          callerWaitMax: ratio(appQueue.callerWaitMs.max, engine.callerWaitMs.max),
          asteriskCpu: ratio(engine.cpuSecondsPer100Calls.asterisk, appQueue.cpuSecondsPer100Calls.asterisk),
          totalCpu: ratio(totalCpuPer100(engine), totalCpuPer100(appQueue)),
        },
        engineOverFloor: {
          offerGapMedian: ratio(engine.offerGapMs.median, floorRoute.offerGapMs.median),
          offerGapP95: ratio(engine.offerGapMs.p95, floorRoute.offerGapMs.p95),
          callerWaitMedian: ratio(engine.callerWaitMs.median, floorRoute.callerWaitMs.median),
          callerWaitP95: ratio(engine.callerWaitMs.p95, floorRoute.callerWaitMs.p95),
          dispatcherCpu: ratio(engine.cpuSecondsPer100Calls.engine, floorRoute.cpuSecondsPer100Calls.floor),
          totalCpu: ratio(totalCpuPer100(engine), totalCpuPer100(floorRoute)),
        },
      });
    } finally {
      await floor.stop();
      await bench.stopAgents(phones);
    }
  }
  return results;
}

async function runRoute(
  bench: BenchStack,
  route: Route,
  scenario: AbScenario,
  opts: AbOptions,
  phones: readonly { endpoint: string; log: string }[],
  progress: (text: string) => void,
): Promise<RouteResult> {
  await bench.waitQuiet();
  const number = route === 'engine' ? ENGINE_NUMBER : route === 'floor' ? FLOOR_NUMBER : APP_QUEUE_NUMBER;
  const fromPrefix = bench.nextFromPrefix();
  progress(`A/B: ${scenario.callers} callers → ${route} (${number}), ${scenario.agents} agent(s)`);
  // Every caller is served one after the other by `agents` phones; app_queue may take ~1 s per offer.
  const perCallMs = opts.answerMs + opts.talkMs + 1_500;
  const budgetMs = Math.ceil(scenario.callers / scenario.agents) * perCallMs + 30_000;
  bench.log.readNew();
  const startedAt = Date.now();
  const redisBefore = await bench.redisCommandsByName().catch(() => null);
  const meter = cpuMeter(bench.pids());
  const otherLoad = otherLoadMeter(bench.pids());
  const load = await runCallerLoad(bench.target, {
    name: `ab-${route}-${scenario.agents}x${scenario.callers}-${fromPrefix}`,
    to: number,
    calls: scenario.callers,
    // "At once": all INVITEs within about 50 ms.
    ratePerSec: scenario.callers * 20,
    holdMs: budgetMs,
    answerTimeoutMs: 10_000,
    fromPrefix,
    deadlineMs: budgetMs + 10_000,
  });
  const cpu = meter();
  const redisAfter = await bench.redisCommandsByName().catch(() => null);
  const { machine: machineBusyCores, other: otherCores } = otherLoad();
  const wallSeconds = (Date.now() - startedAt) / 1000;
  await bench.waitQuiet();

  const mine = (c: PhoneCallTrace): boolean => c.fromUser.startsWith(fromPrefix) && c.offeredAt >= startedAt - 1_000;
  const perPhone = phones.map((p) => tracePhone(p.endpoint, p.log).filter(mine));
  const offers = perPhone.flat();
  const gaps = perPhone.flatMap((calls) => offerGaps(calls));
  const answeredBy = new Map<string, PhoneCallTrace>();
  for (const o of offers) if (o.answeredAt !== undefined && !answeredBy.has(o.fromUser)) answeredBy.set(o.fromUser, o);

  const failures: string[] = [];
  const waits: number[] = [];
  for (const call of load.calls) {
    const agentCall = answeredBy.get(call.from);
    const problem = callProblem(call, agentCall);
    if (problem) failures.push(`${call.from}: ${problem}`);
    else if (agentCall?.answeredAt !== undefined) waits.push(agentCall.answeredAt - call.inviteAt);
  }
  const missing = Math.max(0, scenario.callers - load.calls.length);
  const failed = failures.length + missing;
  if (missing > 0) failures.push(`${missing} calls never placed (sipp exit ${load.exit.code ?? load.exit.signal}${load.cutOff ? ', cut off at the deadline' : ''}): ${load.stderr.slice(0, 300)}`);

  const calls = scenario.callers;
  const per100 = (s: number | null | undefined): number | null => (s === null || s === undefined ? null : Math.round((s / calls) * 100 * 1000) / 1000);
  const cpuSeconds: CpuByProcess = { asterisk: cpu['asterisk'] ?? null, engine: cpu['engine'] ?? null, redis: cpu['redis'] ?? null, floor: cpu['floor'] ?? null };
  const result: RouteResult = {
    route,
    number,
    calls,
    failed,
    failures: failures.slice(0, 10),
    offerGapMs: rounded(summarize(gaps)),
    callerWaitMs: rounded(summarize(waits)),
    cpuSeconds,
    cpuSecondsPer100Calls: { asterisk: per100(cpuSeconds.asterisk), engine: per100(cpuSeconds.engine), redis: per100(cpuSeconds.redis), floor: per100(cpuSeconds.floor) },
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    ...commandsPerCall(redisBefore, redisAfter, calls),
    machineBusyCores,
    otherCores,
  };
  if (route !== 'engine') return result;
  const records = await bench.recordsByCaller();
  return { ...result, gapBreakdownMs: breakdown(perPhone, records, bench.hash, bench.log.readNew()) };
}

function callProblem(call: LoadCall, agentCall: PhoneCallTrace | undefined): string | null {
  if (call.rejectedStatus !== undefined) return `rejected with ${call.rejectedStatus}`;
  if (call.noAnswer) return 'not answered within 10 s';
  if (call.answeredAt === undefined) return 'never answered';
  if (call.endedAt === undefined) return 'not over at the deadline';
  if (!agentCall) return 'no agent answered for this caller';
  if (call.gotByeAt === undefined) return 'the caller gave up waiting (no agent hung up on it)';
  return null;
}

/** Places the engine's own log lines in each engine-route gap (see RouteResult.gapBreakdownMs). */
function breakdown(
  perPhone: readonly (readonly PhoneCallTrace[])[],
  records: ReadonlyMap<string, Call>,
  hash: (n: string) => string,
  lines: readonly EngineLine[],
): RouteResult['gapBreakdownMs'] {
  const endedAt = new Map<string, number>();
  const assignedAt = new Map<string, number[]>();
  for (const l of lines) {
    if (l.msg !== 'call transitioned' || !l.callId) continue;
    if (l.to === 'ended' && !endedAt.has(l.callId)) endedAt.set(l.callId, l.time);
    if (l.event === 'offer.assigned') assignedAt.set(l.callId, [...(assignedAt.get(l.callId) ?? []), l.time]);
  }
  const hangupSeen: number[] = [];
  const assigned: number[] = [];
  const dialled: number[] = [];
  for (const calls of perPhone) {
    for (const call of calls) {
      const freedAt = call.byeSentAt;
      if (freedAt === undefined) continue;
      const next = calls.find((c) => c.offeredAt > freedAt);
      if (!next) continue;
      const ended = endedAt.get(records.get(hash(call.fromUser))?.id ?? '');
      const offeredIds = records.get(hash(next.fromUser))?.id;
      const assign = (assignedAt.get(offeredIds ?? '') ?? []).filter((t) => t <= next.offeredAt + 1).pop();
      if (ended === undefined || assign === undefined) continue;
      hangupSeen.push(ended - freedAt);
      assigned.push(assign - freedAt);
      dialled.push(next.offeredAt - freedAt);
    }
  }
  return { hangupSeen: rounded(summarize(hangupSeen)), assigned: rounded(summarize(assigned)), dialled: rounded(summarize(dialled)), samples: hangupSeen.length };
}

/** Redis commands per call between two INFO commandstats readings, in all and by name (most first). */
function commandsPerCall(
  before: ReadonlyMap<string, number> | null,
  after: ReadonlyMap<string, number> | null,
  calls: number,
): Pick<RouteResult, 'redisCommandsPerCall' | 'redisCommandsPerCallByName'> {
  if (before === null || after === null) return { redisCommandsPerCall: null, redisCommandsPerCallByName: {} };
  const perCall = (n: number): number => Math.round((n / calls) * 10) / 10;
  const used = [...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0);
  used.sort((a, b) => b[1] - a[1]);
  const total = used.reduce((sum, [, n]) => sum + n, 0);
  return { redisCommandsPerCall: perCall(total), redisCommandsPerCallByName: Object.fromEntries(used.map(([name, n]) => [name, perCall(n)])) };
}
