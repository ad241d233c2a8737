import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../../config/config-error.js';
import type { RedisSentinelSettings } from '../../config/env.js';

/**
 * Where Redis is. The URL carries everything ioredis reads from it: `redis://:password@host:port/db`,
 * an ACL user `redis://user:password@…`, TLS with `rediss://…`. The CA of a private TLS
 * certificate cannot be written in a URL, hence `tlsCaFile` (`REDIS_TLS_CA_FILE`).
 */
export interface RedisTarget {
  readonly url: string;
  /** PEM file of the CA that signed the server's certificate; default: Node's public CAs. */
  readonly tlsCaFile?: string;
  /**
   * Redis Sentinel: ask these sentinels which server is the primary, and follow a failover to the
   * new one. The URL then gives the credentials, database and TLS of the primary; its host and
   * port are not used.
   */
  readonly sentinel?: RedisSentinelTarget;
}

/** Where the sentinels are and which primary to ask them for: the settings `REDIS_SENTINELS` and co. give. */
export type RedisSentinelTarget = RedisSentinelSettings;

/**
 * A new ioredis client for `target` with `options`: straight to the URL's server, or, with
 * sentinels, to whichever server they name as the primary. Every connection the engine opens
 * (its own, BullMQ's) is made here, so all of them follow a failover alike.
 */
export function openRedis(target: RedisTarget, options: RedisOptions): Redis {
  const tls = redisTlsOptions(target);
  if (!target.sentinel) return new Redis(target.url, { ...tls, ...options });
  const { sentinels, name, password } = target.sentinel;
  return new Redis({
    ...primaryCredentials(target.url),
    // rediss://: the primary is reached over TLS (the sentinels themselves without).
    ...(target.url.startsWith('rediss:') ? { tls: tls.tls ?? {}, enableTLSForSentinelMode: true } : {}),
    sentinels: sentinels.map((s) => ({ host: s.host, port: s.port })),
    name,
    ...(password === undefined ? {} : { sentinelPassword: password }),
    // The sentinels are asked again after a failover, and their +switch-master message makes the
    // client leave a primary that was demoted but still answers (a network split), at once.
    failoverDetector: true,
    // Sentinels learnt from the ones configured are asked too, when those are down.
    updateSentinels: true,
    // While no sentinel answers, ask again soon: the primary must be found within seconds.
    sentinelRetryStrategy: (times: number) => Math.min(100 * times, 1_000),
    ...options,
  });
}

/** The target of a module's options that name the engine's Redis field by field. */
export function redisTargetOf(o: { readonly redisUrl: string; readonly redisTlsCaFile?: string; readonly redisSentinel?: RedisSentinelTarget }): RedisTarget {
  return {
    url: o.redisUrl,
    ...(o.redisTlsCaFile === undefined ? {} : { tlsCaFile: o.redisTlsCaFile }),
    ...(o.redisSentinel === undefined ? {} : { sentinel: o.redisSentinel }),
  };
}

/** What of a redis:// URL still applies with sentinels: user, password, database. */
function primaryCredentials(url: string): Pick<RedisOptions, 'username' | 'password' | 'db'> {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    ...(db === '' ? {} : { db: Number(db) }),
  };
}

/**
 * What a connection to `target` needs beyond its URL: the CA of a rediss:// server, read from its
 * file. Every connection the engine opens, BullMQ's included, spreads this into its options, so
 * they all authenticate and verify the server the same way. An unreadable file is CONFIG_INVALID.
 */
export function redisTlsOptions(target: RedisTarget): Pick<RedisOptions, 'tls'> {
  if (target.tlsCaFile === undefined || !target.url.startsWith('rediss:')) return {};
  let ca: Buffer;
  try {
    ca = readFileSync(target.tlsCaFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError('the environment', [{ path: 'REDIS_TLS_CA_FILE', message: `cannot be read (${code}): ${target.tlsCaFile}` }], { cause: err });
  }
  // Only the CA is replaced: the host name is still checked against the certificate.
  return { tls: { ca } };
}

export interface RedisConnectionOptions {
  /** Shown in CLIENT LIST, handy when several engines share a Redis. */
  readonly name?: string;
  /** Connection-level errors (refused, reset). Commands fail on their own and are translated. */
  readonly onError?: (err: Error) => void;
  /** Reconnection attempts a pending command waits through before it fails. Default 2. */
  readonly maxRetriesPerRequest?: number;
  readonly connectTimeoutMs?: number;
  /**
   * A command without a reply after this long fails with REDIS_UNAVAILABLE. Default 5 s. Note that
   * the command may still have run on the server: callers treat the outcome as unknown.
   */
  readonly commandTimeoutMs?: number;
}

/**
 * An ioredis client tuned for call control: a caller on hold must not wait behind an endless
 * reconnect loop, so commands fail fast (REDIS_UNAVAILABLE at the adapters) while the client keeps
 * reconnecting in the background, backing off up to 1 s.
 */
export function createRedis(target: string | RedisTarget, options: RedisConnectionOptions = {}): Redis {
  const redis = openRedis(typeof target === 'string' ? { url: target } : target, {
    ...(options.name ? { connectionName: options.name } : {}),
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 2,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    // Never give up reconnecting: Redis coming back must heal the engine without a restart.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
    // Wait for an AOF load to finish before sending commands.
    enableReadyCheck: true,
  });
  // Without a listener ioredis prints every reconnect failure as "Unhandled error event". The same
  // failure reaches callers through their rejected commands, so by default there is nothing to add.
  redis.on('error', options.onError ?? ignoreConnectionError);
  return redis;
}

function ignoreConnectionError(): void {
  // Reported through the failing commands themselves (EngineError REDIS_UNAVAILABLE), see above.
}
