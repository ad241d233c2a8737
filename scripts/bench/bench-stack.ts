import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import { callerHasher } from '../../src/app/caller-hash.js';
import type { Call } from '../../src/domain/call.js';
import { startPhone, type Phone, type PhoneBehaviour } from '../../test/support/sipp-phone.js';
import { startStack, type Stack } from '../../test/support/stack.js';
import { SAMPLE_CENTER, writeTestCounty } from '../../test/support/test-county.js';
import { waitFor } from '../../test/support/wait-for.js';
import { startEngineChild, type EngineChild } from '../lib/engine-child.js';
import { EngineLogReader } from './engine-log.js';
import { startFloorProcess, type FloorProcess } from './floor-process.js';

/** The number of the app_queue baseline (dialplan/extensions.conf [bench-app-queue]). */
export const APP_QUEUE_NUMBER = '19115';
export const ENGINE_NUMBER = '115';
/** The number of the floor, a minimal ARI dispatcher (dialplan/extensions.conf [bench-floor]), and its ARI app. */
export const FLOOR_NUMBER = '19116';
export const FLOOR_APP = 'bench-floor';
export const APP_QUEUE_NAME = 'bench-leastrecent';
/** The agents of the bench county, in the order scenarios take them (dialplan/pjsip_wizard.conf). */
export const AGENT_ENDPOINTS = ['agent-1', 'agent-2', 'agent-3', 'agent-4'] as const;

const KEY_PREFIX = 'bench:';

/**
 * The real stack for the benchmark: the project's own Redis and Asterisk (startStack, with the
 * app_queue baseline and floor numbers switched on), the engine as a child process with the sample
 * county (four agents, no wrap-up, no queue limits, no position announcements while measuring), the
 * floor dispatcher when asked for, and readers for what the engine recorded and logged.
 */
export interface BenchStack {
  readonly stack: Stack;
  readonly engine: EngineChild;
  readonly target: { sipPort: number; logDir: string };
  readonly log: EngineLogReader;
  readonly hash: (number: string) => string;
  /** floor: the floor dispatcher's while one runs (startFloor), else null. */
  pids(): { asterisk: number | null; engine: number | null; redis: number | null; floor: number | null };
  /** Starts the floor dispatcher (floor-dispatcher.ts) for these agents, all free; one at a time. */
  startFloor(agents: readonly string[]): Promise<FloorProcess>;
  /** Every ended call's record read so far, by caller hash (the benchmark's numbers never repeat). */
  recordsByCaller(): Promise<ReadonlyMap<string, Call>>;
  /** Distinct From prefixes (04101 + 3 digits) for successive caller runs. */
  nextFromPrefix(): string;
  redisUsedMemory(): Promise<number | null>;
  /** Commands the Redis server has executed so far (INFO commandstats, all commands). */
  redisCommands(): Promise<number | null>;
  /** Commands Redis executed so far, by command name (INFO commandstats): which of them a route costs. */
  redisCommandsByName(): Promise<Map<string, number>>;
  ari<T>(path: string): Promise<T>;
  /**
   * Takes the engine's ARI application off the endpoints it watches (the agents' phones) until the
   * returned function puts it back. On the floor route it would otherwise receive every event of
   * the floor's agent legs and work on each, competing with the floor for the two cores.
   */
  detachEngineFromEndpoints(): Promise<() => Promise<void>>;
  /** Resolves once Asterisk has no channel left (the previous run is over everywhere). */
  waitQuiet(timeoutMs?: number): Promise<void>;
  /** Registers agent-1..n as SIPp phones (behaviour of the i-th, from 0) and waits until the engine and app_queue both see them free. */
  startAgents(n: number, behaviour: (i: number) => PhoneBehaviour): Promise<Phone[]>;
  stopAgents(phones: readonly Phone[]): Promise<void>;
  /** The message trace test/support/sipp-phone.ts keeps for a phone. */
  messageLogOf(phone: Phone): string;
  close(): Promise<void>;
}

export async function openBenchStack(opts: { cpuProfile: boolean; logLevel?: string }): Promise<BenchStack> {
  const stack = await startStack({ globals: { BENCH_APP_QUEUE: 'yes', BENCH_FLOOR: 'yes' } });
  let engine: EngineChild | undefined;
  let redis: Redis | undefined;
  try {
    const configPath = writeTestCounty({
      agents: [...AGENT_ENDPOINTS],
      // Nobody hears a position announcement, nobody is turned away: the run measures dispatch.
      announceEverySec: 600,
      serviceCenter: { maxWaitingCalls: null, maxWaitSec: null },
    });
    const salt = randomBytes(16).toString('hex');
    const logPath = join(stack.logs.dir, 'engine.log');
    engine = await startEngineChild(stack, {
      configPath,
      keyPrefix: KEY_PREFIX,
      salt,
      logPath,
      logLevel: opts.logLevel ?? 'info',
      ...(opts.cpuProfile ? { cpuProfileDir: stack.logs.dir } : {}),
    });
    redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 2 });
    const records = new RedisCallRecords(redis, new RedisKeys(KEY_PREFIX, SAMPLE_CENTER));
    const byCaller = new Map<string, Call>();
    let lastId: string | undefined;
    let prefixSeq = 0;
    let floor: FloorProcess | null = null;
    let floorRuns = 0;
    const ariAuth = `Basic ${Buffer.from(`${stack.ari.username}:${stack.ari.password}`).toString('base64')}`;
    const ari = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${stack.ari.url}/ari${path}`, { headers: { authorization: ariAuth }, signal: AbortSignal.timeout(5_000) });
      return (await res.json()) as T;
    };
    const ariSend = async (method: 'POST' | 'DELETE', path: string): Promise<void> => {
      const res = await fetch(`${stack.ari.url}/ari${path}`, { method, headers: { authorization: ariAuth }, signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`ARI ${method} ${path}: ${res.status} ${await res.text()}`);
    };
    const started = engine;
    const client = redis;
    const target = { sipPort: stack.sipPort, logDir: stack.logs.dir };

    const bench: BenchStack = {
      stack,
      engine: started,
      target,
      log: new EngineLogReader(logPath),
      hash: callerHasher(salt),
      pids: () => ({ asterisk: stack.pids().asterisk ?? null, engine: started.pid ?? null, redis: stack.pids().redis, floor: floor?.pid ?? null }),
      async startFloor(agents) {
        if (floor) throw new Error('the floor dispatcher runs already');
        const logPath = join(stack.logs.dir, `floor-dispatcher-${++floorRuns}.log`);
        const running = await startFloorProcess({ ari: stack.ari, app: FLOOR_APP, agents, logPath });
        floor = running;
        return {
          pid: running.pid,
          stop: async () => {
            floor = null;
            await running.stop();
          },
        };
      },
      async recordsByCaller() {
        for (;;) {
          const batch = await records.read(lastId, 5_000);
          for (const r of batch) byCaller.set(r.call.callerHash, r.call);
          if (batch.length === 0) break;
          lastId = batch[batch.length - 1]?.id;
        }
        return byCaller;
      },
      nextFromPrefix: () => `04101${String(++prefixSeq).padStart(3, '0')}`,
      async redisUsedMemory() {
        const info = await client.info('memory');
        const m = /^used_memory:(\d+)/m.exec(info);
        return m ? Number(m[1]) : null;
      },
      async redisCommands() {
        let total = 0;
        for (const n of (await this.redisCommandsByName()).values()) total += n;
        return total;
      },
      async redisCommandsByName() {
        const stats = await client.info('commandstats');
        const byName = new Map<string, number>();
        for (const m of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) byName.set(m[1] ?? '', Number(m[2]));
        return byName;
      },
      ari,
      async detachEngineFromEndpoints() {
        const app = encodeURIComponent(stack.ari.app);
        const { endpoint_ids: endpoints } = await ari<{ endpoint_ids: string[] }>(`/applications/${app}`);
        if (endpoints.length === 0) return () => Promise.resolve();
        const path = `/applications/${app}/subscription?eventSource=${encodeURIComponent(endpoints.map((e) => `endpoint:${e}`).join(','))}`;
        await ariSend('DELETE', path);
        return () => ariSend('POST', path);
      },
      async waitQuiet(timeoutMs = 30_000) {
        await waitFor(async () => (await ari<unknown[]>('/channels')).length === 0, { timeoutMs, what: 'no channel left in Asterisk', intervalMs: 100 });
      },
      async startAgents(n, behaviour) {
        const endpoints = AGENT_ENDPOINTS.slice(0, n);
        if (endpoints.length < n) throw new Error(`the bench county has ${AGENT_ENDPOINTS.length} agents, ${n} asked for`);
        const phones = await Promise.all(endpoints.map((endpoint, i) => startPhone(target, { endpoint, behaviour: behaviour(i) })));
        await waitFor(async () => {
          const { body } = await started.getJson<QueueView>('/api/queue');
          return endpoints.every((id) => body.agents.find((a) => a.id === id)?.status === 'available');
        }, { timeoutMs: 15_000, what: `the engine's agents ${endpoints.join(', ')} available`, intervalMs: 100 });
        await waitFor(async () => {
          const show = await stack.asteriskCli(`queue show ${APP_QUEUE_NAME}`);
          return endpoints.every((e) => new RegExp(`PJSIP/${e} .*\\(Not in use\\)`).test(show));
        }, { timeoutMs: 15_000, what: `app_queue members ${endpoints.join(', ')} not in use`, intervalMs: 100 });
        return phones;
      },
      async stopAgents(phones) {
        await Promise.all(phones.map((p) => p.stop()));
      },
      messageLogOf: (phone) => join(stack.logs.dir, `sipp-${phone.endpoint}-${phone.sipPort}-messages.log`),
      async close() {
        await floor?.stop();
        await started.stop();
        client.disconnect();
        await stack.stop();
      },
    };
    return bench;
  } catch (err) {
    await engine?.stop(2_000);
    redis?.disconnect();
    await stack.stop();
    throw err;
  }
}
