import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { FakeTelephony } from '../../src/adapters/memory/fake-telephony.js';
import {
  RedisAgentStore, RedisCallbackNumbers, RedisCallerHistory, RedisCallStore, RedisDispositions, RedisKeys, RedisLiveQueue,
} from '../../src/adapters/redis/index.js';
import { SystemClock } from '../../src/adapters/system-clock.js';
import { newCallId } from '../../src/adapters/system-ids.js';
import type { SkillLevels } from '../../src/domain/routing-steps.js';
import { prefixAttribution } from '../../src/app/attribution.js';
import { callerHasher } from '../../src/app/caller-hash.js';
import { Engine } from '../../src/app/engine.js';
import { openingHours } from '../../src/app/opening-hours.js';
import { callPolicy } from '../../src/app/policy.js';
import { agentSkills, routingFor } from '../../src/app/routing.js';
import { loadDeployment } from '../../src/config/index.js';
import type { QueueRouting } from '../../src/domain/call.js';
import type { AgentId, CallId, ChannelId } from '../../src/domain/ids.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServerHandle } from '../../test/support/redis-server.js';
import { writeTestCounty } from '../../test/support/test-county.js';
import { otherLoadMeter } from './proc.js';
import { rounded, summarize, type Summary } from './stats.js';

/**
 * The engine's dispatch without Asterisk, on a real (private) redis-server: the atomic assignment
 * (RedisLiveQueue.assignNext, one Lua script) with `waiting` calls in the queue and `agents`
 * agents free, and what a waiting call costs in Redis memory. Measured with and without skill
 * needs: a call that needs a skill takes the script's slow path, which reads every available
 * agent's state (and skills) and scans up to ASSIGN_SCAN waiting calls.
 */
export interface EngineOnlyOptions {
  readonly waiting: number;
  readonly agents: number;
  /** Queue sizes of the growth table. */
  readonly sizes: readonly number[];
  /** Assignments timed one by one per run. */
  readonly samples: number;
  /** Calls admitted through the whole engine (FakeTelephony, real Redis) for the memory per waiting call. */
  readonly engineCalls: number;
}

export interface AssignRun {
  readonly waiting: number;
  readonly agents: number;
  /** Every 10th call needs the skill `dgs`, which every 5th agent has. */
  readonly needs: boolean;
  /** One assignNext as the dispatcher sees it: the round trip plus the script (ms). */
  readonly assignLatencyMs: Summary;
  /** The script alone, on the Redis server (INFO commandstats, µs per call). */
  readonly redisUsecPerAssign: number | null;
  /** One dispatcher assigning back to back (it awaits each assignment before the next). */
  readonly assignmentsPerSec: number;
  /** What the Redis core could do if nothing else waited: 1 s ÷ the script's time. */
  readonly redisSideAssignmentsPerSec: number | null;
  /** used_memory growth per call in the queue (the zset member, and the needs hash entry if any). */
  readonly queueBytesPerWaitingCall: number;
}

export interface EngineOnlyResult {
  readonly redisVersion: string;
  readonly waiting: number;
  readonly agents: number;
  /** At `waiting` calls and `agents` agents. */
  readonly main: { readonly plain: AssignRun; readonly needs: AssignRun };
  readonly growth: readonly AssignRun[];
  /** A waiting call as the engine keeps it: record, indexes, caller history, queue entry. */
  readonly waitingCall: WaitingCallMemory;
  /** Cores the machine kept busy during the engine-only run: all, and work that was not the benchmark's. */
  readonly machineBusyCores: number | null;
  readonly otherCores: number | null;
}

export interface WaitingCallMemory {
  readonly calls: number;
  readonly bytesPerWaitingCall: number;
  readonly admittedPerSec: number;
  /**
   * One waiting call's keys (MEMORY USAGE, bytes): its record (JSON), the caller channel's index,
   * the caller's 7-day history; `sharedPerCall` is the rest of the per-call growth, its members in
   * the active-calls set, the queue and the hash tables around them.
   */
  readonly breakdown: { readonly record: number; readonly recordJsonBytes: number; readonly channelIndex: number; readonly callerHistory: number; readonly sharedPerCall: number };
}

const NEEDS_EVERY = 10;
const SKILLED_EVERY = 5;
const BATCH = 2_000;

export async function runEngineOnly(opts: EngineOnlyOptions, progress: (text: string) => void): Promise<EngineOnlyResult> {
  const server = await startRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: 2 });
  const otherLoad = otherLoadMeter({ redis: server.pid() });
  try {
    const redisVersion = /^redis_version:(.+)$/m.exec(await redis.info('server'))?.[1]?.trim() ?? 'unknown';
    const runs: AssignRun[] = [];
    const sizes = [...new Set([...opts.sizes, opts.waiting])].sort((a, b) => a - b);
    for (const size of sizes) {
      for (const needs of [false, true]) {
        progress(`engine-only: ${size} waiting calls, ${opts.agents} agents, ${needs ? 'with' : 'without'} skill needs`);
        runs.push(await assignRun(redis, { waiting: size, agents: opts.agents, needs, samples: opts.samples }));
      }
    }
    progress(`engine-only: ${opts.engineCalls} callers through the engine (FakeTelephony, real Redis)`);
    const waitingCall = await engineMemory(server, redis, opts.engineCalls);
    const at = (needs: boolean): AssignRun => runs.find((r) => r.waiting === opts.waiting && r.needs === needs) as AssignRun;
    const { machine, other } = otherLoad();
    return {
      machineBusyCores: machine,
      otherCores: other,
      redisVersion,
      waiting: opts.waiting,
      agents: opts.agents,
      main: { plain: at(false), needs: at(true) },
      growth: runs.filter((r) => opts.sizes.includes(r.waiting)),
      waitingCall,
    };
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  // Freed pages go back before reading, so one run's leftovers do not count in the next.
  await redis.call('MEMORY', 'PURGE').catch(() => undefined);
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? NaN);
}

const needsOf = (i: number, needs: boolean): QueueRouting | undefined =>
  needs && i % NEEDS_EVERY === 0 ? { priority: 0, steps: [{ skills: { dgs: 1 }, until: null }] } : undefined;

async function assignRun(redis: Redis, o: { waiting: number; agents: number; needs: boolean; samples: number }): Promise<AssignRun> {
  await redis.flushall();
  const keys = new RedisKeys('eo:', 'bench');
  const queue = new RedisLiveQueue(redis, keys);
  const agents = new RedisAgentStore(redis, keys);
  const t0 = Date.now() - 3_600_000;
  const agentIds = Array.from({ length: o.agents }, (_, i) => `agent-${String(i).padStart(5, '0')}` as AgentId);
  const skills = new Map<AgentId, SkillLevels>(agentIds.map((id, i): [AgentId, SkillLevels] => [id, o.needs && i % SKILLED_EVERY === 0 ? { dgs: 1 } : {}]));
  await agents.ensure(agentIds, t0, skills);

  const before = await usedMemory(redis);
  const routing = new Map<CallId, QueueRouting | undefined>();
  let next = 0;
  const enqueue = async (count: number): Promise<void> => {
    for (let done = 0; done < count; done += BATCH) {
      const batch: Promise<boolean>[] = [];
      for (let i = done; i < Math.min(count, done + BATCH); i++) {
        const n = next++;
        const id = `c-${String(n).padStart(7, '0')}` as CallId;
        const r = needsOf(n, o.needs);
        routing.set(id, r);
        batch.push(queue.enqueue(id, t0 + n, false, r));
      }
      await Promise.all(batch);
    }
  };
  await enqueue(o.waiting);
  const after = await usedMemory(redis);

  // Steady state: each assignment's agent is free again at once and a new caller joins at the
  // tail, so the queue keeps its size and the agents their number. Only assignNext is timed.
  const latencies: number[] = [];
  for (let i = 0; i < o.samples; i++) {
    const startedAt = process.hrtime.bigint();
    const pair = await queue.assignNext(Date.now());
    latencies.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
    if (!pair) throw new Error(`no assignment with ${o.waiting} waiting calls and ${o.agents} agents`);
    await agents.release(pair.agent, pair.call, Date.now());
    const n = next++;
    const id = `c-${String(n).padStart(7, '0')}` as CallId;
    const r = routing.get(pair.call);
    routing.set(id, r);
    await queue.enqueue(id, t0 + n, false, r);
  }

  // Back to back, nothing else in between: the dispatcher's rate, and the script's own time.
  const burst = Math.max(1, Math.min(500, Math.floor(o.agents / 2), Math.floor(o.waiting / 2)));
  await redis.call('CONFIG', 'RESETSTAT');
  const burstStart = process.hrtime.bigint();
  const taken: { call: CallId; agent: AgentId }[] = [];
  for (let i = 0; i < burst; i++) {
    const pair = await queue.assignNext(Date.now());
    if (pair) taken.push(pair);
  }
  const burstSec = Number(process.hrtime.bigint() - burstStart) / 1e9;
  const stats = await redis.info('commandstats');
  const usec = Number(/^cmdstat_evalsha:calls=\d+,usec=\d+,usec_per_call=([\d.]+)/m.exec(stats)?.[1] ?? NaN);
  const redisUsec = Number.isFinite(usec) ? Math.round(usec * 10) / 10 : null;

  return {
    waiting: o.waiting,
    agents: o.agents,
    needs: o.needs,
    assignLatencyMs: rounded(summarize(latencies)),
    redisUsecPerAssign: redisUsec,
    assignmentsPerSec: Math.round(taken.length / burstSec),
    redisSideAssignmentsPerSec: redisUsec ? Math.round(1e6 / redisUsec) : null,
    queueBytesPerWaitingCall: Math.round((after - before) / o.waiting),
  };
}

/**
 * The engine itself, with FakeTelephony for Asterisk and the real Redis adapters: `calls` callers
 * dial 115 while no agent is logged in, so every one ends up waiting (answered, greeting, queued).
 * used_memory before and after, per call: the record, its indexes, the caller history, the queue.
 */
async function engineMemory(server: RedisServerHandle, redis: Redis, calls: number): Promise<WaitingCallMemory> {
  await redis.flushall();
  const client = new Redis(server.url, { maxRetriesPerRequest: 2 });
  const keys = new RedisKeys('eo-engine:', 'bench');
  const deployment = loadDeployment(writeTestCounty({ announceEverySec: 600, serviceCenter: { maxWaitingCalls: null, maxWaitSec: null } }));
  const telephony = new FakeTelephony();
  telephony.online = new Set();
  const clock = new SystemClock({ unref: true });
  const engine = new Engine({
    store: new RedisCallStore(client, keys),
    queue: new RedisLiveQueue(client, keys),
    agents: new RedisAgentStore(client, keys),
    telephony,
    clock,
    log: createLogger('silent'),
    policy: callPolicy(deployment, openingHours(deployment)),
    // Nobody to dispatch to: every caller waits.
    agentIds: [],
    towns: new Set(deployment.towns.map((t) => t.id)),
    newCallId,
    hashCaller: callerHasher(randomBytes(16).toString('hex')),
    callerHistory: new RedisCallerHistory(client, keys),
    municipalityOf: prefixAttribution(deployment.towns),
    services: new Set(deployment.entries.flatMap((e) => (e.kind === '115' && e.service ? [e.service] : []))),
    routingOf: routingFor(deployment),
    agentSkills: agentSkills(deployment),
    defaultHandleTimeMs: deployment.serviceCenter.defaultHandleTimeMs,
    callbackNumbers: new RedisCallbackNumbers(client, keys),
    dispositions: new RedisDispositions(client, keys),
    wrapUpMs: 0,
    agentOfEndpoint: new Map(),
    maxWaitingCalls: null,
  });
  try {
    const before = await usedMemory(redis);
    const startedAt = process.hrtime.bigint();
    for (let done = 0; done < calls; done += 500) {
      const batch: Promise<void>[] = [];
      for (let i = done; i < Math.min(calls, done + 500); i++) {
        const channel = `bench-${i}.${randomBytes(3).toString('hex')}` as ChannelId;
        const number = `04101${String(i).padStart(6, '0')}`;
        const at = Date.now();
        telephony.addCaller(channel, ['115'], number, at);
        batch.push(engine.onCallerEntered({ type: 'caller.entered', channel, args: ['115'], callerNumber: number, at }));
      }
      await Promise.all(batch);
    }
    await engine.lanes.idle();
    await engine.dispatcher.idle();
    const admitSec = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const waiting = await new RedisLiveQueue(client, keys).waiting();
    if (waiting.length !== calls) throw new Error(`${waiting.length} of ${calls} callers are waiting in the queue`);
    const after = await usedMemory(redis);
    const perCall = Math.round((after - before) / calls);
    const sample = await new RedisCallStore(client, keys).get(waiting[0]?.call as CallId);
    const usage = async (key: string): Promise<number> => Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
    const record = sample ? await usage(keys.call(sample.id)) : 0;
    const channelIndex = sample ? await usage(keys.callerChannel(sample.callerChannel)) : 0;
    const callerHistory = sample ? await usage(keys.callerHistory(sample.callerHash)) : 0;
    return {
      calls,
      bytesPerWaitingCall: perCall,
      admittedPerSec: Math.round(calls / admitSec),
      breakdown: {
        record,
        recordJsonBytes: sample ? Buffer.byteLength(JSON.stringify(sample)) : 0,
        channelIndex,
        callerHistory,
        sharedPerCall: perCall - record - channelIndex - callerHistory,
      },
    };
  } finally {
    await engine.stop();
    clock.cancelAll();
    client.disconnect();
  }
}
