import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import type { Call } from '../../src/domain/call.js';
import { startEngine, type EngineProcess } from '../support/engine-process.js';
import { operatorReads, type GetJson } from '../support/operator-reads.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { startStack, type Stack } from '../support/stack.js';
import { SAMPLE_FILES, writeTestCounty, type CountyOverrides } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';
import { hashOf } from './county-fixture.js';

/**
 * Two service centers on one platform, as docs/configuration.md#several-service-centers-on-one-platform
 * describes it: one Asterisk and one Redis, one engine process per center, each from a test copy of
 * its sample file (config/county.yaml, config/kreis-segeberg.yaml) with its own ARI application,
 * Redis key prefix and HTTP port, and one PLATFORM_PREFIX shared by both (random per test).
 */

/** Town numbers of the second sample center (config/kreis-segeberg.yaml; invented numbers). */
export const SEGEBERG_NUMBERS = { kaltenkirchen: '041918880', henstedtUlzburg: '041937770', badBramstedt: '041926660' } as const;
/** The ARI application of Kreis Segeberg's engine: the dialplan global ENGINE_APP_SEGEBERG (dialplan/extensions.conf). */
export const SEGEBERG_APP = 'overflow-segeberg';

export type CenterName = 'pinneberg' | 'segeberg';

/** Each center's serviceCenter.id and the operator (team lead) that the reads sign in as; secrets are the samples' `<id>-secret`. */
const CENTERS: Readonly<Record<CenterName, { readonly id: string; readonly operator: string }>> = {
  pinneberg: { id: 'kreis-pinneberg', operator: 'teamlead' },
  segeberg: { id: 'kreis-segeberg', operator: 'teamlead-segeberg' },
};

/** One center of the platform: its engine and readers for what it recorded. */
export interface Center {
  /** Its serviceCenter.id. */
  readonly id: string;
  readonly engine: EngineProcess;
  /** Starts its engine again (after a kill) over the same Redis data. */
  restartEngine(): Promise<EngineProcess>;
  /** Its REDIS_PREFIX, and its keys (the center's live state under `prefix{id}:`). */
  readonly prefix: string;
  readonly keys: RedisKeys;
  /** Reads of its HTTP API as its own operator. */
  readonly getJson: GetJson;
  queue(): Promise<QueueView>;
  /** Its ended calls' records, oldest first. */
  records(): Promise<Call[]>;
  /** The record of the call from this caller number, once it has ended. */
  recordOf(from: string, timeoutMs?: number): Promise<Call>;
}

export interface Platform {
  /** The PLATFORM_PREFIX both engines were given. */
  readonly platformPrefix: string;
  /** Where the stack keeps its logs (a test's screenshots go beside them). */
  readonly logsDir: string;
  readonly sipp: SippFleet;
  readonly redis: Redis;
  readonly pinneberg: Center;
  readonly segeberg: Center;
  /**
   * Checks nothing was left behind: no channel or bridge in Asterisk, no agent of either center
   * offered or busy, no error logged by either engine, only JSON lines, no caller number in any log.
   */
  assertClean(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOverrides {
  readonly pinneberg?: CountyOverrides;
  readonly segeberg?: CountyOverrides;
}

const SAMPLE_FILE: Readonly<Record<CenterName, string>> = { pinneberg: SAMPLE_FILES.pinneberg, segeberg: SAMPLE_FILES.segeberg };

export async function openPlatform(stack: Stack, overrides: PlatformOverrides = {}): Promise<Platform> {
  const run = randomBytes(4).toString('hex');
  const platformPrefix = `e2e-platform-${run}:`;
  const redis = new Redis(stack.redisUrl);
  /** Every engine process started, restarts included, with the prefix of its center. */
  const started: { readonly prefix: string; readonly engine: EngineProcess }[] = [];
  const open = async (name: CenterName, app: string): Promise<Center> => {
    const { id, operator } = CENTERS[name];
    const own = overrides[name] ?? {};
    const prefix = `e2e-${name}-${run}:`;
    const configPath = writeTestCounty(own, SAMPLE_FILE[name]);
    const start = async () => {
      const engine = await startEngine(
        { redisUrl: stack.redisUrl, ari: { ...stack.ari, app } },
        { configPath, keyPrefix: prefix, extraEnv: { ...own.extraEnv, PLATFORM_PREFIX: platformPrefix } },
      );
      started.push({ prefix, engine });
      return engine;
    };
    let engine = await start();
    const keys = new RedisKeys(prefix, id);
    const sink = new RedisCallRecords(redis, keys);
    const records = async () => (await sink.read(undefined, 10_000)).map((r) => r.call);
    // Signed in once per engine process (a restarted engine listens on a new port).
    const reads = new Map<string, GetJson>();
    const getJson: GetJson = <T>(path: string) => {
      let read = reads.get(engine.url);
      if (!read) reads.set(engine.url, (read = operatorReads(engine.url, { id: operator, secret: `${operator}-secret` })));
      return read<T>(path);
    };
    return {
      id,
      get engine() {
        return engine;
      },
      restartEngine: async () => (engine = await start()),
      prefix,
      keys,
      getJson,
      queue: async () => (await getJson<QueueView>('/api/queue')).body,
      records,
      async recordOf(from, timeoutMs = 10_000) {
        const hash = hashOf(from);
        let found: Call | undefined;
        await waitFor(async () => (found = (await records()).find((c) => c.callerHash === hash)) !== undefined, {
          timeoutMs,
          what: `${id}'s call record of caller ${from}`,
        });
        return found as Call;
      },
    };
  };
  let pinneberg: Center;
  let segeberg: Center;
  try {
    // Side by side, as on a real platform; each engine controls its own ARI application.
    [pinneberg, segeberg] = await Promise.all([open('pinneberg', stack.ari.app), open('segeberg', SEGEBERG_APP)]);
  } catch (err) {
    await Promise.all(started.map((s) => s.engine.kill('SIGTERM')));
    redis.disconnect();
    throw err;
  }
  const fleet = createSippFleet(stack);
  const callerNumbers: string[] = [];
  // Every caller number a test dials from is checked against both engines' output at the end.
  const sipp: SippFleet = { ...fleet, call: (opts) => (callerNumbers.push(opts.from), fleet.call(opts)) };
  const centers = [pinneberg, segeberg];
  const ari = async <T>(path: string): Promise<T> => {
    const auth = Buffer.from(`${stack.ari.username}:${stack.ari.password}`).toString('base64');
    const res = await fetch(`${stack.ari.url}/ari${path}`, { headers: { authorization: `Basic ${auth}` } });
    if (!res.ok) throw new Error(`ARI GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    platformPrefix,
    logsDir: stack.logs.dir,
    sipp,
    redis,
    pinneberg,
    segeberg,
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
      for (const center of centers) {
        await waitFor(async () => (await center.queue()).agents.every((a) => a.status !== 'offered' && a.status !== 'busy'), {
          timeoutMs: 5_000,
          what: `no agent of ${center.id} left offered or busy`,
        });
        const { engine } = center;
        const errors = engine.logs().filter((l) => typeof l['level'] === 'number' && l['level'] >= 50);
        if (errors.length > 0) throw new Error(`${center.id}'s engine logged errors:\n${errors.map((e) => JSON.stringify(e)).join('\n')}`);
        const notJson = engine.output.length - engine.logs().length;
        if (notJson > 0) throw new Error(`${notJson} lines of ${center.id}'s engine output are not JSON:\n${engine.output.slice(0, 5).join('\n')}`);
        const leaked = callerNumbers.filter((n) => engine.output.some((line) => line.includes(n)));
        if (leaked.length > 0) throw new Error(`caller numbers in ${center.id}'s engine log: ${leaked.join(', ')}`);
      }
    },
    async close() {
      await sipp.stop();
      await Promise.all(started.map((s) => s.engine.kill('SIGTERM')));
      redis.disconnect();
      // Kept beside the stack's other logs for whoever has to find out why a test failed.
      for (const [i, s] of started.entries()) writeFileSync(join(stack.logs.dir, `engine-${s.prefix.replace(/:$/, '')}-${i + 1}.log`), `${s.engine.output.join('\n')}\n`);
    },
  };
}

/**
 * The frame of a two-center end-to-end file: one stack for the file whose dialplan hands Kreis
 * Segeberg's numbers to SEGEBERG_APP, one platform per test, checked for leftovers after each test
 * and closed whatever happened.
 */
export function usePlatform(): { open(overrides?: PlatformOverrides): Promise<Platform> } {
  let stack: Stack | undefined;
  let platform: Platform | undefined;
  beforeAll(async () => {
    stack = await startStack({ globals: { ENGINE_APP_SEGEBERG: SEGEBERG_APP } });
  });
  afterEach(async () => {
    try {
      await platform?.assertClean();
    } finally {
      await platform?.close();
      platform = undefined;
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return {
    async open(overrides) {
      if (!stack) throw new Error('the stack did not start');
      platform = await openPlatform(stack, overrides);
      return platform;
    },
  };
}
