import { Redis } from 'ioredis';

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
export function createRedis(url: string, options: RedisConnectionOptions = {}): Redis {
  const redis = new Redis(url, {
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
