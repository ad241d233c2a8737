import { operatorReads } from './operator-reads.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track } from './child-processes.js';
import { freeTcpPort } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface EngineTarget {
  readonly redisUrl: string;
  readonly ari: { readonly url: string; readonly username: string; readonly password: string; readonly app: string };
}

export interface EngineOptions {
  readonly configPath: string;
  readonly keyPrefix: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** What to wait for: ready (controls the ARI app, /readyz 200) or standing by behind another engine. */
  readonly until?: 'ready' | 'standby';
}

export interface EngineProcess {
  readonly url: string;
  /** Every line the engine wrote to stdout and stderr so far. */
  readonly output: string[];
  /** Parsed JSON log lines. */
  logs(): Record<string, unknown>[];
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  getJson<T = unknown>(path: string): Promise<{ status: number; body: T }>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the real engine (`src/main.ts`) as a child process against the given stack; resolves once
 * /readyz says ready (or, with `until: 'standby'`, once it logged that it stands by).
 */
export async function startEngine(target: EngineTarget, opts: EngineOptions): Promise<EngineProcess> {
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  // Tracked: an interrupted test run must not leave an engine behind.
  const child: ChildProcess = track(spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      ENGINE_MODE: 'test',
      CONFIG: opts.configPath,
      ARI_URL: target.ari.url,
      ARI_USERNAME: target.ari.username,
      ARI_PASSWORD: target.ari.password,
      ARI_APP: target.ari.app,
      REDIS_URL: target.redisUrl,
      REDIS_PREFIX: opts.keyPrefix,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'trace',
      CALLER_HASH_SALT: 'test-salt-0123456789abcdef',
      // Short, so that a killed engine's successor takes over within two seconds.
      CONTROLLER_LOCK_TTL_MS: '2000',
      ...opts.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  // The queue and calls are for operators: reads sign in as the sample operator.
  const getJson = operatorReads(url);
  await waitFor(
    async () => {
      if (gone) throw new Error(`engine exited during start:\n${output.join('\n')}`);
      if (opts.until === 'standby') return output.some((line) => line.includes('standing by'));
      return (await getJson('/readyz').catch(() => ({ status: 0 }))).status === 200;
    },
    { timeoutMs: 30_000, what: opts.until === 'standby' ? 'engine standing by' : 'engine ready (GET /readyz)' },
  );
  return {
    url,
    output,
    logs: () =>
      output.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return []; // a non-JSON line (a stack trace, say) is kept in `output` only
        }
      }),
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (gone) return;
      child.kill(signal);
      await exited;
    },
    getJson,
  };
}
