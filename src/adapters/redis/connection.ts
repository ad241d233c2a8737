import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../../config/config-error.js';

/**
 * Where Redis is. The URL carries everything ioredis reads from it: `redis://:password@host:port/db`,
 * an ACL user `redis://user:password@…`, TLS with `rediss://…`. The CA of a private TLS
 * certificate cannot be written in a URL, hence `tlsCaFile` (`REDIS_TLS_CA_FILE`).
 */
export interface RedisTarget {
  readonly url: string;
  /** PEM file of the CA that signed the server's certificate; default: Node's public CAs. */
  readonly tlsCaFile?: string;
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
  const { url, ...rest } = typeof target === 'string' ? { url: target } : target;
  const redis = new Redis(url, {
    ...redisTlsOptions({ url, ...rest }),
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
