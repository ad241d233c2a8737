import { ReplyError } from 'ioredis';
import { EngineError } from '../../errors.js';

// Error replies that mean "Redis cannot serve right now", not "this command is wrong". The first word
// of a Redis error reply is its protocol error code: matching it here, at the boundary, is the point.
const UNAVAILABLE_REPLY_CODES = new Set(['LOADING', 'BUSY', 'MASTERDOWN', 'READONLY', 'TRYAGAIN', 'CLUSTERDOWN', 'NOREPLICAS']);

/**
 * Translates what ioredis throws into what the engine understands. Everything that is not an error
 * reply from the server (connection refused or closed, retries exhausted, command timeout) means
 * Redis is unreachable. Other error replies (WRONGTYPE, a Lua error) are bugs and pass through as is.
 */
export function translateRedisError(err: unknown, op: string): unknown {
  if (err instanceof EngineError) return err;
  if (err instanceof ReplyError) {
    const code = String((err as Error).message).split(' ', 1)[0] ?? '';
    if (!UNAVAILABLE_REPLY_CODES.has(code)) return err;
  }
  return new EngineError('REDIS_UNAVAILABLE', `redis unavailable during ${op}`, { op }, { cause: err });
}

/** Runs one Redis operation, translating its errors. */
export async function redisOp<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateRedisError(err, op);
  }
}
