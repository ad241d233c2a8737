import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisCallRecords, RedisKeys } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import type { Call } from '../../src/domain/call.js';
import { startEngine, type EngineProcess } from '../support/engine-process.js';
import { startSipCluster, type SipCluster } from '../support/sip-cluster.js';
import { createSippFleet, type SippFleet } from '../support/sipp.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { SAMPLE_CENTER, writeTestCounty } from '../support/test-county.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The real engine driving two Asterisk servers behind Kamailio (test/support/sip-cluster.ts), with
 * the sample county: callers and phones speak to Kamailio only. `ariProxied` puts a TCP relay in
 * front of that server's ARI, which a test can cut.
 */
export interface ClusterCounty {
  readonly cluster: SipCluster;
  readonly engine: EngineProcess;
  readonly sipp: SippFleet;
  /** The relay in front of the proxied server's ARI. */
  readonly ariProxy?: TcpProxy;
  queue(): Promise<QueueView>;
  /** Ended calls' records, oldest first. */
  records(): Promise<Call[]>;
  /** The ids of the channels in the engine's application on each server, by systemname. */
  callersOn(): Promise<Map<string, string[]>>;
  /** Every channel a server has, with its name (e.g. `PJSIP/agent-1-00000004`). */
  channelsOf(systemName: string): Promise<{ id: string; name: string }[]>;
  close(): Promise<void>;
}

export async function openClusterCounty(opts: { agents: readonly string[]; ariProxied?: number; extraEnv?: Record<string, string> }): Promise<ClusterCounty> {
  const ariPassword = randomBytes(12).toString('hex');
  const cluster = await startSipCluster({ redis: true, ariPassword });
  const closers: (() => Promise<unknown>)[] = [() => cluster.stop()];
  try {
    const proxied = opts.ariProxied === undefined ? undefined : cluster.asterisks[opts.ariProxied];
    const ariProxy = proxied ? await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(proxied.ari.url).port) }) : undefined;
    if (ariProxy) closers.unshift(() => ariProxy.close());
    const urls = cluster.asterisks.map((a) => (a === proxied && ariProxy ? ariProxy.url : a.ari.url));
    const first = cluster.asterisks[0];
    if (!first || !cluster.redis) throw new Error('the cluster has no Asterisk or no Redis');
    const prefix = `cluster-${randomBytes(4).toString('hex')}:`;
    const engine = await startEngine(
      { redisUrl: cluster.redis.url, ari: { ...first.ari, password: ariPassword } },
      { configPath: writeTestCounty({ agents: opts.agents }), keyPrefix: prefix, extraEnv: { ARI_URL: urls.join(','), ...opts.extraEnv } },
    );
    closers.unshift(async () => {
      // A relay left cut would hold the engine's last requests to that server until they time out.
      ariProxy?.restore();
      const stopped = engine.kill('SIGTERM');
      const late = setTimeout(() => void engine.kill('SIGKILL'), 15_000);
      await stopped;
      clearTimeout(late);
      writeFileSync(join(cluster.logs.dir, `engine-${prefix.replace(/:$/, '')}.log`), `${engine.output.join('\n')}\n`);
    });
    const sipp = createSippFleet(cluster);
    closers.unshift(() => sipp.stop());
    const redis = new Redis(cluster.redis.url);
    redis.on('error', () => undefined);
    closers.unshift(() => Promise.resolve(redis.disconnect()));
    const sink = new RedisCallRecords(redis, new RedisKeys(prefix, SAMPLE_CENTER));
    const ari = async <T>(url: string, path: string): Promise<T> => {
      const res = await fetch(`${url}/ari${path}`, { headers: { authorization: `Basic ${Buffer.from(`engine:${ariPassword}`).toString('base64')}` } });
      if (!res.ok) throw new Error(`ARI GET ${path}: ${res.status}`);
      return (await res.json()) as T;
    };
    const county: ClusterCounty = {
      cluster,
      engine,
      sipp,
      ...(ariProxy ? { ariProxy } : {}),
      queue: async () => (await engine.getJson<QueueView>('/api/queue')).body,
      records: async () => (await sink.read(undefined, 10_000)).map((r) => r.call),
      async callersOn() {
        const out = new Map<string, string[]>();
        for (const a of cluster.asterisks) {
          const channels = await ari<{ id: string; dialplan: { app_name: string } }[]>(a.ari.url, '/channels').catch(() => []);
          out.set(a.systemName, channels.filter((c) => c.dialplan.app_name === 'Stasis' && !c.id.includes('~')).map((c) => c.id));
        }
        return out;
      },
      async channelsOf(systemName) {
        const server = cluster.asterisks.find((a) => a.systemName === systemName);
        return server ? ari<{ id: string; name: string }[]>(server.ari.url, '/channels') : [];
      },
      async close() {
        for (const close of closers.splice(0)) await close().catch(() => undefined);
      },
    };
    await waitFor(async () => (await county.queue()).agents.length === opts.agents.length, { timeoutMs: 10_000, what: 'the engine knowing its agents' });
    return county;
  } catch (err) {
    for (const close of closers.splice(0)) await close().catch(() => undefined);
    throw err;
  }
}
