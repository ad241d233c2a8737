import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { phoneEndpoints, samplePassword } from '../../scripts/lib/phone-sections.js';
import { loadDeployment } from '../../src/config/index.js';
import { DEFAULT_ROOTFS, startAsteriskInstance, type AsteriskInstance, type PrepareConfig } from './asterisk-instance.js';
import { freeTcpPort, freeUdpPort } from './free-port.js';
import { startKamailioInstance, type KamailioInstance } from './kamailio-instance.js';
import { createRedisServer, type RedisServerHandle } from './redis-server.js';
import { sweepStale, writeOwner, type OwnedProcess } from './stale-instances.js';
import { waitFor } from './wait-for.js';

/**
 * Several Asterisk servers behind one Kamailio, as in production: the carrier's calls enter at
 * Kamailio, which spreads them over the Asterisk servers (dispatcher, OPTIONS probes, failover);
 * the phones register at Kamailio, and every Asterisk reaches them through it
 * (dialplan/kamailio/kamailio.cfg, scripts/render-phones.ts --via-proxy). No engine; a Redis on
 * request, for a test that starts one. Free of test-framework imports, like stack.ts.
 */
export interface SipClusterOptions {
  /** Asterisk root filesystem; default $ASTERISK_ROOTFS or the provisioning cache. */
  rootfs?: string;
  /** Where the cluster keeps its files and logs; default <repo>/.stack. */
  workDir?: string;
  /** How many Asterisk servers; default 2. Their systemnames are ast1, ast2, ... */
  asteriskCount?: number;
  /** ARI application name the dialplan hands calls to (dialplan global ENGINE_APP). */
  engineApp?: string;
  /** Further dialplan globals for every Asterisk. */
  globals?: Record<string, string>;
  /** endpoint → password of the phones that may register at Kamailio; default every phone of config/county.yaml with its sample password. */
  phonePasswords?: ReadonlyMap<string, string>;
  /** How often each Asterisk qualifies each phone at Kamailio; default 2 s. */
  qualifyFrequencySec?: number;
  /** INVITEs from outside the Asterisk set are taken from this subnet only (kamailio.cfg CARRIER_SUBNET). */
  carrierSubnet?: string;
  /** Also start a private redis-server (for a test that runs the engine). */
  redis?: boolean;
  /** Changes each Asterisk's configuration before it starts. */
  prepareConfig?: PrepareConfig;
  /** One ARI password for every Asterisk (an engine drives them all with one); default one each. */
  ariPassword?: string;
}

export interface ClusterAsterisk {
  /** asterisk.conf systemname: the prefix of its channels' unique ids (`ast1-1718000000.12`). */
  readonly systemName: string;
  /** Its SIP UDP port on 127.0.0.1 (a member of Kamailio's dispatcher set). */
  readonly sipPort: number;
  readonly ari: { url: string; username: string; password: string; app: string };
  readonly logs: AsteriskInstance['logs'];
  readonly pid: number | undefined;
  cli(command: string): Promise<string>;
  /** A crash: SIGKILL, resolves once the process is gone. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface SipCluster {
  readonly id: string;
  /** Kamailio's SIP UDP port on 127.0.0.1: where the carrier's calls and the phones' REGISTERs go. */
  readonly sipPort: number;
  readonly kamailio: KamailioInstance;
  readonly asterisks: readonly ClusterAsterisk[];
  /** Present with `redis: true`. */
  readonly redis?: { url: string; handle: RedisServerHandle };
  readonly logs: { dir: string; kamailio: string };
  /** Stops every process of the cluster and waits until they are gone. Idempotent. */
  stop(): Promise<void>;
}

const DEFAULT_WORK_DIR = fileURLToPath(new URL('../../.stack/', import.meta.url));
const COUNTY_FILE = fileURLToPath(new URL('../../config/county.yaml', import.meta.url));
const KEEP_OLD_DIRS = 10;

export async function startSipCluster(opts: SipClusterOptions = {}): Promise<SipCluster> {
  const rootfs = opts.rootfs ?? process.env['ASTERISK_ROOTFS'] ?? DEFAULT_ROOTFS;
  if (!existsSync(join(rootfs, 'usr/sbin/asterisk'))) throw new Error(`no Asterisk root filesystem at ${rootfs}: run scripts/provision.sh (as root)`);
  if (!existsSync('/usr/sbin/kamailio')) throw new Error('no Kamailio at /usr/sbin/kamailio: run scripts/provision.sh (as root)');
  if (process.getuid?.() !== 0) throw new Error('the cluster runs Asterisk with chroot: run as root');

  const workDir = opts.workDir ?? DEFAULT_WORK_DIR;
  sweepStale(workDir, { remove: 'oldest', keep: KEEP_OLD_DIRS });
  const id = `cluster-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = join(workDir, id);
  mkdirSync(dir, { recursive: true });
  const owned = new Map<string, OwnedProcess[]>();
  const own = (who: string, processes: OwnedProcess[]): void => {
    owned.set(who, processes);
    writeOwner(dir, [...owned.values()].flat());
  };
  own('nobody yet', []);

  const count = opts.asteriskCount ?? 2;
  const app = opts.engineApp ?? 'overflow-engine';
  const kamailioPort = await freeUdpPort();
  const plans = await Promise.all(Array.from({ length: count }, async (_, index) => {
    const [sipPort, httpPort] = await Promise.all([freeUdpPort(), freeTcpPort()]);
    return { systemName: `ast${index + 1}`, sipPort, httpPort, password: opts.ariPassword ?? randomBytes(12).toString('hex') };
  }));
  const passwords = opts.phonePasswords
    ?? new Map(phoneEndpoints(loadDeployment(COUNTY_FILE)).map((p) => [p.endpoint, samplePassword(p.endpoint)]));

  const redisPort = opts.redis ? await freeTcpPort() : undefined;
  const redis = redisPort === undefined ? undefined : createRedisServer({
    port: redisPort, dir, onStarted: (pid) => own('redis', [{ pid, marker: `127.0.0.1:${redisPort}` }]),
  });

  const started = await Promise.allSettled([
    startKamailioInstance({
      sipPort: kamailioPort,
      asteriskSipPorts: plans.map((plan) => plan.sipPort),
      phonePasswords: passwords,
      dir: join(dir, 'kamailio'),
      ...(opts.carrierSubnet ? { carrierSubnet: opts.carrierSubnet } : {}),
      onStarted: (processes) => own('kamailio', processes),
    }),
    ...plans.map((plan) => startAsteriskInstance({
      id: `${id}-${plan.systemName}`, rootfs, sipPort: plan.sipPort, httpPort: plan.httpPort, ariPassword: plan.password,
      logDir: mkdirAndReturn(join(dir, plan.systemName)),
      globals: { ENGINE_APP: app, ...opts.globals },
      systemName: plan.systemName,
      phonesBehindProxy: { proxy: `127.0.0.1:${kamailioPort}`, qualifyFrequencySec: opts.qualifyFrequencySec ?? 2 },
      ...(opts.prepareConfig ? { prepareConfig: opts.prepareConfig } : {}),
    })),
    redis?.start(),
  ]);
  const [kamailioStarted, ...rest] = started;
  const asteriskStarted = rest.slice(0, count) as PromiseSettledResult<AsteriskInstance>[];
  const redisStarted = rest[count];
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed || kamailioStarted?.status !== 'fulfilled') {
    await Promise.all([
      kamailioStarted?.status === 'fulfilled' ? kamailioStarted.value.stop() : undefined,
      ...asteriskStarted.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
      redisStarted?.status === 'fulfilled' ? redis?.stop() : undefined,
    ]);
    throw failed?.reason ?? new Error('the SIP cluster did not start');
  }
  const kamailio = kamailioStarted.value;
  const asterisks = asteriskStarted.map((result, index) => {
    const plan = plans[index];
    if (result.status !== 'fulfilled' || !plan) throw new Error('unreachable: a failed start was handled above');
    return clusterAsterisk(result.value, plan, app);
  });

  let stopping: Promise<void> | undefined;
  const cluster: SipCluster = {
    id,
    sipPort: kamailioPort,
    kamailio,
    asterisks,
    ...(redis ? { redis: { url: redis.url, handle: redis } } : {}),
    logs: { dir, kamailio: kamailio.logPath },
    stop: () => (stopping ??= Promise.all([kamailio.stop(), ...asterisks.map((a) => a.stop()), redis?.stop()]).then(() => undefined)),
  };
  try {
    // Kamailio probes each Asterisk once a second: a cluster is ready when it has seen all of them up.
    await waitFor(async () => {
      const listing = await kamailio.kamcmd('dispatcher.list');
      return (listing.match(/FLAGS: A/g) ?? []).length === count;
    }, { timeoutMs: 10_000, what: `kamailio sees all ${count} Asterisk servers active`, intervalMs: 100 });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  return cluster;
}

function clusterAsterisk(
  instance: AsteriskInstance, plan: { systemName: string; sipPort: number; httpPort: number; password: string }, app: string,
): ClusterAsterisk {
  return {
    systemName: plan.systemName,
    sipPort: plan.sipPort,
    ari: { url: `http://127.0.0.1:${plan.httpPort}`, username: 'engine', password: plan.password, app },
    logs: instance.logs,
    get pid() {
      return instance.pid;
    },
    cli: (command) => instance.cli(command),
    async kill() {
      const pid = instance.pid;
      if (pid === undefined) return;
      process.kill(pid, 'SIGKILL');
      await waitFor(() => instance.pid === undefined, { timeoutMs: 5_000, what: `${plan.systemName} (pid ${pid}) gone after SIGKILL` });
    },
    stop: () => instance.stop(),
  };
}

function mkdirAndReturn(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
