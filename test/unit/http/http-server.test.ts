import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import { readQueue } from '../../../src/app/queue-view.js';
import { harness } from '../app/engine-harness.js';
import { signedIn } from '../../support/signed-in.js';

async function server(ready = { ari: true, redis: true }) {
  const h = await harness();
  const who = signedIn();
  const app = buildHttpServer({
    auth: who.auth,
    currentCallOf: async (agent) => (await h.agents.get(agent))?.callId ?? null,
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve(ready),
    queue: () => readQueue({ ...h, estimate: (position, agents) => h.engine.queueStatus.estimate(position, agents) }, new Map([['agent-1', 'Anna Petersen']])),
    call: (id) => h.store.get(id),
  });
  return { h, app, as: who.headers };
}

describe('HTTP API', () => {
  it('answers health and readiness', async () => {
    const { app } = await server({ ari: false, redis: true });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not-ready', checks: { ari: false, redis: true } });
  });

  it('lists waiting calls in queue order with their wait since arrival, and agents with state', async () => {
    const { h, app, as } = await server();
    // Two agents, three 115 callers: two are offered, one waits in the queue.
    await h.enter('c1', ['115']);
    await h.advance(1_000);
    await h.enter('c2', ['115']);
    await h.advance(1_000);
    await h.enter('c3', ['115']);
    await h.advance(3_000);
    expect((await app.inject({ url: '/api/queue' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/queue', headers: await as('agent-1') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/queue', headers: await as('clerk-quickborn') })).statusCode).toBe(403);
    const body = (await app.inject({ url: '/api/queue', headers: await as('teamlead') })).json<{
      waiting: { phase: string; waitedMs: number; position: number; queuePosition: number | null; estimatedWaitMs: number | null }[];
      agents: { id: string; status: string; name: string | null }[];
    }>();
    // The third caller is first in the queue: that is the place it hears, and what its estimate counts
    // (1 × the default 180 s handle time ÷ 2 staffed agents).
    expect(body.waiting.map((w) => [w.position, w.queuePosition, w.phase, w.waitedMs, w.estimatedWaitMs])).toEqual([
      [1, null, 'offering', 5_000, 0],
      [2, null, 'offering', 4_000, 0],
      [3, 1, 'queued', 3_000, 90_000],
    ]);
    expect(body.agents.map((a) => [a.id, a.status, a.name])).toEqual([
      ['agent-1', 'offered', 'Anna Petersen'],
      ['agent-2', 'offered', null],
    ]);
  });

  it('returns a call record by id, and a coded 404 for an unknown one', async () => {
    const { h, app, as } = await server();
    const id = await h.enter('c1', ['town', 'quickborn']);
    const found = await app.inject({ url: `/api/calls/${id}`, headers: await as('teamlead') });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id, phase: 'town-ringing', entry: { kind: 'town', townId: 'quickborn' } });
    expect(found.body).not.toContain('04106123456');
    const missing = await app.inject({ url: '/api/calls/nope', headers: await as('teamlead') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no call nope' } });
  });

  it('shows a call to its agent while they are on it, to its town’s staff without the caller hash, and to nobody else', async () => {
    const { h, app, as } = await server();
    const id = await h.enter('c1', ['town', 'quickborn']);
    const get = async (who: string) => app.inject({ url: `/api/calls/${id}`, headers: await as(who) });
    // Ringing at the town hall: no agent has it yet.
    expect((await get('agent-1')).statusCode).toBe(404);
    const staff = await get('clerk-quickborn');
    expect(staff.statusCode).toBe(200);
    expect(staff.json()).toMatchObject({ id, municipality: 'quickborn' });
    expect(staff.json()).not.toHaveProperty('callerHash');
    expect((await get('teamlead')).json()).toHaveProperty('callerHash');
    // Another town's staff cannot tell the call exists.
    const other = await get('clerk-hasloh');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ error: { code: 'NOT_FOUND', message: `no call ${id}` } });
    // Overflow: the town does not answer, the call is offered to an agent.
    await h.advance(25_000);
    const offeredTo = (await h.store.get(id))?.offer?.agentId;
    expect(offeredTo).toBeDefined();
    const other2 = offeredTo === 'agent-1' ? 'agent-2' : 'agent-1';
    const own = await get(offeredTo as string);
    expect(own.statusCode).toBe(200);
    expect(own.json()).not.toHaveProperty('callerHash');
    expect((await get(other2)).statusCode).toBe(404);
  });
});
