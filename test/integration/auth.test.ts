import { randomBytes, scryptSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/adapters/http/http-server.js';
import { createRedis } from '../../src/adapters/redis/index.js';
import type { QueueView } from '../../src/app/queue-view.js';
import { hashSecret, RedisApiTokenStore, redisAuth, RedisLoginThrottle, type AuthOptions, type SecretChecker, verifySecret } from '../../src/auth/index.js';
import { loadDeployment, type Deployment } from '../../src/config/index.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';
import { loginThrottleContract } from './login-throttle-contract.js';

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
function engineHttp(prefix = `auth${process.pid}:${++prefixSeq}:`, who: Deployment['people'] = people, override: Partial<AuthOptions> = {}) {
  const logs: string[] = [];
  const app = buildHttpServer({
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({ waiting: [], agents: [] } as unknown as QueueView),
    call: () => Promise.resolve(null),
    auth: { ...redisAuth(redis, prefix, who, { loginRate: { max: 10_000, timeWindowMs: 60_000 } }), ...override },
  });
  return { app, prefix, logs };
}

const login = (app: ReturnType<typeof engineHttp>['app'], id: string, secret = `${id}-secret`, remoteAddress = '127.0.0.1') =>
  app.inject({ method: 'POST', url: '/login', payload: { id, secret }, remoteAddress });

/** Real scrypt, counted: how many secret checks a scenario caused. */
const countingChecker = (): SecretChecker & { checks: number } => {
  const checker = {
    checks: 0,
    async verify(secret: string, hash: string) {
      checker.checks += 1;
      return (await verifySecret(secret, hash)) ? ('match' as const) : ('mismatch' as const);
    },
    hash: (secret: string) => hashSecret(secret),
  };
  return checker;
};

/** A checker that answers at once (no scrypt): for scenarios about counting, not hashing. */
const instantChecker = (): SecretChecker & { checks: number } => {
  const checker = {
    checks: 0,
    verify(secret: string, hash: string) {
      checker.checks += 1;
      const person = people.find((p) => p.secretHash === hash);
      return Promise.resolve(person !== undefined && secret === `${person.id}-secret` ? ('match' as const) : ('mismatch' as const));
    },
    hash: () => Promise.resolve('busy' as const),
  };
  return checker;
};

const statuses = (responses: readonly { statusCode: number }[]) =>
  responses.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.statusCode]: (acc[r.statusCode] ?? 0) + 1 }), {});

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

    const keys = await keysUnder(`${prefix}session:`);
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
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ status: 'signed-out' });
    expect(String(out.headers['set-cookie'])).toMatch(/^ovr_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect(await keysUnder(`${prefix}session:`)).toEqual([]);
    expect((await app.inject({ url: '/api/whoami', headers: { cookie } })).statusCode).toBe(401);
  });

  it('signs out from the page: a form post goes back to the login page', async () => {
    const { app } = engineHttp();
    const cookie = cookieOf(await login(app, 'agent-2'));
    const out = await app.inject({ method: 'POST', url: '/logout', headers: { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await app.inject({ url: '/login', headers: { cookie } })).body).toContain('<h1>Anmelden</h1>');
  });

  it('starts a new session at each sign-in and ends the one the browser had', async () => {
    const { app, prefix } = engineHttp();
    const first = cookieOf(await login(app, 'agent-1'));
    const again = await app.inject({ method: 'POST', url: '/login', headers: { cookie: first, 'sec-fetch-site': 'same-origin' }, payload: { id: 'agent-1', secret: 'agent-1-secret' } });
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

describe('attempts counted before the secret is checked (real Redis)', () => {
  it('lets at most 20 secret checks run for one id when 200 wrong sign-ins arrive at once from 200 addresses; the rest get 429', async () => {
    const checker = instantChecker();
    const { app } = engineHttp(undefined, people, { secrets: checker });
    const all = await Promise.all(Array.from({ length: 200 }, (_, i) => login(app, 'agent-3', `guess-${i}`, `198.51.100.${i}`)));
    expect(checker.checks).toBe(20);
    expect(statuses(all)).toEqual({ 401: 20, 429: 180 });
    const refused = all.find((r) => r.statusCode === 429);
    expect(refused?.json()).toEqual({ error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^too many failed sign-ins for this id: try again in \d+ s$/) as unknown } });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(890);
  });

  it('throttles an id that does not exist exactly like one that does: same answers in the same order', async () => {
    const { app } = engineHttp(undefined, people, { secrets: instantChecker() });
    const run = async (id: string) => {
      const seq: number[] = [];
      for (let i = 0; i < 12; i++) seq.push((await login(app, id, `guess-${i}`, '192.0.2.1')).statusCode);
      for (let i = 0; i < 12; i++) seq.push((await login(app, id, `guess-${i}`, `192.0.2.${10 + i}`)).statusCode);
      return seq;
    };
    const known = await run('agent-4');
    expect(await run('no-such-person')).toEqual(known);
    expect(known).toEqual([...Array<number>(10).fill(401), 429, 429, ...Array<number>(10).fill(401), 429, 429]);
  });

  it('keeps every counting key with an expiry, and no key names the typed id or the address', async () => {
    const { app, prefix } = engineHttp(undefined, people, { secrets: instantChecker() });
    await login(app, 'agent-3-secret-typed-as-id', 'x', '203.0.113.99');
    await login(app, 'agent-2', 'x', '203.0.113.99');
    const keys = await keysUnder(prefix);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toMatch(/agent-|203\.0\.113/);
      expect(await redis.pttl(key), key).toBeGreaterThan(0);
    }
  });

  it('lets the real person in from their usual address while an attack from elsewhere has used up the id', async () => {
    const { app, logs } = engineHttp(undefined, people, { secrets: instantChecker() });
    expect((await login(app, 'clerk-hasloh', undefined, '10.1.2.3')).statusCode).toBe(200); // the clerk's desk
    const attack = await Promise.all(Array.from({ length: 40 }, (_, i) => login(app, 'clerk-hasloh', `guess-${i}`, `198.51.100.${i}`)));
    expect(statuses(attack)).toEqual({ 401: 20, 429: 20 });
    expect((await login(app, 'clerk-hasloh', undefined, '198.51.100.200')).statusCode).toBe(429); // a new address, even with the right secret
    expect((await login(app, 'clerk-hasloh', 'typo', '10.1.2.3')).statusCode).toBe(401); // the usual address may still try
    expect((await login(app, 'clerk-hasloh', undefined, '10.1.2.3')).statusCode).toBe(200);
    const refusals = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'sign-in refused');
    expect(new Set(refusals.map((l) => l.level))).toEqual(new Set([30]));
    expect(logs.join('')).not.toMatch(/guess-\d|typo|clerk-hasloh-secret/);
  });

  it('holds the per-address limit: 10 failures from one address, then 429 for that address even with the right secret', async () => {
    const { app } = engineHttp(undefined, people, { secrets: instantChecker() });
    for (let i = 0; i < 10; i++) expect((await login(app, 'agent-dgs-1', 'wrong', '10.9.9.9')).statusCode).toBe(401);
    expect((await login(app, 'agent-dgs-1', undefined, '10.9.9.9')).statusCode).toBe(429);
    expect((await login(app, 'agent-dgs-1', undefined, '10.9.9.10')).statusCode).toBe(200);
  });

  it('forgets the failures of the address a person then signs in from', async () => {
    const { app } = engineHttp(undefined, people, { secrets: instantChecker() });
    for (let i = 0; i < 9; i++) await login(app, 'clerk-boenningstedt', 'wrong');
    expect((await login(app, 'clerk-boenningstedt')).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login(app, 'clerk-boenningstedt', 'wrong')).statusCode).toBe(401);
  });

  it('answers 503 "try again" beyond the scrypt queue, without counting that attempt', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    // One check at a time and no queue: the first is held, the second must be turned away at once.
    const { gatedSecretChecker } = await import('../../src/auth/index.js');
    const gate = gatedSecretChecker({ maxRunning: 1, maxWaiting: 0 });
    const slow: SecretChecker = {
      verify: (secret, hash) =>
        running++ === 0 ? gate.verify(secret, hash).then(async (v) => (await held, v)) : gate.verify(secret, hash),
      hash: (secret) => gate.hash(secret),
    };
    const { app } = engineHttp(undefined, people, { secrets: slow });
    const first = login(app, 'agent-1', 'wrong', '10.0.0.1');
    await waitFor(() => running === 1, { timeoutMs: 5_000, what: 'the first check running' });
    const second = await login(app, 'agent-2', 'wrong', '10.0.0.2');
    release();
    expect((await first).statusCode).toBe(401);
    // The gate's first slot may be taken by the held check or already free: either answer is a cheap one.
    expect([503, 401]).toContain(second.statusCode);
    if (second.statusCode === 503) expect(second.json<{ error: { code: string } }>().error.code).toBe('UNAVAILABLE');
  });
});

describe('secret hashes: the shipped cost, old hashes upgraded (real Redis)', () => {
  it('verifies an old-format hash (N=2^15, no parameters), keeps an upgraded one in Redis and uses it from then on', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('agent-1-secret', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
    const who = people.map((p) => (p.id === 'agent-1' ? { ...p, secretHash: legacy } : p));
    const checker = countingChecker();
    const { app, prefix, logs } = engineHttp(undefined, who, { secrets: checker });
    expect((await login(app, 'agent-1')).statusCode).toBe(200);
    const stored = await keysUnder(`${prefix}secret-upgrade:agent-1:`);
    expect(stored).toHaveLength(1);
    expect(await redis.get(stored[0] ?? '')).toMatch(/^scrypt\$ln=17,r=8,p=1\$/);
    expect(logs.some((l) => l.includes('"level":30') && l.includes('npm run hash-secret') && l.includes('"personId":"agent-1"'))).toBe(true);
    expect((await login(app, 'agent-1')).statusCode).toBe(200);
    expect(await keysUnder(`${prefix}secret-upgrade:agent-1:`)).toEqual(stored);
    expect((await login(app, 'agent-1', 'wrong')).statusCode).toBe(401);
  });

  it('ships the sample people at the default cost, so the product’s path is what the tests sign in with', () => {
    for (const p of people) expect(p.secretHash, p.id).toMatch(/^scrypt\$ln=17,r=8,p=1\$/);
  });
});

describe('API tokens (real Redis)', () => {
  // A browser's own page sends Sec-Fetch-Site: same-origin; state-changing requests with a cookie need it.
  const asOperator = async (app: ReturnType<typeof engineHttp>['app']) => ({ cookie: cookieOf(await login(app, 'teamlead')), 'sec-fetch-site': 'same-origin' });

  it('creates, uses, lists, revokes: the token is shown once, stored hashed, and refused (401) once revoked', async () => {
    const { app, prefix, logs } = engineHttp();
    const operator = await asOperator(app);
    const created = await app.inject({ method: 'POST', url: '/api/tokens', headers: operator, payload: { name: 'wallboard', role: 'town-staff', town: 'quickborn', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ token: string; id: string; expiresAt: number }>();
    expect(body.token).toMatch(/^ovr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt - Date.now()).toBeGreaterThan(30 * 86_400_000 - 60_000);
    const bearer = { authorization: `Bearer ${body.token}` };

    expect((await app.inject({ url: '/api/whoami', headers: bearer })).json()).toEqual({ id: `token:${body.id}`, name: 'wallboard', role: 'town-staff', town: 'quickborn' });
    const stored = await redis.get(`${prefix}api-token:${body.id}`);
    expect(stored).not.toContain(body.token.slice(-43));
    expect(await redis.pttl(`${prefix}api-token:${body.id}`)).toBeGreaterThan(29 * 86_400_000);

    const list = await app.inject({ url: '/api/tokens', headers: operator });
    expect(list.json()).toEqual({ tokens: [expect.objectContaining({ id: body.id, name: 'wallboard', role: 'town-staff', town: 'quickborn', createdBy: 'teamlead' })] });
    expect(list.body).not.toContain(body.token.slice(-43));
    expect(list.body).not.toContain('secretSha256');

    expect((await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'x', role: 'operator' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${body.id}`, headers: operator })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/tokens/${body.id}`, headers: operator })).statusCode).toBe(404);
    const revoked = await app.inject({ url: '/api/whoami', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(logs.join('')).not.toContain(body.token.slice(-43));
  });

  it('lists every problem of a bad token request (400)', async () => {
    const { app } = engineHttp();
    const res = await app.inject({ method: 'POST', url: '/api/tokens', headers: await asOperator(app), payload: { name: '', role: 'agent', town: 'quickborn', expiresInDays: 400 } });
    expect(res.statusCode).toBe(400);
    const paths = res.json<{ error: { problems: { path: string }[] } }>().error.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'expiresInDays']));
    const agent = await app.inject({ method: 'POST', url: '/api/tokens', headers: await asOperator(app), payload: { name: 'a', role: 'agent', town: 'quickborn' } });
    expect(agent.json<{ error: { problems: { path: string }[] } }>().error.problems.map((p) => p.path)).toEqual(['agentId', 'town']);
  });

  it('refuses a token once it has expired (401)', async () => {
    const { app, prefix } = engineHttp();
    const { token } = await new RedisApiTokenStore(redis, prefix).create({ name: 'short', grant: { role: 'operator' }, expiresAt: Date.now() + 300, createdBy: 'test' });
    expect((await app.inject({ url: '/api/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    await waitFor(async () => (await app.inject({ url: '/api/whoami', headers: { authorization: `Bearer ${token}` } })).statusCode === 401, { timeoutMs: 5_000, what: 'the token expired' });
  });

  it('costs no scrypt for any bearer request: garbage, the old id:secret form, unknown tokens, even on /healthz', async () => {
    const checker = countingChecker();
    const { app } = engineHttp(undefined, people, { secrets: checker });
    const garbage = ['Bearer x:y', 'Bearer teamlead:teamlead-secret', `Bearer ovr_0123456789ab_${'A'.repeat(43)}`, 'Bearer ' + 'z'.repeat(500), 'Basic eDp5'];
    for (const authorization of garbage) {
      expect((await app.inject({ url: '/api/whoami', headers: { authorization } })).statusCode, authorization.slice(0, 30)).toBe(401);
      expect((await app.inject({ url: '/healthz', headers: { authorization } })).statusCode).toBe(200);
    }
    const old = await app.inject({ url: '/api/whoami', headers: { authorization: 'Bearer teamlead:teamlead-secret' } });
    expect(old.json<{ error: { message: string } }>().error.message).toMatch(/API token/);
    expect(checker.checks).toBe(0);
  });
});

describe('RedisLoginThrottle (real Redis)', () => {
  loginThrottleContract((limits) => Promise.resolve(new RedisLoginThrottle(redis, `auth${process.pid}:${++prefixSeq}:`, limits)));
});
