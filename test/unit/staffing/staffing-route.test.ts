import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Disposition } from '../../../src/app/dispositions.js';
import type { Principal } from '../../../src/auth/index.js';
import type { AgentState, AgentStatus } from '../../../src/domain/agent.js';
import type { Call, CallPhase } from '../../../src/domain/call.js';
import { agentId, callId, channelId, townId, type AgentId, type TownId } from '../../../src/domain/ids.js';
import { StatsReadModel } from '../../../src/stats/index.js';
import { readStaffing, staffingRoutes, type StaffingDeps } from '../../../src/staffing/index.js';
import { MIN, SEC, TZ, at, endOf, final, record, type RecordSpec } from '../stats/records.js';

const LEAD: Principal = { id: 'teamlead', name: 'Teamleitung', role: 'operator' };
const CLERK: Principal = { id: 'clerk-quickborn', name: 'Bürgerbüro Quickborn', role: 'town-staff', town: 'quickborn' as TownId };
const ANNA: Principal = { id: 'anna', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId };

const NOW = at('2025-01-06', '10:00');
const HOUR_AGO = NOW - 60 * MIN;

/** A read model over in-memory streams, as the engine's over Redis. */
function model(records: readonly Call[], dispositions: readonly { id: string; disposition: Disposition }[]) {
  const recs = records.map((call, i) => ({ id: `${i + 1}-0`, call }));
  const after = <T extends { id: string }>(list: readonly T[], since?: string) => list.filter((e) => since === undefined || Number.parseInt(e.id, 10) > Number.parseInt(since, 10));
  return new StatsReadModel({
    records: { read: (since) => Promise.resolve(after(recs, since)) },
    dispositions: { read: (since) => Promise.resolve(after(dispositions, since)) },
    timezone: TZ,
    rules: { wrapUpCapMs: 30 * SEC },
    now: () => NOW,
  });
}

const agent = (n: number, status: AgentStatus): AgentState => ({ id: agentId(`agent-${n}`), status, since: NOW - MIN, callId: null, pauseReason: status === 'paused' ? 'break' : null, wrapUpUntil: null, version: 1 });

const live = (id: string, phase: CallPhase, arrivedAt: number, extra: Partial<Call> = {}): Call => ({
  id: callId(id),
  version: 2,
  entry: { kind: '115', townId: null },
  municipality: townId('quickborn'),
  callerChannel: channelId(`chan-${id}`),
  callerHash: `hash-${id}`,
  phase,
  times: { arrivedAt },
  timerSeq: 0,
  offers: [],
  ...extra,
});

/**
 * A busy hour before 10:00. County arrivals: 12 calls agents answered (talk 270 s, wrap-up 30 s:
 * AHT 300 s), 19 abandoned in the queue after the town did not answer, 2 queue-full, and 3 still
 * waiting or ringing at an agent: 36 in the hour. Not county arrivals: calls the town hall answered or
 * lost, calls that heard the county was closed, calls before the hour, a call still ringing at the town.
 */
function busyHour() {
  const records: Call[] = [];
  const finals: { id: string; disposition: Disposition }[] = [];
  const add = (id: string, spec: RecordSpec) => {
    records.push(record(id, spec));
    return records[records.length - 1]!;
  };
  for (let i = 0; i < 12; i++) {
    const c = add(`a${i}`, { outcome: 'answered-by-agent', arrivedAt: HOUR_AGO + 5 * MIN + i * 4 * MIN, answeredAfter: 15 * SEC, endedAfter: 285 * SEC, agent: 'agent-1', overflowReason: 'direct-115' });
    finals.push(final(c, 'resolved', endOf(c) + 5 * SEC, endOf(c) + 30 * SEC));
  }
  for (let i = 0; i < 19; i++) add(`q${i}`, { outcome: 'abandoned', entry: 'town', arrivedAt: HOUR_AGO + i * 3 * MIN, endedAfter: 90 * SEC, overflowReason: 'town-no-answer' });
  for (let i = 0; i < 2; i++) add(`f${i}`, { outcome: 'queue-full', arrivedAt: HOUR_AGO + 30 * MIN + i * MIN, endedAfter: 20 * SEC, overflowReason: 'direct-115' });
  for (let i = 0; i < 3; i++) add(`t${i}`, { outcome: 'answered-by-town', entry: 'town', arrivedAt: HOUR_AGO + 10 * MIN + i * MIN, answeredAfter: 8 * SEC, endedAfter: 120 * SEC });
  for (let i = 0; i < 2; i++) add(`l${i}`, { outcome: 'abandoned', entry: 'town', arrivedAt: HOUR_AGO + 20 * MIN + i * MIN, endedAfter: 12 * SEC });
  for (let i = 0; i < 4; i++) add(`c${i}`, { outcome: 'closed', arrivedAt: HOUR_AGO + 40 * MIN + i * MIN, endedAfter: 25 * SEC, overflowReason: 'direct-115' });
  for (let i = 0; i < 5; i++) add(`o${i}`, { outcome: 'abandoned', arrivedAt: HOUR_AGO - 30 * MIN + i * MIN, endedAfter: 60 * SEC, overflowReason: 'direct-115' });
  const running: Call[] = [
    live('w1', 'queued', NOW - 2 * MIN),
    live('w2', 'queued', NOW - 1 * MIN),
    live('w3', 'offering', NOW - 3 * MIN),
    live('old', 'connected', HOUR_AGO - 2 * MIN),
    live('ring', 'town-ringing', NOW - 10 * SEC, { entry: { kind: 'town', townId: townId('quickborn') } }),
    live('shut', 'final-message', NOW - 5 * SEC, { finalOutcome: 'closed' }),
    live('gone', 'ended', NOW - 4 * MIN, { outcome: 'abandoned' }),
  ];
  const agents = [agent(1, 'available'), agent(2, 'busy'), agent(3, 'wrap-up'), agent(4, 'paused'), agent(5, 'logged-out'), agent(6, 'logged-out')];
  return { stats: model(records, finals), running, agents };
}

function deps(over: Partial<StaffingDeps> = {}): StaffingDeps {
  const { stats, running, agents } = busyHour();
  return {
    figures: (span) => stats.figures(span),
    agents: () => Promise.resolve(agents),
    activeCalls: () => Promise.resolve(running),
    defaultHandleTimeMs: 180 * SEC,
    now: () => NOW,
    ...over,
  };
}

function server(d: StaffingDeps) {
  const people = new Map([LEAD, CLERK, ANNA].map((p) => [p.id, p]));
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (req, _reply, done) => {
    (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
    done();
  });
  staffingRoutes(app, d);
  return (person: Principal | null) => app.inject({ method: 'GET', url: '/api/staffing', headers: person ? { 'x-test-person': person.id } : {} });
}

describe('GET /api/staffing', () => {
  it('advises from the last hour: 36 county arrivals × 300 s = 3 Erlang → 5 agents for 75 % within 30 s', async () => {
    const res = await server(deps())(LEAD);
    expect(res.statusCode).toBe(200);
    // The shape the dashboard builds against, exactly.
    expect(res.json()).toEqual({
      windowMinutes: 60,
      arrivalsPerHour: 36,
      ahtSec: 300,
      erlangs: 3,
      agentsNeeded: 5,
      agentsLoggedIn: 4, // available, busy, wrap-up, paused
      agentsReady: 1,
      serviceLevelWithLoggedIn: 0.539, // Erlang C, 4 agents at 3 Erlang, 300 s AHT, 30 s
      target: { within: 30, share: 0.75 },
    });
  });

  it('operators only: town staff and agents 403, nobody signed in 401', async () => {
    const get = server(deps());
    expect((await get(CLERK)).statusCode).toBe(403);
    expect((await get(ANNA)).statusCode).toBe(403);
    expect((await get(null)).statusCode).toBe(401);
  });

  it('503 when the records cannot be read', async () => {
    const res = await server(deps({ figures: () => Promise.reject(new Error('redis down')) }))(LEAD);
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });
});

describe('readStaffing', () => {
  it('falls back to the configured handle time when no agent call of the hour has a final outcome', async () => {
    const stats = model([record('x', { outcome: 'abandoned', arrivedAt: NOW - 10 * MIN, endedAfter: 40 * SEC, overflowReason: 'direct-115' })], []);
    const advice = await readStaffing({ ...deps(), figures: (span) => stats.figures(span), activeCalls: () => Promise.resolve([]), defaultHandleTimeMs: 240 * SEC });
    expect(advice).toMatchObject({ arrivalsPerHour: 1, ahtSec: 240, erlangs: 0.07, agentsNeeded: 1 });
  });

  it('a quiet hour: no traffic, no agent needed, everyone would be answered in time', async () => {
    const stats = model([], []);
    const advice = await readStaffing({ ...deps(), figures: (span) => stats.figures(span), activeCalls: () => Promise.resolve([]), agents: () => Promise.resolve([]) });
    expect(advice).toMatchObject({ arrivalsPerHour: 0, ahtSec: 180, erlangs: 0, agentsNeeded: 0, agentsLoggedIn: 0, agentsReady: 0, serviceLevelWithLoggedIn: 1 });
  });

  it('traffic but nobody logged in: 0 % in time', async () => {
    const advice = await readStaffing(deps({ agents: () => Promise.resolve([agent(1, 'logged-out')]) }));
    expect(advice).toMatchObject({ erlangs: 3, agentsNeeded: 5, agentsLoggedIn: 0, serviceLevelWithLoggedIn: 0 });
  });

  it('scales another window to an hour', async () => {
    const advice = await readStaffing(deps({ windowMinutes: 30 }));
    // From 09:30: answered a7..a11 (5), abandoned q10..q18 (9), queue-full (2), running (3): 19 in half an hour.
    expect(advice).toMatchObject({ windowMinutes: 30, arrivalsPerHour: 38 });
  });
});
