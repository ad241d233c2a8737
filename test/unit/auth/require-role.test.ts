import Fastify from 'fastify';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  authPlugin,
  canActAsAgent,
  canSeeTown,
  MemoryApiTokenStore,
  MemoryLoginThrottle,
  MemorySessionStore,
  type ApiTokenGrant,
  requireRole,
  sendForbidden,
  type Principal,
  type SessionStore,
} from '../../../src/auth/index.js';
import { loadDeployment } from '../../../src/config/index.js';

const { people } = loadDeployment(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)));
const tokens = new MemoryApiTokenStore();
const GRANTS: Record<string, ApiTokenGrant> = {
  'agent-1': { role: 'agent', agentId: 'agent-1' as never },
  'clerk-quickborn': { role: 'town-staff', town: 'quickborn' as never },
  'clerk-hasloh': { role: 'town-staff', town: 'hasloh' as never },
  teamlead: { role: 'operator' },
};
const issued = new Map<string, string>();
/** An API token for a test principal named like the sample person (made once, no scrypt). */
const bearer = async (name: string) => {
  let token = issued.get(name);
  if (token === undefined) {
    const grant = GRANTS[name];
    if (!grant) throw new Error(`no grant for ${name}`);
    token = (await tokens.create({ name, grant, expiresAt: Date.now() + 86_400_000, createdBy: 'test' })).token;
    issued.set(name, token);
  }
  return { authorization: `Bearer ${token}` };
};

/** An app with the auth plugin and routes the way other routes will use it. */
function app(options: { now?: () => number; sessions?: SessionStore } = {}) {
  const now = options.now ?? Date.now;
  const server = Fastify();
  void server.register(authPlugin, { people, sessions: options.sessions ?? new MemorySessionStore(undefined, now), throttle: new MemoryLoginThrottle(undefined, now), tokens });
  server.get('/open', (req) => ({ open: true, who: req.principal?.id ?? null }));
  server.get('/team', { preHandler: requireRole('operator') }, () => ({ ok: true }));
  server.get('/anyone', { preHandler: requireRole() }, (req) => req.principal);
  server.post<{ Params: { agentId: string } }>('/agents/:agentId/ready', { preHandler: requireRole('agent', 'operator') }, (req, reply) => {
    if (!canActAsAgent(req.principal, req.params.agentId)) return sendForbidden(reply, 'you may change only your own state');
    return { ok: true };
  });
  return server;
}

describe('requireRole: who gets past a protected route', () => {
  it('answers 401 UNAUTHENTICATED to a request without credentials', async () => {
    const res = await app().inject({ url: '/team' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'sign in first: POST /login, or send Authorization: Bearer <API token>' } });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="overflow-engine"');
  });

  it.each([
    ['a token with a wrong secret', async () => (await bearer('teamlead')).authorization.slice(0, -4) + 'AAAA', 'the API token is unknown, expired or revoked'],
    ['an unknown token', () => `Bearer ovr_0123456789ab_${'A'.repeat(43)}`, 'the API token is unknown, expired or revoked'],
    ['garbage', () => 'Bearer teamlead-secret', 'the credentials were not accepted: send Authorization: Bearer ovr_<id>_<secret>'],
    ['another scheme', () => 'Basic dGVhbWxlYWQ6dGVhbWxlYWQtc2VjcmV0', 'the credentials were not accepted: send Authorization: Bearer ovr_<id>_<secret>'],
  ])('answers 401 to %s', async (_what, authorization, message) => {
    const res = await app().inject({ url: '/team', headers: { authorization: await authorization() } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message } });
  });

  it('answers the retired Bearer <id>:<secret> with 401 and a pointer to API tokens', async () => {
    const res = await app().inject({ url: '/team', headers: { authorization: 'Bearer teamlead:teamlead-secret' } });
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/no longer accepted: use an API token .*POST \/api\/tokens or npm run api-token/);
  });

  it('answers 403 FORBIDDEN to a signed-in person with the wrong role', async () => {
    const res = await app().inject({ url: '/team', headers: await bearer('agent-1') });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/^this needs the role "operator"; token:[0-9a-f]{12} has the role "agent"$/) as unknown } });
    expect((await app().inject({ url: '/team', headers: await bearer('clerk-hasloh') })).statusCode).toBe(403);
  });

  it('lets the right role through (200)', async () => {
    const res = await app().inject({ url: '/team', headers: await bearer('teamlead') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });

  it('without roles, lets any signed-in person through and shows who they are', async () => {
    const server = app();
    expect((await server.inject({ url: '/anyone', headers: await bearer('agent-1') })).json()).toEqual({ id: expect.stringMatching(/^token:[0-9a-f]{12}$/) as unknown, name: 'agent-1', role: 'agent', agentId: 'agent-1' });
    expect((await server.inject({ url: '/anyone', headers: await bearer('clerk-quickborn') })).json()).toEqual({
      id: expect.stringMatching(/^token:[0-9a-f]{12}$/) as unknown,
      name: 'clerk-quickborn',
      role: 'town-staff',
      town: 'quickborn',
    });
    expect((await server.inject({ url: '/anyone' })).statusCode).toBe(401);
  });

  it('lets an agent change only their own state, and an operator any agent’s', async () => {
    const server = app();
    const ready = async (agentId: string, who: string) => server.inject({ method: 'POST', url: `/agents/${agentId}/ready`, headers: await bearer(who) });
    expect((await ready('agent-1', 'agent-1')).statusCode).toBe(200);
    const other = await ready('agent-2', 'agent-1');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'you may change only your own state' } });
    expect((await ready('agent-2', 'teamlead')).statusCode).toBe(200);
    expect((await ready('agent-2', 'clerk-hasloh')).statusCode).toBe(403);
  });

  it('keeps routes without requireRole open, even for a request with bad credentials', async () => {
    const res = await app().inject({ url: '/open', headers: { authorization: 'Bearer teamlead:wrong' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ open: true, who: null });
  });

  it('answers a token after its expiry with 401, and never runs scrypt for a bearer', async () => {
    let now = 1_000_000;
    const clocked = new MemoryApiTokenStore(() => now);
    const { token } = await clocked.create({ name: 'nightly', grant: { role: 'operator' }, expiresAt: now + 60_000, createdBy: 'test' });
    const server = Fastify();
    void server.register(authPlugin, { people, sessions: new MemorySessionStore(), throttle: new MemoryLoginThrottle(), tokens: clocked, now: () => now });
    server.get('/team', { preHandler: requireRole('operator') }, () => ({ ok: true }));
    expect((await server.inject({ url: '/team', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    now += 60_000;
    expect((await server.inject({ url: '/team', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('answers 503 on protected routes, and keeps open routes answering, when sessions cannot be read', async () => {
    const broken: SessionStore = {
      ttlMs: 1_000,
      create: () => Promise.reject(new Error('redis down')),
      get: () => Promise.reject(new Error('redis down')),
      delete: () => Promise.reject(new Error('redis down')),
    };
    const server = app({ sessions: broken });
    const cookie = `ovr_session=${'a'.repeat(43)}`;
    const res = await server.inject({ url: '/team', headers: { cookie } });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAVAILABLE');
    expect((await server.inject({ url: '/open', headers: { cookie } })).statusCode).toBe(200);
  });

  it('refuses everything (401) when the auth plugin was never registered', async () => {
    const bare = Fastify();
    bare.get('/team', { preHandler: requireRole('operator') }, () => ({ ok: true }));
    expect((await bare.inject({ url: '/team', headers: await bearer('teamlead') })).statusCode).toBe(401);
  });
});

describe('canActAsAgent and canSeeTown', () => {
  const anna: Principal = { id: 'agent-1', name: 'Anna', role: 'agent', agentId: 'agent-1' as never };
  const hasloh: Principal = { id: 'clerk-hasloh', name: 'Torben', role: 'town-staff', town: 'hasloh' as never };
  const lead: Principal = { id: 'teamlead', name: 'Birte', role: 'operator' };

  it.each([
    ['the agent themself', anna, 'agent-1', true],
    ['another agent', anna, 'agent-2', false],
    ['an operator', lead, 'agent-2', true],
    ['town staff', hasloh, 'agent-1', false],
    ['nobody signed in', null, 'agent-1', false],
  ] as const)('canActAsAgent: %s → %s', (_who, principal, agentId, expected) => {
    expect(canActAsAgent(principal, agentId)).toBe(expected);
  });

  it.each([
    ['staff of that town', hasloh, 'hasloh', true],
    ['staff of another town (a Hasloh clerk and Quickborn)', hasloh, 'quickborn', false],
    ['an operator', lead, 'quickborn', true],
    ['an agent (agents create notes, they do not read a town’s)', anna, 'quickborn', false],
    ['nobody signed in', null, 'hasloh', false],
  ] as const)('canSeeTown: %s → %s', (_who, principal, town, expected) => {
    expect(canSeeTown(principal, town)).toBe(expected);
  });
});
