import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/adapters/http/http-server.js';
import { createRedis } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import { hashSecret, redisAuth } from '../../src/auth/index.js';
import { loadDeployment, type Deployment } from '../../src/config/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';

const { people } = loadDeployment(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)));

let server: RedisServerHandle;
let redis: Redis;
let prefixSeq = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = createRedis(server.url, { name: 'auth-test' });
});
afterAll(async () => {
  await redis?.quit().catch(() => redis.disconnect());
  await server?.stop();
});

/** An engine's HTTP server with auth in Redis under its own prefix (two engines may share one). */
function engineHttp(prefix = `auth${process.pid}:${++prefixSeq}:`, who: Deployment['people'] = people) {
  const logs: string[] = [];
  const app = buildHttpServer({
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({ waiting: [], agents: [] } as unknown as QueueView),
    call: () => Promise.resolve(null),
    auth: redisAuth(redis, prefix, who),
  });
  return { app, prefix, logs };
}

const login = (app: ReturnType<typeof engineHttp>['app'], id: string, secret = `${id}-secret`) =>
  app.inject({ method: 'POST', url: '/login', payload: { id, secret } });

const cookieOf = (res: { headers: Record<string, unknown> }): string => String(res.headers['set-cookie']).split(';')[0] ?? '';

const keysUnder = (prefix: string) => redis.keys(`${prefix}*`);

describe('signing in and out with a session cookie (real Redis)', () => {
  it('keeps a signed-in person signed in for 12 hours: whoami answers, the session lives in Redis under the prefix', async () => {
    const { app, prefix } = engineHttp();
    const res = await login(app, 'clerk-quickborn');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^ovr_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);

    const me = await app.inject({ url: '/api/whoami', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ id: 'clerk-quickborn', name: 'Katrin Lüders', role: 'town-staff', town: 'quickborn' });

    const keys = await keysUnder(prefix);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}session:[A-Za-z0-9_-]{43}$`));
    // The key is a hash of the cookie value, not the value itself.
    expect(keys[0]).not.toContain(cookieOf(res).slice('ovr_session='.length));
    const ttl = await redis.pttl(keys[0] ?? '');
    expect(ttl).toBeGreaterThan(12 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(12 * 3600_000);
  });

  it('signs out: the cookie is cleared, the session is gone from Redis, and the old cookie no longer works', async () => {
    const { app, prefix } = engineHttp();
    const cookie = cookieOf(await login(app, 'agent-2'));
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ status: 'signed-out' });
    expect(String(out.headers['set-cookie'])).toMatch(/^ovr_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect(await keysUnder(`${prefix}session:`)).toEqual([]);
    expect((await app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode).toBe(401);
  });

  it('signs out from the page: a form post goes back to the login page', async () => {
    const { app } = engineHttp();
    const cookie = cookieOf(await login(app, 'agent-2'));
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await app.inject({ url: '/login', headers: { cookie } })).body).toContain('<h1>Anmelden</h1>');
  });

  it('starts a new session at each sign-in and ends the one the browser had', async () => {
    const { app, prefix } = engineHttp();
    const first = cookieOf(await login(app, 'agent-1'));
    const again = await app.inject({ method: 'POST', url: '/login', headers: { cookie: first }, payload: { id: 'agent-1', secret: 'agent-1-secret' } });
    const second = cookieOf(again);
    expect(second).not.toBe(first);
    expect((await app.inject({ url: '/api/whoami', headers: { cookie: first } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/whoami', headers: { cookie: second } })).statusCode).toBe(200);
    expect(await keysUnder(`${prefix}session:`)).toHaveLength(1);
  });

  it('keeps a person signed in across engines sharing Redis (a standby taking over)', async () => {
    const a = engineHttp();
    const b = engineHttp(a.prefix);
    const cookie = cookieOf(await login(a.app, 'teamlead'));
    expect((await b.app.inject({ url: '/api/whoami', headers: { cookie } })).json()).toMatchObject({ id: 'teamlead', role: 'operator' });
  });

  it('signs a person out everywhere when their secret hash in the file changes, or they are removed', async () => {
    const a = engineHttp();
    const cookie = cookieOf(await login(a.app, 'agent-4'));
    const newHash = await hashSecret('agent-4-new-secret');
    const rehashed = people.map((p) => (p.id === 'agent-4' ? { ...p, secretHash: newHash } : p));
    expect((await engineHttp(a.prefix, rehashed).app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode).toBe(401);
    const removed = people.filter((p) => p.id !== 'agent-4');
    expect((await engineHttp(a.prefix, removed).app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode).toBe(401);
    expect((await engineHttp(a.prefix).app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode).toBe(200);
  });

  it('ignores a made-up or malformed cookie (401, Redis asked nothing odd)', async () => {
    const { app } = engineHttp();
    for (const cookie of [`ovr_session=${'x'.repeat(43)}`, 'ovr_session=../../etc', 'ovr_session=']) {
      expect((await app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode, cookie).toBe(401);
    }
  });
});

describe('throttling failed sign-ins per id (real Redis)', () => {
  it('refuses an id with 429 after 10 failures in 5 minutes, even with the right secret, while other people sign in', async () => {
    const { app, prefix, logs } = engineHttp();
    for (let i = 1; i <= 10; i++) {
      const res = await login(app, 'agent-3', `guess-${i}`);
      expect(res.statusCode, `attempt ${i}`).toBe(401);
    }
    const blocked = await login(app, 'agent-3');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({ error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^too many failed sign-ins for this id: try again in \d+ s$/) as unknown } });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(290);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(300);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    // The bearer token is no way around it.
    expect((await app.inject({ url: '/api/whoami', headers: { authorization: 'Bearer agent-3:agent-3-secret' } })).statusCode).toBe(429);
    expect((await login(app, 'agent-1')).statusCode).toBe(200);

    const counter = `${prefix}login-failures:agent-3`;
    expect(await redis.get(counter)).toBe('10');
    expect(await redis.pttl(counter)).toBeGreaterThan(290_000);

    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'sign-in refused' && l.personId === 'agent-3');
    expect(lines.map((l) => l.reason)).toEqual([...Array<string>(10).fill('wrong-secret'), 'throttled', 'throttled']);
    expect(lines[9]).toMatchObject({ failures: 10 });
    expect(logs.join('')).not.toMatch(/guess-\d|agent-3-secret/);
  });

  it('lets the id in again once the window has passed', async () => {
    const { app, prefix } = engineHttp();
    for (let i = 0; i < 10; i++) await login(app, 'agent-dgs-1', 'wrong');
    expect((await login(app, 'agent-dgs-1')).statusCode).toBe(429);
    await redis.pexpire(`${prefix}login-failures:agent-dgs-1`, 1); // the 5 minutes, shortened
    await new Promise((r) => setTimeout(r, 20));
    expect((await login(app, 'agent-dgs-1')).statusCode).toBe(200);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    const { app, prefix } = engineHttp();
    for (let i = 0; i < 9; i++) await login(app, 'clerk-boenningstedt', 'wrong');
    expect((await login(app, 'clerk-boenningstedt')).statusCode).toBe(200);
    expect(await redis.exists(`${prefix}login-failures:clerk-boenningstedt`)).toBe(0);
    for (let i = 0; i < 9; i++) expect((await login(app, 'clerk-boenningstedt', 'wrong')).statusCode).toBe(401);
  });

  it('keeps no counter for ids that do not exist', async () => {
    const { app, prefix } = engineHttp();
    for (let i = 0; i < 3; i++) expect((await login(app, `nobody-${i}`)).statusCode).toBe(401);
    expect(await keysUnder(prefix)).toEqual([]);
  });
});
