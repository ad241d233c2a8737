import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import { ManualClock, MemoryCenterBoard } from '../../../src/adapters/memory/index.js';
import type { CenterState } from '../../../src/app/center-board.js';
import type { Person } from '../../../src/config/deployment.js';
import { platformRoutes } from '../../../src/platform/routes.js';
import type { PlatformView } from '../../../src/platform/view.js';
import { signedIn, TEST_PEOPLE } from '../../support/signed-in.js';

const teamlead = TEST_PEOPLE.find((p) => p.id === 'teamlead')!;
/** The team lead's colleague who looks after the whole platform. */
const PLATFORM_OPERATOR: Person = { ...teamlead, id: 'plattform', name: 'Jan Sievers', role: 'operator', platform: true };
const EDITOR: Person = { ...teamlead, id: 'redaktion', name: 'Lena Voss', role: 'editor' };

const state = (center: string, over: Partial<CenterState> = {}): CenterState => ({
  center,
  app: `app-${center}`,
  open: true,
  loggedIn: 3,
  freeAgents: 1,
  waiting: 0,
  window: { calls: 12, withinTarget: 11 },
  targetShare: 0.75,
  at: 0,
  ...over,
});

/** Pinneberg's engine on a platform with Segeberg (posting) and Steinburg (known, its engine stopped). */
async function server() {
  const clock = new ManualClock();
  const board = new MemoryCenterBoard(clock);
  for (const [prefix, center] of [['pi:', 'kreis-pinneberg'], ['se:', 'kreis-segeberg'], ['st:', 'kreis-steinburg']] as const) await board.claimPrefix(prefix, center);
  await board.post(state('kreis-pinneberg', { name: 'Service-Center Kreis Pinneberg', at: clock.now() }), 5_000);
  await board.post(state('kreis-segeberg', { name: 'Service-Center Kreis Segeberg', waiting: 4, freeAgents: 0, at: clock.now() - 700 }), 5_000);
  const who = signedIn([...TEST_PEOPLE, PLATFORM_OPERATOR, EDITOR]);
  const app = buildHttpServer({
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({} as never),
    call: () => Promise.resolve(null),
    auth: who.auth,
    routes: [(scope) => platformRoutes(scope, { board, center: 'kreis-pinneberg', partners: ['kreis-segeberg'], timezone: 'Europe/Berlin', now: () => clock.now() })],
  });
  const get = async (url: string, person: string | null, extra: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...(await who.headers(person)), ...extra } });
  return { app, get, clock, who };
}

describe('GET /api/platform', () => {
  it('gives a platform operator every center of the platform, the silent one marked', async () => {
    const { get, clock } = await server();
    const res = await get('/api/platform', 'plattform');
    expect(res.statusCode).toBe(200);
    const view = res.json<PlatformView>();
    expect(view).toMatchObject({ at: clock.now(), center: 'kreis-pinneberg', callsToJudge: 10 });
    expect(view.centers.map((c) => [c.center, c.reported, c.self])).toEqual([
      ['kreis-pinneberg', true, true],
      ['kreis-segeberg', true, false],
      ['kreis-steinburg', false, false],
    ]);
    expect(view.centers[1]).toMatchObject({ name: 'Service-Center Kreis Segeberg', waiting: 4, freeAgents: 0, ageMs: 700, serviceLevel: { calls: 12, withinTarget: 11, metTarget: true } });
  });

  it('drops a center to "no post" once its post expires', async () => {
    const { get, clock } = await server();
    clock.advance(4_500);
    const view = (await get('/api/platform', 'plattform')).json<PlatformView>();
    expect(view.centers.map((c) => [c.center, c.reported])).toEqual([
      ['kreis-pinneberg', true],
      ['kreis-segeberg', true],
      ['kreis-steinburg', false],
    ]);
    clock.advance(1_000);
    expect((await get('/api/platform', 'plattform')).json<PlatformView>().centers.every((c) => !c.reported)).toBe(true);
  });

  it('refuses the center’s own team lead and everyone else (403), and nobody signed in (401)', async () => {
    const { get } = await server();
    for (const person of ['teamlead', 'agent-1', 'clerk-quickborn', 'redaktion']) {
      const res = await get('/api/platform', person);
      expect(res.statusCode, person).toBe(403);
      expect(res.json(), person).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    const nobody = await get('/api/platform', null);
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an API token, even one a platform operator created: tokens are never platform operators', async () => {
    const { app, get, who } = await server();
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { ...(await who.headers('plattform')), 'sec-fetch-site': 'same-origin' },
      payload: { name: 'wandtafel', role: 'operator' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await get('/api/platform', null, { authorization: `Bearer ${created.json<{ token: string }>().token}` });
    expect(res.statusCode).toBe(403);
  });

  it('says who is a platform operator in /api/whoami and on the sign-in page', async () => {
    const { get } = await server();
    expect((await get('/login', 'plattform')).body).toContain('(Teamleitung, Plattform-Betreuung (alle Service-Center: /platform))');
    expect((await get('/login', 'teamlead')).body).toContain('(Teamleitung)');
    expect((await get('/api/whoami', 'plattform')).json()).toEqual({ id: 'plattform', name: 'Jan Sievers', role: 'operator', platform: true });
    expect((await get('/api/whoami', 'teamlead')).json()).toEqual({ id: 'teamlead', name: 'Eva Teamleitung', role: 'operator' });
  });
});

describe('GET /platform', () => {
  it('shows a platform operator the German overview', async () => {
    const { get } = await server();
    const res = await get('/platform', 'plattform');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('Plattform-Übersicht: alle Service-Center');
    expect(res.body).toContain('angemeldet als Jan Sievers');
    expect(res.body).toMatch(/data-center="kreis-segeberg"[^>]*>.*Service-Center Kreis Segeberg/);
    expect(res.body).toMatch(/data-center="kreis-steinburg"[^>]*>.*keine Meldung/);
  });

  it('shows other operators and other roles a German "Kein Zugang" page, and sends nobody to sign in', async () => {
    const { get } = await server();
    for (const person of ['teamlead', 'agent-1', 'clerk-quickborn', 'redaktion']) {
      const res = await get('/platform', person);
      expect(res.statusCode, person).toBe(403);
      expect(res.body, person).toContain('<h1>Kein Zugang</h1>');
      expect(res.body, person).toContain('Die Übersicht aller Service-Center der Plattform ist für die Plattform-Betreuung.');
      expect(res.body, person).not.toContain('kreis-segeberg');
    }
    const nobody = await get('/platform', null);
    expect(nobody.statusCode).toBe(303);
    expect(nobody.headers.location).toBe('/login?next=%2Fplatform');
  });
});
