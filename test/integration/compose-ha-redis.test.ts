import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import { loadEngineSettings } from '../../src/config/index.js';
import { isRunning, stopChild, track } from '../support/child-processes.js';
import { readRepoFile, renderCompose, ROOT, type ComposeService } from '../support/compose-file.js';
import { freeTcpPort } from '../support/free-port.js';
import { askSentinel, sentinelMaster } from '../support/redis-sentinel.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The Redis part of docker-compose.yml's ha profile, run without Docker: the primary and the
 * replica with the commands the file gives them, the three sentinels through docker/redis-sentinel.sh
 * with the environment the file gives them, and the engine with its settings from the file and
 * .env.example. Only the ports are moved to free ones (the file's are fixed).
 */
const PASSWORD = '0d9c7b5a3e1f2d4c6b8a0e9f7d5c3b1a';
const compose = renderCompose(readRepoFile('docker-compose.yml'), {
  ARI_PASSWORD: 'ari-password-of-this-test', REDIS_PASSWORD: PASSWORD, CALLER_HASH_SALT: 'salt-of-the-compose-ha-test', TRUNK_ADDRESSES: '192.0.2.10',
});
const service = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const work = mkdtempSync(join(tmpdir(), 'ovr-compose-ha-'));
const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0)) await close().catch(() => undefined);
  await Promise.all(children.map((c) => stopChild(c, { graceMs: 2_000 })));
  rmSync(work, { recursive: true, force: true });
});

/** The service's command with each of the file's ports replaced by this run's. */
function serverCommand(name: string, ports: ReadonlyMap<string, number>): string[] {
  const [binary, ...args] = service(name).command ?? [];
  expect(binary).toBe('redis-server');
  return args.map((a) => String(ports.get(a) ?? a));
}

function startServer(name: string, args: string[]): ChildProcess {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  // The image's working directory is /data, where --appendonly writes.
  const child = track(spawn('redis-server', args, { cwd: dir, stdio: 'ignore' }));
  children.push(child);
  return child;
}

function startSentinel(name: string, port: number, primaryPort: number): ChildProcess {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const env = { ...service(name).environment, SENTINEL_PORT: String(port), REDIS_PRIMARY_PORT: String(primaryPort), SENTINEL_CONF_DIR: dir, PATH: process.env['PATH'] ?? '' };
  const child = track(spawn('sh', [join(ROOT, 'docker/redis-sentinel.sh')], { env, stdio: 'ignore' }));
  children.push(child);
  return child;
}

describe("docker-compose.yml's ha profile: Redis", () => {
  it('fails over to the replica within seconds, the engine follows, and a restarted sentinel still knows the new primary', async () => {
    const [primaryPort, replicaPort, ...sentinelPorts] = await Promise.all([1, 2, 3, 4, 5].map(() => freeTcpPort()));
    if (primaryPort === undefined || replicaPort === undefined) throw new Error('no ports');
    const ports = new Map([['6379', primaryPort], ['6380', replicaPort]]);
    const primary = startServer('redis', serverCommand('redis', ports));
    startServer('redis-replica', serverCommand('redis-replica', ports));
    const names = ['sentinel-1', 'sentinel-2', 'sentinel-3'];
    const sentinels = names.map((name, i) => startSentinel(name, sentinelPorts[i] ?? 0, primaryPort));
    for (const port of sentinelPorts) {
      await waitFor(
        async () => {
          const master = await sentinelMaster(port, 'overflow', PASSWORD).catch(() => null);
          return master !== null && master['num-other-sentinels'] === '2' && master['num-slaves'] === '1';
        },
        { timeoutMs: 15_000, what: `sentinel ${port} knowing the replica and the two other sentinels` },
      );
    }

    // The engine's settings as the file and .env.example give them.
    const engineEnv = service('engine').environment ?? {};
    const settings = loadEngineSettings({
      ...engineEnv,
      REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
      REDIS_SENTINEL_PASSWORD: PASSWORD,
    });
    const redis = createRedis(settings.redis, { name: 'compose-ha-test' });
    closers.push(() => redis.quit());
    await redis.set('compose-ha:before', 'kept');
    expect(await redis.wait(1, 5_000)).toBe(1);

    const killedAt = Date.now();
    primary.kill('SIGKILL');
    await waitFor(() => redis.set('compose-ha:after', 'written').then(() => true, () => false), { timeoutMs: 15_000, what: "a write through the engine's client after the failover" });
    const writableAfterMs = Date.now() - killedAt;
    expect(await redis.get('compose-ha:before')).toBe('kept');
    const [, promotedPort] = await askSentinel<[string, string]>(sentinelPorts[0] ?? 0, ['get-master-addr-by-name', 'overflow'], PASSWORD);
    expect(Number(promotedPort)).toBe(replicaPort);
    // SENTINEL_DOWN_AFTER_MS defaults to 1 s: the failover takes seconds, not Redis's default 30 s and more.
    expect(writableAfterMs).toBeLessThan(10_000);

    // A sentinel restarted after the failover keeps what it learned (its file is written once).
    const first = sentinels[0];
    if (!first) throw new Error('no sentinel');
    await stopChild(first, { signal: 'SIGKILL' });
    expect(isRunning(first)).toBe(false);
    startSentinel('sentinel-1', sentinelPorts[0] ?? 0, primaryPort);
    await waitFor(async () => (await askSentinel<[string, string]>(sentinelPorts[0] ?? 0, ['get-master-addr-by-name', 'overflow'], PASSWORD).catch(() => null))?.[1] === String(replicaPort), {
      timeoutMs: 10_000,
      what: 'the restarted sentinel naming the promoted replica',
    });
    console.info(`compose ha profile: the engine wrote again ${writableAfterMs} ms after the primary was killed`);
  });
});
