import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, type RedisTarget } from '../../src/adapters/redis/connection.js';
import { loadEngineSettings } from '../../src/config/index.js';
import { openEngineQueues } from '../support/engine-queues.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { makeTestCertificates, type TestCertificates } from '../support/tls-certificates.js';
import { waitFor } from '../support/wait-for.js';

/**
 * REDIS_URL with credentials and TLS reaches every connection the engine opens: its own (createRedis)
 * and BullMQ's (the notes queue, the report jobs' queue and worker), each built as the engine builds it.
 */

const PASSWORD = 'pw-for-the-default-user-3f9a';
const ACL_PASSWORD = 'pw-for-the-engine-user-81c2';
const PREFIX = 'cred:';
/** The restricted user docs/configuration.md suggests: the engine's keys only, no dangerous commands but INFO. */
const ENGINE_USER = { name: 'engine', password: ACL_PASSWORD, rules: [`~${PREFIX}*`, '&*', '+@all', '-@dangerous', '+info'] };

let servers: RedisServerHandle[] = [];
const closers: (() => Promise<unknown>)[] = [];
let certDir: string;
let certs: TestCertificates;

beforeAll(() => {
  certDir = mkdtempSync(join(tmpdir(), 'ovr-redis-tls-'));
  certs = makeTestCertificates(certDir);
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const server of servers) await server.stop();
  servers = [];
});
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

const server = async (opts: Parameters<typeof startRedis>[0]): Promise<RedisServerHandle> => {
  const s = await startRedis(opts);
  servers.push(s);
  return s;
};

const withCredentials = (url: string, user: string, password: string): string => {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
};

/** The engine's settings for this REDIS_URL (and CA), as main.ts gets them: the same parsing and checks. */
const engineTarget = (env: Record<string, string>): RedisTarget =>
  loadEngineSettings({ ARI_PASSWORD: 'ari-pw-for-the-test', CALLER_HASH_SALT: 'salt-for-the-redis-credentials-test', ...env }).redis;

/** What the engine does with a Redis target: its own connection, the notes queue, the report jobs (queue and worker). */
async function engineConnectionsWork(target: RedisTarget): Promise<Redis> {
  const redis = createRedis(target, { name: 'credentials-test' });
  closers.push(() => redis.quit());
  expect(await redis.ping()).toBe('PONG');

  const queues = await openEngineQueues(target, PREFIX);
  closers.push(() => queues.close());
  expect(await queues.notes.bull.getJobCounts('waiting')).toMatchObject({ waiting: 0 });
  await queues.jobs.runNow('aggregate');
  await waitFor(() => queues.aggregateRuns() > 0, { timeoutMs: 5_000, what: 'the report worker running a job' });
  return redis;
}

describe('REDIS_URL with credentials and TLS', () => {
  it('authenticates the default user with the password in the URL: redis://:password@host:port/db', async () => {
    const s = await server({ password: PASSWORD });
    const redis = await engineConnectionsWork(engineTarget({ REDIS_URL: `${withCredentials(s.url, '', PASSWORD)}/3` }));
    expect(await redis.client('INFO')).toContain(' db=3 ');
  });

  it('authenticates an ACL user restricted to the engine\'s keys: redis://user:password@host:port', async () => {
    const s = await server({ users: [ENGINE_USER], password: PASSWORD });
    const redis = await engineConnectionsWork(engineTarget({ REDIS_URL: withCredentials(s.url, 'engine', ACL_PASSWORD) }));
    expect(await redis.acl('WHOAMI')).toBe('engine');
    await expect(redis.get('other:key')).rejects.toThrow(/NOPERM/);
  });

  it('talks TLS with rediss://, trusting the CA of REDIS_TLS_CA_FILE, with an ACL user', async () => {
    const s = await server({ tls: certs, users: [{ name: 'engine', password: ACL_PASSWORD }] });
    expect(s.url).toMatch(/^rediss:/);
    const redis = await engineConnectionsWork(engineTarget({ REDIS_URL: withCredentials(s.url, 'engine', ACL_PASSWORD), REDIS_TLS_CA_FILE: certs.caFile }));
    expect(await redis.acl('WHOAMI')).toBe('engine');
  });

  it('refuses a rediss:// server whose certificate no trusted CA signed', async () => {
    const s = await server({ tls: certs });
    const errors: Error[] = [];
    const redis = createRedis(engineTarget({ REDIS_URL: s.url }), { onError: (err) => errors.push(err), maxRetriesPerRequest: 0 });
    closers.push(() => Promise.resolve(redis.disconnect()));
    await expect(redis.ping()).rejects.toThrow();
    await waitFor(() => errors.length > 0, { timeoutMs: 5_000, what: 'the TLS error' });
    expect(errors[0]?.message).toMatch(/certificate/i);
  });

  it('names an unreadable REDIS_TLS_CA_FILE as CONFIG_INVALID', () => {
    expect(() => createRedis({ url: 'rediss://127.0.0.1:1', tlsCaFile: join(certDir, 'missing.pem') })).toThrow(/REDIS_TLS_CA_FILE: cannot be read \(ENOENT\)/);
  });

  it('fails with a wrong password with WRONGPASS, never printing the password', async () => {
    const s = await server({ users: [{ name: 'engine', password: ACL_PASSWORD }], password: PASSWORD });
    const wrong = 'not-the-right-password-77';
    for (const url of [withCredentials(s.url, '', wrong), withCredentials(s.url, 'engine', wrong)]) {
      const errors: Error[] = [];
      const redis = createRedis(engineTarget({ REDIS_URL: url }), { onError: (err) => errors.push(err), maxRetriesPerRequest: 0 });
      closers.push(() => Promise.resolve(redis.disconnect()));
      const failed = await redis.ping().then(() => null, (err: unknown) => err as Error);
      expect(failed?.message).toMatch(/WRONGPASS|NOAUTH/);
      await waitFor(() => errors.length > 0, { timeoutMs: 5_000, what: 'the connection error' });
      for (const err of [failed, ...errors]) {
        expect(err?.message).toMatch(/WRONGPASS|NOAUTH/);
        expect(`${err?.message} ${err?.stack}`).not.toContain(wrong);
      }
    }
  });
});
