import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer, type HttpSecurity } from '../../../src/adapters/http/http-server.js';
import { hashSecret, MemoryLoginThrottle, MemorySessionStore } from '../../../src/auth/index.js';
import type { Person } from '../../../src/config/deployment.js';
import { makeTestCertificates, type TestCertificates } from '../../support/tls-certificates.js';

let people: Person[];
beforeAll(async () => {
  // A cheap hash: this file is about cookies, not about scrypt's cost.
  people = [{ id: 'teamlead', name: 'Eva Teamleitung', role: 'operator', secretHash: await hashSecret('pw', { ln: 10, r: 8, p: 1 }) }];
});

const server = (security: HttpSecurity) =>
  buildHttpServer({
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({} as never),
    call: () => Promise.resolve(null),
    auth: { people, sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle() },
    security,
  });

const signIn = (headers: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/login',
  headers: { host: 'callcenter.kreis.example', 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
  payload: { id: 'teamlead', secret: 'pw' },
});

describe('the session cookie behind a TLS proxy', () => {
  it('is __Host-ovr_session and Secure when a trusted proxy says the request came over HTTPS', async () => {
    const app = server({ allowedHosts: ['callcenter.kreis.example'], trustProxy: true });
    const res = await app.inject(signIn({ 'x-forwarded-proto': 'https' }));
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-ovr_session=[A-Za-z0-9_-]{43}; Path=\/; .*HttpOnly; SameSite=Strict; Secure$/);
    expect(cookie).not.toMatch(/Domain=/i);
    const value = cookie.split(';')[0]!.split('=')[1]!;
    const viaProxy = { host: 'callcenter.kreis.example', 'x-forwarded-proto': 'https' };
    expect((await app.inject({ url: '/api/whoami', headers: { ...viaProxy, cookie: `__Host-ovr_session=${value}` } })).statusCode).toBe(200);
    // Over HTTPS only the __Host- cookie counts: one set by another host of the domain under the plain name does not.
    expect((await app.inject({ url: '/api/whoami', headers: { ...viaProxy, cookie: `ovr_session=${value}` } })).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-Proto from a client when no proxy is trusted: plain cookie, not Secure', async () => {
    const app = server({ allowedHosts: ['callcenter.kreis.example'] });
    const res = await app.inject(signIn({ 'x-forwarded-proto': 'https' }));
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^ovr_session=/);
    expect(cookie).not.toContain('Secure');
  });
});

describe('HTTPS served directly', () => {
  let dir: string;
  let certs: TestCertificates;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ovr-tls-'));
    certs = makeTestCertificates(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers over TLS and sets the __Host- cookie with Secure', async () => {
    const app = server({ allowedHosts: ['127.0.0.1'], tls: { cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) } });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(base.startsWith('https://')).toBe(true);
      const port = Number(new URL(base).port);
      const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const body = JSON.stringify({ id: 'teamlead', secret: 'pw' });
        const req = httpsRequest(
          { host: '127.0.0.1', port, path: '/login', method: 'POST', ca: readFileSync(certs.caFile), headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie'] ?? '') }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(answer.status).toBe(200);
      expect(answer.cookie).toMatch(/^__Host-ovr_session=.*; Secure$/);
    } finally {
      await app.close();
    }
  });
});
