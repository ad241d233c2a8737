import { operatorReads } from '../../test/support/operator-reads.js';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exited, isRunning, stopChild, track, type ExitStatus } from '../../test/support/child-processes.js';
import { freeTcpPort } from '../../test/support/free-port.js';
import type { Stack } from '../../test/support/stack.js';
import { GiveUp, waitFor } from '../../test/support/wait-for.js';

/**
 * The real engine (src/main.ts) as a child process of the demo or the benchmark, its JSON log
 * going to a file one can `tail -f`. (test/support/engine-process.ts keeps the log in memory for
 * assertions instead.) Its pid is what the benchmark reads CPU and memory figures from.
 */
export interface EngineChild {
  readonly url: string;
  readonly pid: number | undefined;
  readonly logPath: string;
  isRunning(): boolean;
  /** Resolves when the process is gone, whoever ended it. */
  readonly exited: Promise<ExitStatus>;
  getJson<T>(path: string): Promise<{ status: number; body: T }>;
  /** SIGTERM (the engine's graceful shutdown; a CPU profile is written on the way out), SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

export interface EngineChildOptions {
  readonly configPath: string;
  readonly keyPrefix: string;
  readonly salt: string;
  readonly logPath: string;
  readonly logLevel: string;
  /** Write a V8 CPU profile (.cpuprofile) into this directory when the engine exits. */
  readonly cpuProfileDir?: string;
  /** The ARI application it controls; default the stack's (dialplan global ENGINE_APP). */
  readonly ariApp?: string;
  /** The platform's shared Redis namespace, for an engine of several centers on one platform. */
  readonly platformPrefix?: string;
  /** Whom the reads of the queue and calls sign in as; default the sample operator of config/county.yaml. */
  readonly operator?: { readonly id: string; readonly secret: string };
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startEngineChild(stack: Stack, opts: EngineChildOptions): Promise<EngineChild> {
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  const logFd = openSync(opts.logPath, 'a');
  const nodeArgs = opts.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfileDir] : [];
  const child = track(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      ENGINE_MODE: 'demo',
      CONFIG: opts.configPath,
      ARI_URL: stack.ari.url,
      ARI_USERNAME: stack.ari.username,
      ARI_PASSWORD: stack.ari.password,
      ARI_APP: opts.ariApp ?? stack.ari.app,
      REDIS_URL: stack.redisUrl,
      REDIS_PREFIX: opts.keyPrefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: opts.logLevel,
      CALLER_HASH_SALT: opts.salt,
      ...(opts.platformPrefix !== undefined ? { PLATFORM_PREFIX: opts.platformPrefix } : {}),
    },
    stdio: ['ignore', logFd, logFd],
  }));
  closeSync(logFd);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  // The queue and calls are for operators: reads sign in as the sample operator.
  const getJson = operatorReads(url, opts.operator);
  const engine: EngineChild = {
    url,
    get pid() {
      return child.pid;
    },
    logPath: opts.logPath,
    isRunning: () => isRunning(child),
    exited: exited(child),
    getJson,
    async stop(graceMs = 10_000) {
      await stopChild(child, { signal: 'SIGTERM', graceMs });
    },
  };
  try {
    await waitFor(async () => {
      if (spawnError) throw new GiveUp(`cannot start the engine: ${spawnError.message}`);
      if (!isRunning(child)) throw new GiveUp(`the engine exited during start (code ${child.exitCode}): see ${opts.logPath}`);
      return (await getJson('/readyz').catch(() => ({ status: 0 }))).status === 200;
    }, { timeoutMs: 30_000, what: 'the engine ready (GET /readyz)', intervalMs: 100 });
  } catch (err) {
    await engine.stop(2_000);
    throw err;
  }
  return engine;
}
