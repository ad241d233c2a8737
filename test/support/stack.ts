import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ROOTFS, startAsteriskInstance, type AsteriskInstance, type PrepareConfig } from './asterisk-instance.js';
import { freeTcpPort, freeUdpPort } from './free-port.js';
import { createRedisServer, type RedisServerHandle } from './redis-server.js';
import { sweepStale, writeOwner } from './stale-instances.js';

/**
 * The real stack for end-to-end tests and the demo: a private redis-server and a private
 * Asterisk instance (dialplan/ copied in, ports and ARI password chosen per run). No engine:
 * the caller starts one (or deliberately doesn't) against `ari` and `redisUrl`.
 * Deliberately free of test-framework imports: the demo uses it too.
 */
export interface StackOptions {
  /** Asterisk root filesystem; default $ASTERISK_ROOTFS or the provisioning cache. */
  rootfs?: string;
  /** ARI application name the dialplan hands calls to (dialplan global ENGINE_APP). */
  engineApp?: string;
  /**
   * Further dialplan globals to override, e.g. { FALLBACK_RING_SEC: '30' }, or the ARI app of a
   * second center's engine, { ENGINE_APP_SEGEBERG: 'overflow-segeberg' } (test/e2e/platform-fixture.ts).
   */
  globals?: Record<string, string>;
  /** Where the stack keeps Redis data and logs; default <repo>/.stack. */
  workDir?: string;
  /** Changes Asterisk's configuration before it starts (test/support/asterisk-instance.ts). */
  prepareConfig?: PrepareConfig;
}

export interface Stack {
  readonly id: string;
  readonly redisUrl: string;
  readonly redis: RedisServerHandle;
  readonly ari: { url: string; username: string; password: string; app: string };
  /** Asterisk's SIP UDP port on 127.0.0.1 (the trunk and the phones' registrar). */
  readonly sipPort: number;
  readonly logs: { dir: string; redis: string; asteriskMessages: string; asteriskMessagesArchived: string; asteriskConsole: string };
  asteriskCli(command: string): Promise<string>;
  pids(): { asterisk: number | undefined; redis: number | null };
  /** Stops Asterisk and Redis and waits until both processes are gone. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_WORK_DIR = fileURLToPath(new URL('../../.stack/', import.meta.url));
const KEEP_OLD_STACK_DIRS = 10;

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const rootfs = opts.rootfs ?? process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  if (!existsSync(join(rootfs, 'usr/sbin/asterisk'))) {
    throw new Error(`no Asterisk root filesystem at ${rootfs}: run scripts/provision.sh (as root)`);
  }
  if (process.getuid?.() !== 0) throw new Error('the stack runs Asterisk with chroot: run as root');

  const workDir = opts.workDir ?? DEFAULT_WORK_DIR;
  sweepStale(workDir, { remove: 'oldest', keep: KEEP_OLD_STACK_DIRS });
  const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = join(workDir, id);
  mkdirSync(dir, { recursive: true });
  writeOwner(dir, []);

  const [redisPort, httpPort, sipPort] = await Promise.all([freeTcpPort(), freeTcpPort(), freeUdpPort()]);
  const app = opts.engineApp ?? 'overflow-engine';
  const password = randomBytes(12).toString('hex');
  const redis = createRedisServer({
    port: redisPort,
    dir,
    onStarted: (pid) => writeOwner(dir, [{ pid, marker: `127.0.0.1:${redisPort}` }]),
  });

  const [redisStarted, asteriskStarted] = await Promise.allSettled([
    redis.start(),
    startAsteriskInstance({
      id, rootfs, sipPort, httpPort, ariPassword: password, logDir: dir,
      globals: { ENGINE_APP: app, ...opts.globals },
      ...(opts.prepareConfig ? { prepareConfig: opts.prepareConfig } : {}),
    }),
  ]);
  if (redisStarted.status === 'rejected' || asteriskStarted.status === 'rejected') {
    await redis.stop();
    if (asteriskStarted.status === 'fulfilled') await asteriskStarted.value.stop();
    throw redisStarted.status === 'rejected' ? redisStarted.reason : (asteriskStarted as PromiseRejectedResult).reason;
  }
  const asterisk: AsteriskInstance = asteriskStarted.value;

  let stopping: Promise<void> | undefined;
  return {
    id,
    redisUrl: redis.url,
    redis,
    ari: { url: `http://127.0.0.1:${httpPort}`, username: 'engine', password, app },
    sipPort,
    logs: {
      dir,
      redis: redis.logPath,
      asteriskMessages: asterisk.logs.messages,
      asteriskMessagesArchived: asterisk.logs.archivedMessages,
      asteriskConsole: asterisk.logs.console,
    },
    asteriskCli: (command) => asterisk.cli(command),
    pids: () => ({ asterisk: asterisk.pid, redis: redis.pid() }),
    stop: () => (stopping ??= Promise.all([asterisk.stop(), redis.stop()]).then(() => undefined)),
  };
}
