import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { agentRoutes, type AgentRoutesDeps } from '../../../src/adapters/http/agent-routes.js';
import type { Principal } from '../../../src/auth/index.js';
import type { AgentId, ChannelId, EndpointName } from '../../../src/domain/ids.js';
import { harness } from '../app/engine-harness.js';
import { MemoryCallerHistory } from '../../../src/adapters/memory/index.js';
import { DeskFeed } from '../../../src/app/desk-feed.js';

const ANNA: Principal = { id: 'anna', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId };
const JONAS: Principal = { id: 'jonas', name: 'Jonas Hansen', role: 'agent', agentId: 'agent-2' as AgentId };
const LEAD: Principal = { id: 'lead', name: 'Teamleitung', role: 'operator' };

/** The agent routes over the engine with fakes; the caller's identity comes from a test header (auth is tested on its own). */
async function server(wrapUpMs = 30_000, extra: Partial<AgentRoutesDeps> = {}) {
  const history = new MemoryCallerHistory();
  let desk: DeskFeed | null = null;
  const h = await harness(['agent-1', 'agent-2'], {
    wrapUpMs,
    departments: new Map([['quickborn', [{ id: 'bauamt', name: 'Bauamt', phones: ['quickborn-bauamt' as EndpointName] }]]]),
    callerHistory: history,
    onCallChange: (call) => desk?.callChanged(call),
    onAgentChange: (agent) => desk?.agentChanged(agent),
  });
  desk = new DeskFeed({
    agents: h.agents,
    calls: h.store,
    clock: h.clock,
    history,
    unknownCallerHashes: [],
    agentNames: new Map([['agent-1', 'Anna Petersen'], ['agent-2', 'Jonas Hansen']]),
    townNames: new Map([['quickborn', 'Stadt Quickborn']]),
    departments: new Map([['quickborn', [{ id: 'bauamt', name: 'Bauamt', phones: [] }]]]),
    serviceOf: () => null,
  });
  const people = new Map([ANNA, JONAS, LEAD].map((p) => [p.id, p]));
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (req, _reply, done) => {
    (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
    done();
  });
  agentRoutes(app, {
    agents: h.agents,
    agentService: h.engine.agentService,
    calls: h.store,
    dispositions: h.dispositions,
    clock: h.clock,
    agentNames: new Map([['agent-1', 'Anna Petersen'], ['agent-2', 'Jonas Hansen']]),
    transfer: (call, action) => h.engine.transfer(call, action),
    departments: new Map([['quickborn', [{ id: 'bauamt', name: 'Bauamt' }]]]),
    desk,
    ...extra,
  });
  const as = (person: Principal | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: person ? { 'x-test-person': person.id } : {}, ...(payload ? { payload } : {}) });
  return { h, app, as, desk };
}

/** Caller c1 talks with agent-1 (the longest idle), then hangs up: agent-1 is in wrap-up. */
async function afterACall(s: Awaited<ReturnType<typeof server>>) {
  const id = await s.h.enter('c1', ['115']);
  const leg = (await s.h.store.get(id))!.offer!.leg;
  await s.h.fact({ type: 'channel.answered', channel: leg, at: s.h.clock.now() });
  await s.h.advance(60_000);
  await s.h.fact({ type: 'channel.ended', channel: 'c1' as ChannelId, cause: 16, at: s.h.clock.now() });
  return id;
}

describe('agent API', () => {
  it('refuses a stranger (401), another agent (403), and lets an agent or the operator change the state', async () => {
    const s = await server();
    expect((await s.as(null, 'POST', '/api/agents/agent-1/pause', { reason: 'break' })).statusCode).toBe(401);
    const other = await s.as(JONAS, 'POST', '/api/agents/agent-1/pause', { reason: 'break' });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const own = await s.as(ANNA, 'POST', '/api/agents/agent-1/pause', { reason: 'break' });
    expect(own.json()).toMatchObject({ id: 'agent-1', status: 'paused', pauseReason: 'break', name: 'Anna Petersen' });
    expect((await s.as(LEAD, 'POST', '/api/agents/agent-1/ready')).json()).toMatchObject({ status: 'available' });
  });

  it('explains a bad pause reason and an unknown agent', async () => {
    const s = await server();
    const bad = await s.as(ANNA, 'POST', '/api/agents/agent-1/pause', { reason: 'lunch' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toContain('break, meeting, training, other');
    expect((await s.as(LEAD, 'GET', '/api/agents/agent-9')).statusCode).toBe(404);
  });

  it('a logged-out or paused agent is offered no call; ready again, the waiting caller is offered at once', async () => {
    const s = await server();
    await s.as(ANNA, 'POST', '/api/agents/agent-1/logout');
    await s.as(JONAS, 'POST', '/api/agents/agent-2/pause', { reason: 'meeting' });
    const id = await s.h.enter('c1', ['115']);
    expect((await s.h.store.get(id))?.phase).toBe('queued');
    await s.as(ANNA, 'POST', '/api/agents/agent-1/login');
    await s.h.settle();
    expect(await s.h.store.get(id)).toMatchObject({ phase: 'offering', offer: { agentId: 'agent-1' } });
  });

  it('after a call: wrap-up, the outcome filed, ready early; the outcome is final and counted once', async () => {
    const s = await server();
    const call = await afterACall(s);
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('wrap-up');
    expect((await s.as(JONAS, 'POST', `/api/calls/${call}/outcome`, { outcome: 'resolved' })).statusCode).toBe(403);
    const filed = await s.as(ANNA, 'POST', `/api/calls/${call}/outcome`, { outcome: 'resolved', department: 'Bürgerbüro' });
    expect(filed.json()).toMatchObject({ callId: call, agentId: 'agent-1', outcome: 'resolved', department: 'Bürgerbüro' });
    // Not on a call any more, but in wrap-up: pausing is fine, so is ready.
    expect((await s.as(ANNA, 'POST', '/api/agents/agent-1/ready')).json()).toMatchObject({ status: 'available' });
    expect(s.h.dispositions.finals).toMatchObject([{ callId: call, outcome: 'resolved' }]);
    const late = await s.as(ANNA, 'POST', `/api/calls/${call}/outcome`, { outcome: 'transferred' });
    expect(late.statusCode).toBe(409);
    expect(s.h.dispositions.finals).toHaveLength(1);
  });

  it('counts the topics of a filed outcome: a re-filing passes the topics it replaces, a refused one counts nothing', async () => {
    const counted: { municipality: string | null; topics: readonly string[]; before: readonly string[] }[] = [];
    const s = await server(30_000, {
      unknownTopics: (ids) => Promise.resolve(ids.filter((id) => id === 'gibt-es-nicht')),
      topicsFiled: (municipality, topics, before) => {
        counted.push({ municipality, topics, before });
        return Promise.resolve();
      },
    });
    const call = await afterACall(s);
    const municipality = (await s.h.store.get(call))?.municipality ?? null;
    const file = (body: object) => s.as(ANNA, 'POST', `/api/calls/${call}/outcome`, body);
    expect((await file({ outcome: 'resolved', topics: ['reisepass'] })).statusCode).toBe(200);
    expect((await file({ outcome: 'resolved', topics: ['reisepass', 'gibt-es-nicht'] })).statusCode).toBe(400);
    expect((await file({ outcome: 'transferred', topics: ['reisepass', 'personalausweis'] })).statusCode).toBe(200);
    expect(counted).toEqual([
      { municipality, topics: ['reisepass'], before: [] },
      { municipality, topics: ['reisepass', 'personalausweis'], before: ['reisepass'] },
    ]);
  });

  it('an outcome stays filed when its topics cannot be counted', async () => {
    const s = await server(30_000, { topicsFiled: () => Promise.reject(new Error('redis away')) });
    const call = await afterACall(s);
    const filed = await s.as(ANNA, 'POST', `/api/calls/${call}/outcome`, { outcome: 'resolved', topics: ['reisepass'] });
    expect(filed.statusCode).toBe(200);
    expect(await s.h.dispositions.pending(call)).toMatchObject({ outcome: 'resolved', topics: ['reisepass'] });
  });

  it('a wrap-up that runs out without an outcome is counted unclassified, and the agent is free again', async () => {
    const s = await server();
    const call = await afterACall(s);
    await s.h.advance(29_999);
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('wrap-up');
    await s.h.advance(1);
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('available');
    expect(s.h.dispositions.finals).toMatchObject([{ callId: call, outcome: 'unclassified' }]);
  });

  it('without wrap-up the outcome must be filed during the call; the agent is free at hang-up', async () => {
    const s = await server(0);
    const id = await s.h.enter('c1', ['115']);
    await s.h.fact({ type: 'channel.answered', channel: (await s.h.store.get(id))!.offer!.leg, at: s.h.clock.now() });
    expect((await s.as(ANNA, 'POST', `/api/calls/${id}/outcome`, { outcome: 'callback-note', noteId: 'n-1' })).statusCode).toBe(200);
    await s.h.fact({ type: 'channel.ended', channel: 'c1' as ChannelId, cause: 16, at: s.h.clock.now() });
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('available');
    expect(s.h.dispositions.finals).toMatchObject([{ callId: id, outcome: 'callback-note', noteId: 'n-1' }]);
  });

  it('refuses to pause or log out an agent on a call (409)', async () => {
    const s = await server();
    await s.h.enter('c1', ['115']);
    const r = await s.as(ANNA, 'POST', '/api/agents/agent-1/logout');
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ error: { code: 'ON_A_CALL' } });
  });
});

describe('phone registration', () => {
  it('an agent whose phone unregisters is paused unregistered, and ready again when it registers', async () => {
    const s = await server();
    await s.h.engine.agentService.endpointChanged('agent-1', false);
    expect(await s.h.agents.get('agent-1' as AgentId)).toMatchObject({ status: 'paused', pauseReason: 'unregistered' });
    const id = await s.h.enter('c1', ['115']);
    expect(await s.h.store.get(id)).toMatchObject({ offer: { agentId: 'agent-2' } });
    await s.h.engine.agentService.endpointChanged('agent-1', true);
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('available');
    // A break the agent chose is not ended by the phone registering.
    await s.as(ANNA, 'POST', '/api/agents/agent-1/pause', { reason: 'break' });
    await s.h.engine.agentService.endpointChanged('agent-1', true);
    expect((await s.h.agents.get('agent-1' as AgentId))?.pauseReason).toBe('break');
  });
});

describe('the desktop view', () => {
  it('pops the call: municipality by name, time waited, its departments, and whether the caller called in the last 7 days', async () => {
    const s = await server();
    const changes: string[] = [];
    s.desk.subscribe('agent-1' as AgentId, (a) => changes.push(a));
    // The same citizen called yesterday, and calls Quickborn's number now; Quickborn does not answer.
    const first = await s.h.enter('c0', ['115'], '04106123456');
    await s.h.fact({ type: 'channel.ended', channel: 'c0' as ChannelId, cause: 16, at: s.h.clock.now() });
    await s.h.advance(24 * 60 * 60_000);
    const id = await s.h.enter('c1', ['town', 'quickborn'], '04106123456');
    await s.h.advance(20_000);
    const pop = (await s.as(ANNA, 'GET', '/api/agents/agent-1/desk')).json<{ agent: { status: string }; call: Record<string, unknown> }>();
    expect(pop.agent.status).toBe('offered');
    expect(pop.call).toMatchObject({
      callId: id,
      entry: 'town',
      municipality: 'quickborn',
      municipalityName: 'Stadt Quickborn',
      overflowReason: 'town-no-answer',
      waitedMs: 20_000,
      earlierCalls7d: 1,
      departments: [{ id: 'bauamt', name: 'Bauamt' }],
    });
    expect(first).not.toBe(id);
    expect(changes.length).toBeGreaterThan(0);
    expect((await s.as(JONAS, 'GET', '/api/agents/agent-1/desk')).statusCode).toBe(403);
  });
});

describe('transfer to a case worker (engine over fakes)', () => {
  it('warm: the caller waits with music, the agent talks with the case worker, completes; the agent goes to wrap-up with transferred', async () => {
    const s = await server();
    const id = await s.h.enter('c1', ['town', 'quickborn']);
    await s.h.advance(20_000);
    const leg = (await s.h.store.get(id))!.offer!.leg;
    await s.h.fact({ type: 'channel.answered', channel: leg, at: s.h.clock.now() });
    expect((await s.as(JONAS, 'POST', `/api/calls/${id}/transfer`, { department: 'bauamt' })).statusCode).toBe(403);
    expect((await s.as(ANNA, 'POST', `/api/calls/${id}/transfer`, { department: 'kfz' })).statusCode).toBe(404);
    const started = await s.as(ANNA, 'POST', `/api/calls/${id}/transfer`, { department: 'bauamt', mode: 'warm' });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ department: 'bauamt', mode: 'warm', stage: 'ringing' });
    expect(s.h.telephony.actions.slice(-3).map((a) => a.op)).toEqual(['bridge-remove', 'moh-start', 'dial']);
    const worker = `${id}~worker~1` as ChannelId;
    await s.h.fact({ type: 'channel.answered', channel: worker, at: s.h.clock.now() });
    expect(s.h.telephony.actions.at(-1)).toMatchObject({ op: 'bridge-add', channel: worker });
    const done = await s.as(ANNA, 'POST', `/api/calls/${id}/transfer/complete`);
    expect(done.json()).toMatchObject({ peer: { kind: 'case-worker', department: 'bauamt' }, transfers: [{ result: 'connected', mode: 'warm' }] });
    expect((await s.h.agents.get('agent-1' as AgentId))?.status).toBe('wrap-up');
    await s.as(ANNA, 'POST', '/api/agents/agent-1/ready');
    expect(s.h.dispositions.finals).toMatchObject([{ callId: id, outcome: 'transferred', department: 'bauamt' }]);
  });

  it('nobody answers at the department: the caller is back with the agent', async () => {
    const s = await server();
    const id = await s.h.enter('c1', ['town', 'quickborn']);
    await s.h.advance(20_000);
    await s.h.fact({ type: 'channel.answered', channel: (await s.h.store.get(id))!.offer!.leg, at: s.h.clock.now() });
    await s.as(ANNA, 'POST', `/api/calls/${id}/transfer`, { department: 'bauamt', mode: 'blind' });
    await s.h.advance(20_000);
    const call = await s.h.store.get(id);
    expect(call).toMatchObject({ phase: 'connected', peer: { kind: 'agent', agentId: 'agent-1' }, transfers: [{ result: 'no-answer' }] });
    expect(call?.transfer).toBeUndefined();
    expect(s.h.telephony.actions.at(-1)).toMatchObject({ op: 'bridge-add', channel: 'c1' });
  });
});
