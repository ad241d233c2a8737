import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/adapters/redis/connection.js';
import type { Principal, Role } from '../../src/auth/principal.js';
import { agentId, townId } from '../../src/domain/ids.js';
import { createLogger } from '../../src/logger.js';
import { RedisFilingLimit } from '../../src/notes/filing-limit.js';
import {
  countyCalendar,
  createNotesQueue,
  NoteKeys,
  notesRoutes,
  notesSettings,
  NotesService,
  RedisNoteStore,
  type NoteView,
  type NotesQueue,
} from '../../src/notes/index.js';
import { loadDeployment } from '../../src/config/index.js';
import { fileURLToPath } from 'node:url';
import { buildPageScripts, type PageScripts } from '../../src/web/page-scripts.js';
import { pageScriptRoutes } from '../../src/web/page-script-routes.js';
import { startRedis, type RedisServerHandle } from '../support/redis-server.js';

/**
 * The notes' HTTP API through Fastify inject, on real Redis. Authentication is faked: the header
 * `x-test-principal` says who is calling (`agent:agent-1`, `town-staff:hasloh`, `operator`), and
 * requireRole/canSeeTown are simple stand-ins with the same answers as src/auth's.
 */

const deployment = loadDeployment(fileURLToPath(new URL('../../config/county.yaml', import.meta.url)));
const NUMBER = '04106555123';
const logLines: string[] = [];
const log = createLogger('info', { write: (line: string) => void logLines.push(line) });

const principalFrom = (request: FastifyRequest): Principal | null => {
  const header = request.headers['x-test-principal'];
  if (typeof header !== 'string') return null;
  const [role, who = ''] = header.split(':');
  if (role === 'agent') return { id: `person-${who}`, name: who, role: 'agent', agentId: agentId(who) };
  if (role === 'town-staff') return { id: `clerk-${who}`, name: who, role: 'town-staff', town: townId(who) };
  if (role === 'operator') return { id: 'lead', name: 'Team Lead', role: 'operator' };
  return null;
};
const fakeRequireRole =
  (...roles: Role[]) =>
  async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const p = principalFrom(request);
    if (!p) return reply.code(401).send({ error: { code: 'UNAUTHENTICATED', message: 'sign in first' } });
    if (!roles.includes(p.role)) return reply.code(403).send({ error: { code: 'FORBIDDEN', message: `a ${p.role} may not do this` } });
    return undefined;
  };
const fakeCanSeeTown = (p: Principal | null, town: string): boolean => p !== null && (p.role === 'operator' || (p.role === 'town-staff' && p.town === town));

let redisServer: RedisServerHandle;
let redis: Redis;
let queue: NotesQueue;
let app: FastifyInstance;
let strict: FastifyInstance;
let scripts: PageScripts;
const prefix = `nh${process.pid}:`;

beforeAll(async () => {
  redisServer = await startRedis();
  redis = createRedis(redisServer.url, { name: 'notes-http-test' });
  const settings = notesSettings(deployment, {});
  queue = createNotesQueue({ redisUrl: redisServer.url, keyPrefix: prefix, settings });
  const service = new NotesService({ store: new RedisNoteStore(redis, new NoteKeys(prefix)), queue, calendar: countyCalendar(deployment), settings, log });
  scripts = await buildPageScripts();
  const inboxScriptUrl = scripts.url('inbox');
  app = Fastify();
  pageScriptRoutes(app, scripts);
  await app.register(notesRoutes, { service, requireRole: fakeRequireRole, canSeeTown: fakeCanSeeTown, principalOf: principalFrom, inboxScriptUrl });
  await app.ready();
  // The engine's rules for agents' notes: about a call they took, a few an hour.
  strict = Fastify();
  await strict.register(notesRoutes, {
    service,
    requireRole: fakeRequireRole,
    canSeeTown: fakeCanSeeTown,
    principalOf: principalFrom,
    inboxScriptUrl,
    agentOfCall: (id) => Promise.resolve(({ 'call-7': 'agent-1', 'call-8': 'agent-1', 'call-9': 'agent-1' } as Record<string, string>)[id] ?? null),
    filingLimit: new RedisFilingLimit(redis, prefix, 2),
  });
  await strict.ready();
});

afterAll(async () => {
  expect(logLines.join('\n')).not.toContain(NUMBER);
  await app?.close();
  await strict?.close();
  await queue?.close();
  await redis?.quit();
  await redisServer?.stop();
});

const as = (who: string | null) => (who === null ? {} : { 'x-test-principal': who });
const fileNote = async (municipality = 'quickborn', who = 'agent:agent-1') => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/notes',
    headers: as(who),
    payload: { municipality, name: 'Erika Mustermann', topic: 'Wohngeld', text: 'Bitte zurückrufen', callerNumber: NUMBER, callerConsent: true, department: 'Sozialamt' },
  });
  expect(res.statusCode).toBe(201);
  return res.json<NoteView>();
};

describe('callback notes over HTTP', () => {
  it('an agent files a note for any municipality: 201 with its due time and a Location', async () => {
    const before = Date.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/notes',
      headers: as('agent:agent-2'),
      payload: { municipality: 'hasloh', name: 'Max Muster', topic: 'Hundesteuer', text: 'Abmeldung', callId: 'call-7' },
    });
    expect(res.statusCode).toBe(201);
    const note = res.json<NoteView>();
    expect(res.headers.location).toBe(`/api/notes/${note.id}`);
    expect(note).toMatchObject({ municipality: 'hasloh', createdBy: 'agent-2', status: 'open', callId: 'call-7', deliveries: [], overdue: false });
    expect(note.createdAt).toBeGreaterThanOrEqual(before);
    expect(note.dueAt).toBeGreaterThan(note.remindAt);
    expect(note).not.toHaveProperty('callerNumber');
    expect((await fileNote('kreis-pinneberg', 'operator')).createdBy).toBe('lead');
  });

  it('lists every problem of an invalid note in one 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/notes', headers: as('agent:agent-1'), payload: { municipality: 'elmshorn', topic: '', callerNumber: NUMBER } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; message: string; problems: { path: string; message: string }[] } }>();
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.problems.map((p) => p.path).sort()).toEqual(['callerNumber', 'municipality', 'name', 'text', 'topic']);
    expect(error.message).toMatch(/^invalid note: 5 problems: /);
    expect(res.body).not.toContain(NUMBER);
    const notJson = await app.inject({ method: 'POST', url: '/api/notes', headers: { ...as('agent:agent-1'), 'content-type': 'application/json' }, payload: '{"municipality":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
  });

  it('refuses without sign-in (401) and town staff filing notes (403), as JSON errors', async () => {
    const note = await fileNote();
    for (const [method, url] of [
      ['POST', '/api/notes'],
      ['GET', '/api/towns/quickborn/notes'],
      ['GET', `/api/notes/${note.id}`],
      ['POST', `/api/notes/${note.id}/done`],
      ['GET', '/towns/quickborn/inbox'],
    ] as const) {
      const res = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    }
    const staffFiling = await app.inject({ method: 'POST', url: '/api/notes', headers: as('town-staff:quickborn'), payload: {} });
    expect(staffFiling.statusCode).toBe(403);
    expect(staffFiling.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'a town-staff may not do this' } });
    // Agents file notes; reading them is for the town.
    expect((await app.inject({ url: `/api/notes/${note.id}`, headers: as('agent:agent-1') })).statusCode).toBe(403);
  });

  it('a Hasloh clerk can neither read nor close a Quickborn note (404, as an unknown note), nor list its notes (403); the note stays open with its number', async () => {
    const note = await fileNote('quickborn');
    const hasloh = as('town-staff:hasloh');
    for (const res of [
      await app.inject({ url: `/api/notes/${note.id}`, headers: hasloh }),
      await app.inject({ method: 'POST', url: `/api/notes/${note.id}/done`, headers: hasloh, payload: {} }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: `no callback note ${note.id}` } });
      expect(res.body).not.toContain(NUMBER);
    }
    for (const res of [await app.inject({ url: '/api/towns/quickborn/notes', headers: hasloh }), await app.inject({ url: '/towns/quickborn/inbox', headers: hasloh })]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'only staff of "quickborn" and operators may see or handle its callback notes' } });
      expect(res.body).not.toContain(NUMBER);
    }
    const still = await app.inject({ url: `/api/notes/${note.id}`, headers: as('town-staff:quickborn') });
    expect(still.json<NoteView>()).toMatchObject({ status: 'open', callerNumber: NUMBER });
  });

  it('a Quickborn clerk lists, reads and closes the town\'s notes; closing erases the number', async () => {
    const note = await fileNote('quickborn');
    const clerk = as('town-staff:quickborn');
    const list = await app.inject({ url: '/api/towns/quickborn/notes', headers: clerk });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const body = list.json<{ municipality: { id: string; name: string }; status: string; notes: NoteView[] }>();
    expect(body.municipality).toEqual({ id: 'quickborn', name: 'Stadt Quickborn' });
    expect(body.notes.every((n) => n.municipality === 'quickborn' && n.status === 'open')).toBe(true);
    expect(body.notes.map((n) => n.dueAt)).toEqual([...body.notes.map((n) => n.dueAt)].sort((a, b) => a - b));
    expect(body.notes.find((n) => n.id === note.id)).toMatchObject({ callerNumber: NUMBER, department: 'Sozialamt', overdue: false });

    const done = await app.inject({ method: 'POST', url: `/api/notes/${note.id}/done`, headers: clerk, payload: {} });
    expect(done.statusCode).toBe(200);
    const closed = done.json<NoteView>();
    expect(closed).toMatchObject({ status: 'done', doneBy: 'clerk-quickborn', overdue: false });
    expect(closed).not.toHaveProperty('callerNumber');
    expect(await redis.hexists(new NoteKeys(prefix).note(note.id), 'callerNumber')).toBe(0);
    expect((await app.inject({ url: `/api/notes/${note.id}`, headers: as('operator') })).json()).not.toHaveProperty('callerNumber');

    const again = await app.inject({ method: 'POST', url: `/api/notes/${note.id}/done`, headers: as('operator'), payload: {} });
    expect(again.json<NoteView>()).toMatchObject({ status: 'done', doneBy: 'clerk-quickborn', doneAt: closed.doneAt });
    const open = (await app.inject({ url: '/api/towns/quickborn/notes?status=open', headers: clerk })).json<{ notes: NoteView[] }>();
    expect(open.notes.map((n) => n.id)).not.toContain(note.id);
    const doneList = (await app.inject({ url: '/api/towns/quickborn/notes?status=done', headers: clerk })).json<{ notes: NoteView[] }>();
    expect(doneList.notes.map((n) => n.id)).toContain(note.id);
    const all = (await app.inject({ url: '/api/towns/quickborn/notes?status=all', headers: clerk })).json<{ notes: NoteView[] }>();
    expect(all.notes.map((n) => n.id)).toContain(note.id);
  });

  it('answers bad list parameters with 400, unknown towns and notes with 404', async () => {
    const clerk = as('town-staff:quickborn');
    const bad = await app.inject({ url: '/api/towns/quickborn/notes?status=later&limit=0', headers: clerk });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'status must be one of open, done, all; limit must be a whole number from 1 to 1000' } });
    expect((await app.inject({ url: '/api/towns/elmshorn/notes', headers: as('operator') })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/notes/no-such-note', headers: clerk })).json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no callback note no-such-note' } });
    expect((await app.inject({ method: 'POST', url: '/api/notes/no-such-note/done', headers: clerk, payload: {} })).statusCode).toBe(404);
    // The county's own notes: operators only.
    expect((await app.inject({ url: '/api/towns/kreis-pinneberg/notes', headers: as('operator') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/towns/kreis-pinneberg/notes', headers: clerk })).statusCode).toBe(403);
  });

  it('serves the town inbox: German, the open notes embedded, a strict CSP, and its script', async () => {
    const note = await fileNote('boenningstedt');
    const page = await app.inject({ url: '/towns/boenningstedt/inbox', headers: as('town-staff:boenningstedt') });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Rückrufnotizen – Gemeinde Bönningstedt');
    expect(page.body).toContain(note.id);
    expect(page.body).toContain(`<script src="${scripts.url('inbox')}" defer></script>`);
    const script = await app.inject({ url: scripts.url('inbox') });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toContain('/done');
  });

  it('an agent files notes only about a call they took, and only a few an hour; an operator about anything', async () => {
    const file = (who: string, callId?: string) =>
      strict.inject({
        method: 'POST',
        url: '/api/notes',
        headers: as(who),
        payload: { municipality: 'quickborn', name: 'Erika Mustermann', topic: 'Wohngeld', text: 'Bitte zurückrufen', ...(callId ? { callId } : {}) },
      });
    const noCall = await file('agent:agent-2');
    expect(noCall.statusCode).toBe(400);
    expect(noCall.json()).toMatchObject({ error: { problems: [{ path: 'callId', message: 'is required: an agent files a note about a call they took' }] } });
    const othersCall = await file('agent:agent-2', 'call-7');
    expect(othersCall.statusCode).toBe(400);
    expect(othersCall.json()).toMatchObject({ error: { problems: [{ path: 'callId', message: 'must be a call you took' }] } });
    expect((await file('agent:agent-1', 'call-7')).statusCode).toBe(201);
    expect((await file('agent:agent-1', 'call-8')).statusCode).toBe(201);
    const third = await file('agent:agent-1', 'call-9');
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ error: { code: 'TOO_MANY_NOTES' } });
    // The limit is per person: the operator still files (without a call).
    expect((await file('operator')).statusCode).toBe(201);
  });
});
