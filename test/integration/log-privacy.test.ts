/**
 * Caller numbers never reach the log, even when Redis refuses to store one: ioredis attaches the
 * failed command with its arguments to its errors, and the logger's `err` serializer must drop them.
 * Real Redis, the real callback-number adapter, the real root logger writing to a captured stream.
 */
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCallbackNumbers } from '../../src/adapters/redis/callback-numbers.js';
import { createRedis } from '../../src/adapters/redis/connection.js';
import { RedisKeys } from '../../src/adapters/redis/keys.js';
import type { CallId } from '../../src/domain/ids.js';
import { createLogger } from '../../src/logger.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';

const NUMBER = '+4941069876543';
// Any run of the number's digits long enough to identify it. (SET overwrites a key of any type, so
// a planted WRONGTYPE key cannot make this write fail: a full memory and a read-only replica can.)
const PARTS = [NUMBER, NUMBER.slice(1), NUMBER.slice(3), NUMBER.slice(-8)];

let server: RedisServerHandle;
let redis: Redis;
let seq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'log-privacy-test' });
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

/** The adapter fails to keep the number; the error is logged the way the command executor logs it. */
async function failedKeepLogged(plant: (key: string) => Promise<unknown>, undo: () => Promise<unknown> = () => Promise.resolve()) {
  const keys = new RedisKeys(`lp${process.pid}:${++seq}:`, 'test-center');
  const call = `call-${seq}` as CallId;
  const numbers = new RedisCallbackNumbers(redis, keys);
  await plant(keys.callbackNumber(call));
  const err = await numbers.keep(call, NUMBER).then(
    () => null,
    (e: unknown) => e,
  );
  await undo();
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  log.error({ callId: call, command: 'callback.keep-number', err }, 'command failed');
  const unserialized: string[] = [];
  pino({ level: 'info' }, { write: (line: string) => void unserialized.push(line) }).error({ err }, 'command failed');
  return { err, output: lines.join(''), unserialized: unserialized.join('') };
}

const expectNoNumber = (output: string): void => {
  for (const part of PARTS) expect(output).not.toContain(part);
};

describe('a failed callback-number write is logged without the number', () => {
  it('out of memory (maxmemory 1, noeviction)', async () => {
    const before = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const { err, output, unserialized } = await failedKeepLogged(
      () => redis.config('SET', 'maxmemory-policy', 'noeviction').then(() => redis.config('SET', 'maxmemory', '1')),
      () => redis.config('SET', 'maxmemory', '0').then(() => redis.config('SET', 'maxmemory-policy', before[1] ?? 'noeviction')),
    );
    expect((err as Error).message).toMatch(/^OOM/);
    // Without the serializer, pino would have written the number (ioredis' err.command.args).
    expect(unserialized).toContain(NUMBER);
    expectNoNumber(output);
    const line = JSON.parse(output) as { msg: string; err: { type: string; message: string; command?: unknown } };
    expect(line.msg).toBe('command failed');
    expect(line.err.type).toBe('ReplyError');
    expect(line.err.message).toMatch(/^OOM command not allowed/);
    expect(line.err.command).toBeUndefined();
  });

  it('a read-only replica: REDIS_UNAVAILABLE, with the ReplyError as its cause', async () => {
    // A replica of a master that is not there: it refuses writes with READONLY.
    const { err, output, unserialized } = await failedKeepLogged(
      () => redis.replicaof('127.0.0.1', 1),
      () => redis.replicaof('NO', 'ONE'),
    );
    expect(err).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect(JSON.stringify((err as Error).cause)).toContain(NUMBER);
    expect(unserialized).not.toBe('');
    expectNoNumber(output);
    const line = JSON.parse(output) as { err: { code: string; cause?: { type: string; message: string } } };
    expect(line.err.code).toBe('REDIS_UNAVAILABLE');
    expect(line.err.cause?.message).toMatch(/^READONLY/);
  });

  it('a Redis error reply quoting the arguments has them removed from its message', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const err = await redis.call('NOSUCHCOMMAND', `rueckruf:${NUMBER}`).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain(NUMBER);
    log.warn({ err }, 'redis refused');
    expectNoNumber(lines.join(''));
    expect(lines.join('')).toContain('unknown command');
  });
});

describe('errors of HTTP clients', () => {
  it('a URL in an error, its cause or a field is logged as its origin, without credentials', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const cause = Object.assign(new Error('connect ECONNREFUSED https://hook:s3cret@rathaus.example:8443/rueckrufe?token=abc'), { code: 'ECONNREFUSED' });
    const err = new TypeError('fetch failed', { cause });
    log.warn({ err: Object.assign(err, { url: 'https://hook:s3cret@rathaus.example:8443/rueckrufe?token=abc' }) }, 'webhook failed');
    const out = lines.join('');
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('token=abc');
    expect(out).not.toContain('/rueckrufe');
    expect(out).toContain('https://rathaus.example:8443');
    expect(out).toContain('ECONNREFUSED');
  });
});
