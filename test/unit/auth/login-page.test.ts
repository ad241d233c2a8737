import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import type { QueueView } from '../../../src/app/queue-view.js';
import { hashSecret, MemoryLoginThrottle, MemorySessionStore, type AuthOptions } from '../../../src/auth/index.js';
import { loadDeployment } from '../../../src/config/index.js';

// The sample people with their sample secrets hashed at a low cost: unit tests stay fast (the
// shipped hashes, at the default cost, are tested in test/integration/auth.test.ts).
const people = await Promise.all(
  loadDeployment(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url))).people.map(async (p) => ({ ...p, secretHash: await hashSecret(`${p.id}-secret`, { ln: 10, r: 8, p: 1 }) })),
);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** The engine's HTTP server over stub data and in-memory auth (null: none given); `logs` collects its log lines. */
function server(auth: AuthOptions | null = { people, sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle() }) {
  const logs: string[] = [];
  const app = buildHttpServer({
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({ waiting: [], agents: [] } as unknown as QueueView),
    call: () => Promise.resolve(null),
    ...(auth ? { auth } : {}),
  });
  return { app, logs };
}

const cookieFrom = (setCookie: string | string[] | undefined): string => {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!first) throw new Error('no Set-Cookie');
  return first.split(';')[0] ?? '';
};

describe('the engine’s HTTP API with sign-in', () => {
  it('keeps the operations endpoints open without credentials, and the queue and calls closed', async () => {
    const { app } = server();
    for (const url of ['/healthz', '/readyz']) expect((await app.inject({ url })).statusCode, url).toBe(200);
    for (const url of ['/api/queue', '/api/calls/nope']) expect((await app.inject({ url })).statusCode, url).toBe(401);
  });

  it('answers /api/whoami with 401 before signing in', async () => {
    const res = await server().app.inject({ url: '/api/whoami' });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
  });

  it('lets nobody in when it was built without people', async () => {
    const { app } = server(null);
    const res = await app.inject({ method: 'POST', url: '/login', payload: { id: 'teamlead', secret: 'teamlead-secret' } });
    expect(res.statusCode).toBe(401);
    expect((await app.inject({ url: '/api/whoami', headers: { authorization: 'Bearer teamlead:teamlead-secret' } })).statusCode).toBe(401);
  });
});

describe('the login page', () => {
  it('is a plain German form that loads nothing from elsewhere and is never cached', async () => {
    const res = await server().app.inject({ url: '/login' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<html lang="de">');
    expect(res.body).toContain('<form method="post" action="/login">');
    expect(res.body).toContain('Kennung');
    expect(res.body).toContain('type="password"');
    expect(res.body).not.toMatch(/<script|<link|src=|https?:\/\//);
    expect(res.body.length).toBeLessThan(4_000);
  });

  it('signs in with the form: a session cookie, then a redirect to where the person wanted to go', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'agent-1', secret: 'agent-1-secret', next: '/desktop' }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/desktop');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^ovr_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);

    const page = await app.inject({ url: '/login', headers: { cookie: cookieFrom(res.headers['set-cookie']) } });
    expect(page.body).toContain('Sie sind angemeldet als <strong>Anna Petersen</strong>');
    expect(page.body).toContain('<form method="post" action="/logout">');
  });

  it('carries ?next= into the form, and never redirects to another site', async () => {
    const { app } = server();
    expect((await app.inject({ url: '/login?next=/desktop' })).body).toContain('name="next" value="/desktop"');
    expect((await app.inject({ url: '/login?next=//evil.example' })).body).not.toContain('evil');
    for (const next of ['//evil.example/x', '/\\evil.example', 'https://evil.example']) {
      const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'agent-1', secret: 'agent-1-secret', next }) });
      expect(res.headers.location, next).toBe('/login');
    }
  });

  it('shows the form again after a wrong secret (401), with the id kept and the secret gone', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'agent-1', secret: 'wrong-guess-123' }) });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).toContain('Kennung oder Passwort ist falsch.');
    expect(res.body).toContain('value="agent-1"');
    expect(res.body).not.toContain('wrong-guess-123');
  });

  it('asks for both fields when one is missing (400)', async () => {
    const res = await server().app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'agent-1' }) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Bitte geben Sie Kennung und Passwort ein.');
  });

  it('tells a person who failed 10 times from one address to wait (429), in German, with Retry-After', async () => {
    // The clock stands still: the window must not end during the test.
    const now = Date.now();
    const { app } = server({ people, sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle(undefined, () => now) });
    for (let i = 0; i < 10; i++) await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'clerk-hasloh', secret: `guess-${i}` }) });
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: 'clerk-hasloh', secret: 'clerk-hasloh-secret' }) });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('900');
    expect(res.body).toContain('Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten noch einmal.');
  });

  it('tells an address that sent too many sign-ins to wait (429), in German, before looking at the id', async () => {
    const { app } = server({ people, sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle(), loginRate: { max: 3, timeWindowMs: 60_000 } });
    const attempt = (id: string, remoteAddress = '203.0.113.7') =>
      app.inject({ method: 'POST', url: '/login', headers: FORM, remoteAddress, payload: form({ id, secret: 'wrong' }) });
    for (const id of ['agent-1', 'agent-2', 'agent-3']) expect((await attempt(id)).statusCode).toBe(401);
    const res = await attempt('agent-4');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body).toContain('Zu viele Anmeldeversuche von diesem Anschluss. Bitte versuchen Sie es in einer Minute noch einmal.');
    const json = await app.inject({ method: 'POST', url: '/login', remoteAddress: '203.0.113.7', payload: { id: 'agent-4', secret: 'x' } });
    expect(json.statusCode).toBe(429);
    expect(json.json()).toEqual({ error: { code: 'TOO_MANY_ATTEMPTS', message: 'too many sign-in attempts from this address: try again in 60 s' } });
    expect((await attempt('agent-4', '203.0.113.8')).statusCode).toBe(401); // other addresses are not affected
  });

  it('escapes what it shows back', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'POST', url: '/login', headers: FORM, payload: form({ id: '"><script>x()</script>', secret: 's' }) });
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('POST /login with JSON', () => {
  it('answers with the principal and sets the cookie', async () => {
    const res = await server().app.inject({ method: 'POST', url: '/login', payload: { id: 'teamlead', secret: 'teamlead-secret' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'teamlead', name: 'Birte Thomsen', role: 'operator' });
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly; SameSite=Strict');
  });

  it('answers 401 for a wrong secret or an unknown id, alike', async () => {
    const { app } = server();
    for (const payload of [{ id: 'teamlead', secret: 'nope' }, { id: 'chef', secret: 'chef-secret' }]) {
      const res = await app.inject({ method: 'POST', url: '/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'unknown id or wrong secret' } });
    }
  });

  it('answers 400 for a body without id or secret, or one that is not JSON, without echoing it', async () => {
    const { app, logs } = server();
    const missing = await app.inject({ method: 'POST', url: '/login', payload: { id: 'teamlead' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
    const broken = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/json' }, payload: '{"id":"teamlead","secret":"hunter2-secret' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'the body is not valid JSON' } });
    expect(logs.join('')).not.toContain('hunter2');
  });

  it('logs a refused sign-in with the person and the count, never the secret; an unknown id not at all', async () => {
    const { app, logs } = server();
    await app.inject({ method: 'POST', url: '/login', payload: { id: 'agent-3', secret: 'my-guess-1' } });
    await app.inject({ method: 'POST', url: '/login', payload: { id: 'agent-3-secret', secret: 'x' } });
    const refused = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'sign-in refused');
    expect(refused).toEqual([
      expect.objectContaining({ level: 30, via: 'login', personId: 'agent-3', reason: 'wrong-secret', failures: 1 }),
      expect.objectContaining({ level: 30, via: 'login', personId: null, reason: 'unknown-id' }),
    ]);
    expect(logs.join('')).not.toMatch(/my-guess-1|agent-3-secret/);
  });
});
