import { createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import type { Call } from '../../src/domain/call.js';
import { startEngine, type EngineProcess } from '../support/engine-process.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';
import { SAMPLE_CENTER, writeTestCounty, type CountyOverrides } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';

/** Numbers of the sample deployment (config/county.yaml). */
export const NUMBERS = { n115: '115', quickborn: '041066110', boenningstedt: '040556870', hasloh: '041066030' } as const;
const SALT = 'test-salt-0123456789abcdef';

/**
 * One county for a test: the real engine process over the file's stack with its own Redis key
 * prefix, SIPp callers and phones, and readers for what the engine recorded.
 */
export interface County {
  readonly engine: EngineProcess;
  readonly sipp: SippFleet;
  readonly redis: Redis;
  readonly prefix: string;
  /** The engine's Redis keys (the center's live state under `prefix{center}:`). */
  readonly keys: RedisKeys;
  /** Starts the engine again (after a kill) over the same Redis data. */
  restartEngine(): Promise<EngineProcess>;
  /** Starts a second engine for the same ARI app; it stands by while `engine` controls the app. */
  startStandby(): Promise<EngineProcess>;
  /** Makes `next` the engine the checks and queue reads talk to (after a takeover). */
  useEngine(next: EngineProcess): void;
  queue(): Promise<QueueView>;
  /** A request to Asterisk's REST interface (GET unless said), e.g. ari('/endpoints/PJSIP/agent-1'): what Asterisk itself says. */
  ari<T>(path: string, method?: 'GET' | 'POST' | 'DELETE'): Promise<T>;
  /** Ended calls' records, oldest first. */
  records(): Promise<Call[]>;
  /** The record of the call from this caller number, once it has ended. */
  recordOf(from: string, timeoutMs?: number): Promise<Call>;
  /**
   * Checks the engine left nothing behind (no channel, no bridge, no agent offered or busy), logged
   * no error, wrote only JSON lines, and never wrote a caller number of this county's calls.
   */
  assertClean(): Promise<void>;
  close(): Promise<void>;
}

export const hashOf = (number: string): string => createHmac('sha256', SALT).update(number).digest('hex').slice(0, 32);

export async function openCounty(stack: Stack, overrides: CountyOverrides): Promise<County> {
  const prefix = `e2e-${randomBytes(4).toString('hex')}:`;
  const configPath = writeTestCounty(overrides);
  const start = (until: 'ready' | 'standby' = 'ready') => startEngine(stack, { configPath, keyPrefix: prefix, extraEnv: { ...overrides.extraEnv, CALLER_HASH_SALT: SALT }, until });
  let engine = await start();
  const others: EngineProcess[] = [];
  const fleet = createSippFleet(stack);
  const callerNumbers: string[] = [];
  // Every caller number a test dials from is checked against the engine's output at the end.
  const sipp: SippFleet = { ...fleet, call: (opts) => (callerNumbers.push(opts.from), fleet.call(opts)) };
  const redis = new Redis(stack.redisUrl);
  // A test may take Redis away (an outage); the reads retry once it is back, the noise is not news.
  redis.on('error', () => undefined);
  const keys = new RedisKeys(prefix, SAMPLE_CENTER);
  const sink = new RedisCallRecords(redis, keys);
  const records = async () => (await sink.read(undefined, 10_000)).map((r) => r.call);
  const ari = async <T>(path: string, method = 'GET'): Promise<T> => {
    const auth = Buffer.from(`${stack.ari.username}:${stack.ari.password}`).toString('base64');
    const res = await fetch(`${stack.ari.url}/ari${path}`, { method, headers: { authorization: `Basic ${auth}` } });
    if (!res.ok) throw new Error(`ARI ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const county: County = {
    get engine() {
      return engine;
    },
    sipp,
    redis,
    prefix,
    keys,
    restartEngine: async () => (engine = await start()),
    async startStandby() {
      const standby = await start('standby');
      others.push(standby);
      return standby;
    },
    useEngine(next) {
      engine = next;
    },
    queue: async () => (await engine.getJson<QueueView>('/api/queue')).body,
    ari,
    records,
    async recordOf(from, timeoutMs = 10_000) {
      const hash = hashOf(from);
      let found: Call | undefined;
      await waitFor(async () => (found = (await records()).find((c) => c.callerHash === hash)) !== undefined, {
        timeoutMs,
        what: `call record of caller ${from}`,
      });
      return found as Call;
    },
    async assertClean() {
      await waitFor(
        async () => {
          const left = [...(await ari<{ id: string }[]>('/channels')), ...(await ari<{ id: string }[]>('/bridges'))];
          // Thrown, so that a timeout names what stayed.
          if (left.length > 0) throw new Error(`left: ${left.map((x) => x.id).join(', ')}`);
          return true;
        },
        { timeoutMs: 5_000, what: 'no channel and no bridge left in Asterisk' },
      );
      await waitFor(async () => (await county.queue()).agents.every((a) => a.status !== 'offered' && a.status !== 'busy'), {
        timeoutMs: 5_000,
        what: 'no agent left offered or busy',
      });
      const errors = engine.logs().filter((l) => typeof l['level'] === 'number' && l['level'] >= 50);
      if (errors.length > 0) throw new Error(`engine logged errors:\n${errors.map((e) => JSON.stringify(e)).join('\n')}`);
      // Operators feed the log to standard tooling: every line is one JSON object.
      const notJson = engine.output.length - engine.logs().length;
      if (notJson > 0) throw new Error(`${notJson} engine output lines are not JSON:\n${engine.output.slice(0, 5).join('\n')}`);
      const leaked = callerNumbers.filter((n) => engine.output.some((line) => line.includes(n)));
      if (leaked.length > 0) throw new Error(`caller numbers in the engine's log: ${leaked.join(', ')}`);
    },
    async close() {
      await sipp.stop();
      await engine.kill('SIGTERM');
      for (const other of others) await other.kill('SIGTERM');
      redis.disconnect();
      // Kept beside the stack's other logs for whoever has to find out why a test failed.
      writeFileSync(join(stack.logs.dir, `engine-${prefix.replace(/:$/, '')}.log`), `${engine.output.join('\n')}\n`);
    },
  };
  return county;
}

/**
 * The usual frame of an end-to-end file: one stack for the file, one county per test, checked for
 * leftovers after each test and closed whatever happened.
 */
export function useCounties(): { open(overrides: CountyOverrides): Promise<County>; logs(): Stack['logs']; redisServer(): Stack['redis']; ariUrl(): string } {
  let stack: Stack | undefined;
  let county: County | undefined;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    try {
      await county?.assertClean();
    } finally {
      await county?.close();
      county = undefined;
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    /** Where the file's stack keeps its logs (Asterisk's messages.log and console output among them). */
    logs() {
      if (!stack) throw new Error('the stack did not start');
      return stack.logs;
    },
    /** Asterisk's own ARI address (a test may put a proxy in front of it). */
    ariUrl() {
      if (!stack) throw new Error('the stack did not start');
      return stack.ari.url;
    },
    /** The stack's redis-server, to stop, kill and start it as an outage would. */
    redisServer() {
      if (!stack) throw new Error('the stack did not start');
      return stack.redis;
    },
    async open(overrides) {
      if (!stack) throw new Error('the stack did not start');
      county = await openCounty(stack, overrides);
      return county;
    },
  };
}
