import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisSentinelTarget } from '../../src/adapters/redis/index.js';
import { isRunning, stopChild, track } from './child-processes.js';
import { freeTcpPort } from './free-port.js';
import { createRedisServer, type RedisServerHandle } from './redis-server.js';
import { GiveUp, waitFor } from './wait-for.js';

/**
 * A primary, a replica and three sentinels on this machine, each its own redis-server process on a
 * free port, as a production Redis with Sentinel looks to the engine. The sentinels declare the
 * primary down after `downAfterMs` without an answer (production: seconds, not Redis's default
 * 30 s) and need two of three to agree.
 */
export interface SentinelSetHandle {
  /** The primary's name as the sentinels know it. */
  readonly name: string;
  /** What the engine is given: REDIS_SENTINELS and REDIS_SENTINEL_NAME. */
  readonly target: RedisSentinelTarget;
  /** The two data servers, the first started as primary. */
  readonly servers: readonly RedisServerHandle[];
  /** The port of the server the sentinels name as primary now. */
  primaryPort(): Promise<number>;
  /** Stops the sentinels and servers and removes the directory. */
  stop(): Promise<void>;
}

export interface SentinelSetOptions {
  readonly name?: string;
  /** `sentinel down-after-milliseconds`. Default 1,000. */
  readonly downAfterMs?: number;
  /** `sentinel failover-timeout`. Default 5,000. */
  readonly failoverTimeoutMs?: number;
  /** The data servers' `requirepass` (and `masterauth`, and the sentinels' `auth-pass`). Default: none. */
  readonly password?: string;
  /** The sentinels' own `requirepass`. Default: none. */
  readonly sentinelPassword?: string;
}

const SENTINELS = 3;
const QUORUM = 2;

export async function startSentinelSet(opts: SentinelSetOptions = {}): Promise<SentinelSetHandle> {
  const name = opts.name ?? 'overflow';
  const dir = mkdtempSync(join(tmpdir(), 'ovr-sentinel-'));
  const servers: RedisServerHandle[] = [];
  const sentinels: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(sentinels.map((s) => stopChild(s, { signal: 'SIGTERM', graceMs: 3_000 })));
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { password, sentinelPassword } = opts;
    // A replica promoted later must let the old primary (back as a replica) sync from it: masterauth on both.
    const auth = password === undefined ? [] : ['--masterauth', password];
    const primary = createRedisServer({ port: await freeTcpPort(), dir: join(dir, 'primary'), password, extraArgs: auth });
    await primary.start();
    servers.push(primary);
    const replica = createRedisServer({ port: await freeTcpPort(), dir: join(dir, 'replica'), password, extraArgs: [...auth, '--replicaof', '127.0.0.1', String(primary.port)] });
    await replica.start();
    servers.push(replica);
    await waitFor(async () => /master_link_status:up/.test(await info(replica.port, 'replication', password)), { timeoutMs: 10_000, what: 'the replica in sync with the primary' });

    const ports: number[] = [];
    for (let i = 0; i < SENTINELS; i++) {
      const port = await freeTcpPort();
      const conf = join(dir, `sentinel-${i}.conf`);
      // Sentinel rewrites its file (what it learns), so each has its own.
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          'daemonize no',
          `logfile ${join(dir, `sentinel-${i}.log`)}`,
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} ${QUORUM}`,
          `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 1_000}`,
          `sentinel failover-timeout ${name} ${opts.failoverTimeoutMs ?? 5_000}`,
          `sentinel parallel-syncs ${name} 1`,
          ...(password === undefined ? [] : [`sentinel auth-pass ${name} ${password}`]),
          ...(sentinelPassword === undefined ? [] : [`requirepass ${sentinelPassword}`]),
          '',
        ].join('\n'),
      );
      const child = track(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
      sentinels.push(child);
      ports.push(port);
    }
    // Ready when every sentinel knows the replica and the two other sentinels: only then can they
    // agree on a failover.
    for (const [i, port] of ports.entries()) {
      await waitFor(
        async () => {
          const child = sentinels[i];
          if (child && !isRunning(child)) throw new GiveUp(`sentinel ${i} exited with code ${child.exitCode}`);
          const master = await sentinelMaster(port, name, sentinelPassword).catch(() => null);
          return master !== null && master['num-other-sentinels'] === String(SENTINELS - 1) && master['num-slaves'] === '1';
        },
        { timeoutMs: 15_000, what: `sentinel on port ${port} knowing the replica and the other sentinels` },
      );
    }
    const target: RedisSentinelTarget = {
      sentinels: ports.map((port) => ({ host: '127.0.0.1', port })),
      name,
      ...(sentinelPassword === undefined ? {} : { password: sentinelPassword }),
    };
    return {
      name,
      target,
      servers,
      async primaryPort() {
        const [, port] = await askSentinel<[string, string]>(ports[0] ?? 0, ['get-master-addr-by-name', name], sentinelPassword);
        return Number(port);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One command on a fresh connection (authenticated with `password` when given), closed after. */
async function oneCommand<T>(port: number, command: string, args: readonly string[], password?: string): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...(password === undefined ? {} : { password }) });
  client.on('error', () => {
    // The rejected command says it.
  });
  try {
    await client.connect();
    return (await client.call(command, ...args)) as T;
  } finally {
    client.disconnect();
  }
}

const info = (port: number, section: string, password?: string): Promise<string> => oneCommand<string>(port, 'INFO', [section], password);
export const askSentinel = <T>(port: number, args: readonly string[], password?: string): Promise<T> => oneCommand<T>(port, 'SENTINEL', args, password);

/** SENTINEL MASTER's flat field/value list as an object. */
export async function sentinelMaster(port: number, name: string, password?: string): Promise<Record<string, string>> {
  const flat = await askSentinel<string[]>(port, ['master', name], password);
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] ?? ''] = flat[i + 1] ?? '';
  return out;
}
