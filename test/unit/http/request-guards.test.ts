import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import { hostnameOf } from '../../../src/adapters/http/request-guards.js';
import { ROUTE_ACCESS } from '../../../src/auth/route-access.js';

/** The server with only its own routes (health, queue, calls, sign-in), as a browser on localhost reaches it. */
const server = (allowedHosts: readonly string[] | null = ['localhost', '127.0.0.1']) =>
  buildHttpServer({
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({ waiting: [], ringingAtTowns: 0, agents: [] } as never),
    call: () => Promise.resolve(null),
    security: { allowedHosts },
  });

describe('Host allow-list', () => {
  it('answers the configured names and refuses others with 421, except the open operations routes', async () => {
    const app = server();
    expect((await app.inject({ url: '/login', headers: { host: 'localhost:8080' } })).statusCode).toBe(200);
    const rebound = await app.inject({ url: '/login', headers: { host: 'attacker.example:8080' } });
    expect(rebound.statusCode).toBe(421);
    expect(rebound.json()).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    expect((await app.inject({ url: '/api/queue', headers: { host: 'attacker.example' } })).statusCode).toBe(421);
    // Probes and scrapers address the engine by IP: the open routes answer any name.
    expect((await app.inject({ url: '/healthz', headers: { host: '10.9.8.7:8080' } })).statusCode).toBe(200);
  });

  it('reads host names with ports and IPv6 brackets, and rejects what is not a host', () => {
    expect(hostnameOf('Example.ORG:8080')).toBe('example.org');
    expect(hostnameOf('[::1]:8080')).toBe('::1');
    expect(hostnameOf('a b')).toBeNull();
    expect(hostnameOf('evil.example/x')).toBeNull();
    expect(hostnameOf(undefined)).toBeNull();
  });
});

describe('cross-site requests', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost:8080' };

  it('refuses a cross-site form post to the sign-in (login CSRF) and accepts the same from the own page', async () => {
    const app = server();
    const crossSite = await app.inject({ method: 'POST', url: '/login', headers: { ...form, origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' }, payload: 'id=teamlead&secret=x' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ error: { code: 'CROSS_SITE' } });
    const byOrigin = await app.inject({ method: 'POST', url: '/login', headers: { ...form, origin: 'https://attacker.example' }, payload: 'id=teamlead&secret=x' });
    expect(byOrigin.statusCode).toBe(403);
    // The own form: same origin. Nobody is configured here, so the sign-in itself fails, with the form.
    const own = await app.inject({ method: 'POST', url: '/login', headers: { ...form, origin: 'http://localhost:8080', 'sec-fetch-site': 'same-origin' }, payload: 'id=teamlead&secret=x' });
    expect(own.statusCode).toBe(401);
    expect(own.headers['content-type']).toContain('text/html');
  });

  it('refuses a state-changing request that carries the session cookie but no Origin nor Sec-Fetch-Site', async () => {
    const app = server();
    const res = await app.inject({ method: 'POST', url: '/logout', headers: { host: 'localhost', cookie: 'ovr_session=abc' } });
    expect(res.statusCode).toBe(403);
    // A script without a cookie (API token) sends neither header and passes.
    expect((await app.inject({ method: 'POST', url: '/logout', headers: { host: 'localhost' } })).statusCode).toBe(200);
  });

  it('refuses text/plain and form bodies on the JSON API (415), accepts JSON or no body', async () => {
    const app = server();
    const plain = await app.inject({ method: 'POST', url: '/api/agents/agent-1/ready', headers: { host: 'localhost', 'content-type': 'text/plain' }, payload: 'x' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    const emptyForm = await app.inject({ method: 'POST', url: '/api/agents/agent-1/ready', headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' } });
    expect(emptyForm.statusCode).toBe(415);
  });
});

describe('query parameters', () => {
  it('refuses a repeated parameter with 400 instead of failing on it', async () => {
    const app = server();
    const res = await app.inject({ url: '/login?next=/desk&next=/dashboard', headers: { host: 'localhost' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('"next"') as unknown } });
  });
});

describe('the access table', () => {
  it('does not let a route be registered that is not in the table', async () => {
    const app = buildHttpServer({
      log: pino({ level: 'silent' }),
      readiness: () => Promise.resolve({ ari: true, redis: true }),
      queue: () => Promise.resolve({} as never),
      call: () => Promise.resolve(null),
      routes: [(scope) => scope.get('/api/secret-backdoor', () => 'x')],
    });
    await expect(app.ready()).rejects.toThrow(/GET \/api\/secret-backdoor is not in the access table/);
  });

  it('does not start while a table entry has no route (the engine asks for the complete table)', async () => {
    const app = buildHttpServer({
      log: pino({ level: 'silent' }),
      readiness: () => Promise.resolve({ ari: true, redis: true }),
      queue: () => Promise.resolve({} as never),
      call: () => Promise.resolve(null),
      access: { table: ROUTE_ACCESS, complete: true },
    });
    await expect(app.ready()).rejects.toThrow(/access table entries without a route: .*GET \/api\/stats/);
  });

  it('sends nobody signed in from a page to the sign-in and answers the API with 401', async () => {
    const app = server(null);
    const queue = await app.inject({ url: '/api/queue' });
    expect(queue.statusCode).toBe(401);
    const call = await app.inject({ url: '/api/calls/c1' });
    expect(call.statusCode).toBe(401);
  });
});
