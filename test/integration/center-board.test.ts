import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCenterBoard } from '../../src/adapters/redis/center-board.js';
import type { CenterState } from '../../src/app/center-board.js';
import { createRedisServer, type RedisServerHandle } from '../support/redis-server.js';
import { freeTcpPort } from '../support/free-port.js';
import { waitFor } from '../support/wait-for.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The platform's board on a real redis-server: centers' posted states and their key prefixes. */
const dir = mkdtempSync(join(tmpdir(), 'ovr-center-board-'));
let server: RedisServerHandle;
let redis: Redis;

beforeAll(async () => {
  server = createRedisServer({ port: await freeTcpPort(), dir });
  await server.start();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

const state: CenterState = { center: 'kreis-segeberg', app: 'overflow-segeberg', open: true, loggedIn: 2, freeAgents: 1, waiting: 0, window: { calls: 12, withinTarget: 11 }, targetShare: 0.75, at: 1_765_000_000_000 };

describe('RedisCenterBoard', () => {
  it('a posted state is read back by any engine of the platform, under the center’s hash tag, until it expires', async () => {
    const board = new RedisCenterBoard(redis, 'land-a:');
    await board.post(state, 300);
    expect(await new RedisCenterBoard(redis, 'land-a:').read('kreis-segeberg')).toEqual(state);
    expect(await redis.exists('land-a:center:{kreis-segeberg}')).toBe(1);
    // Another platform on the same Redis sees nothing.
    expect(await new RedisCenterBoard(redis, 'land-b:').read('kreis-segeberg')).toBeNull();
    await waitFor(async () => (await board.read('kreis-segeberg')) === null, { timeoutMs: 3_000, what: 'the post expired' });
  });

  it('a post that is not a center’s state (broken, another shape, another center) reads as none', async () => {
    const board = new RedisCenterBoard(redis, 'land-c:');
    await redis.set('land-c:center:{a}', 'not json');
    await redis.set('land-c:center:{b}', JSON.stringify({ center: 'b' }));
    await redis.set('land-c:center:{c}', JSON.stringify({ ...state, center: 'someone-else' }));
    for (const c of ['a', 'b', 'c']) expect(await board.read(c)).toBeNull();
  });

  it('a key prefix belongs to the first center that claims it; claiming it again is fine, another center is told who holds it', async () => {
    const board = new RedisCenterBoard(redis, 'land-d:');
    expect(await board.claimPrefix('ovr:', 'kreis-pinneberg')).toBeNull();
    expect(await board.claimPrefix('ovr:', 'kreis-pinneberg')).toBeNull();
    expect(await board.claimPrefix('ovr:', 'kreis-segeberg')).toBe('kreis-pinneberg');
    expect(await board.claimPrefix('seg:', 'kreis-segeberg')).toBeNull();
  });

  it('knows every center that claimed its prefix, posting or not, and not one whose claim was refused', async () => {
    const board = new RedisCenterBoard(redis, 'land-e:');
    expect(await board.centers()).toEqual([]);
    await board.claimPrefix('seg:', 'kreis-segeberg');
    await board.claimPrefix('pi:', 'kreis-pinneberg');
    await board.claimPrefix('pi:', 'kreis-pinneberg');
    expect(await board.claimPrefix('pi:', 'kreis-steinburg')).toBe('kreis-pinneberg');
    expect(await board.centers()).toEqual(['kreis-pinneberg', 'kreis-segeberg']);
    expect(await redis.smembers('land-e:centers')).toHaveLength(2);
    expect(await new RedisCenterBoard(redis, 'land-f:').centers()).toEqual([]);
  });

  it('reads the center’s name when posted, and a post without one (an older engine’s) still counts', async () => {
    const board = new RedisCenterBoard(redis, 'land-g:');
    await board.post({ ...state, name: 'Service-Center Kreis Segeberg' }, 5_000);
    expect(await board.read('kreis-segeberg')).toEqual({ ...state, name: 'Service-Center Kreis Segeberg' });
    await redis.set('land-g:center:{kreis-segeberg}', JSON.stringify(state), 'PX', 5_000);
    expect(await board.read('kreis-segeberg')).toEqual(state);
  });

  it('reads the engine’s key prefix when posted (partners read its knowledge there), and a post without one still counts', async () => {
    const board = new RedisCenterBoard(redis, 'land-h:');
    await board.post({ ...state, prefix: 'se:' }, 5_000);
    expect(await board.read('kreis-segeberg')).toEqual({ ...state, prefix: 'se:' });
    await redis.set('land-h:center:{kreis-segeberg}', JSON.stringify(state), 'PX', 5_000);
    expect((await board.read('kreis-segeberg'))?.prefix).toBeUndefined();
  });
});
