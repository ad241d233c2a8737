import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import type { AgentId, TownId } from '../../../src/domain/ids.js';
import { reportFromRecords, statsRoutes, type ReportQuery } from '../../../src/stats/index.js';
import { TZ, at } from './records.js';

const LEAD: Principal = { id: 'lead', name: 'Teamleitung', role: 'operator' };
const CLERK: Principal = { id: 'clerk-quickborn', name: 'Bürgerbüro Quickborn', role: 'town-staff', town: 'quickborn' as TownId };
const ANNA: Principal = { id: 'anna', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId };

/** The route over a stand-in model that remembers what it was asked; the principal comes from a test header. */
function server() {
  const asked: Omit<ReportQuery, 'timezone'>[] = [];
  const people = new Map([LEAD, CLERK, ANNA].map((p) => [p.id, p]));
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (req, _reply, done) => {
    (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
    done();
  });
  statsRoutes(app, {
    stats: {
      report: (q) => {
        asked.push(q);
        return Promise.resolve(reportFromRecords({ records: [], dispositions: [], query: { ...q, timezone: TZ }, asOf: at('2025-01-06', '12:00') }));
      },
    },
    timezone: TZ,
    towns: ['quickborn', 'hasloh', 'boenningstedt'],
    now: () => at('2025-01-06', '12:00'),
  });
  const get = (person: Principal | null, url: string) => app.inject({ method: 'GET', url, headers: person ? { 'x-test-person': person.id } : {} });
  return { app, get, asked };
}

describe('GET /api/stats', () => {
  it('operators: every municipality and per-agent figures by default, for today', async () => {
    const s = server();
    const res = await s.get(LEAD, '/api/stats');
    expect(res.statusCode).toBe(200);
    expect(s.asked).toEqual([{ fromDate: '2025-01-06', toDate: '2025-01-06', interval: 'day', byAgent: true }]);
    expect(res.json()).toMatchObject({ from: '2025-01-06', to: '2025-01-06', municipality: 'all', interval: 'day', totals: { offered: 0 }, byAgent: [] });
  });

  it('passes a town, a range and the interval on', async () => {
    const s = server();
    const res = await s.get(LEAD, '/api/stats?from=2025-01-01&to=2025-01-31&municipality=hasloh&interval=total');
    expect(res.statusCode).toBe(200);
    expect(s.asked).toEqual([{ fromDate: '2025-01-01', toDate: '2025-01-31', interval: 'total', municipality: 'hasloh', byAgent: true }]);
  });

  it('town staff: their own municipality by default, without per-agent figures', async () => {
    const s = server();
    const res = await s.get(CLERK, '/api/stats?from=2025-01-06');
    expect(res.statusCode).toBe(200);
    expect(s.asked).toEqual([{ fromDate: '2025-01-06', toDate: '2025-01-06', interval: 'day', municipality: 'quickborn', byAgent: false }]);
    expect(res.json()).not.toHaveProperty('byAgent');
  });

  it('town staff may not see another town or all of them (403); agents may not at all; strangers must sign in', async () => {
    const s = server();
    for (const url of ['/api/stats?municipality=hasloh', '/api/stats?municipality=all']) {
      const res = await s.get(CLERK, url);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await s.get(ANNA, '/api/stats')).statusCode).toBe(403);
    expect((await s.get(null, '/api/stats')).statusCode).toBe(401);
    expect(s.asked).toEqual([]);
  });

  it('400 lists every problem with the parameters', async () => {
    const s = server();
    const res = await s.get(LEAD, '/api/stats?from=2025-02-30&to=tomorrow&municipality=pinneberg&interval=week&town=x');
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string; problems: string[] } }>();
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.problems).toEqual([
      'town: unknown parameter (known: from, to, municipality, interval)',
      'from: must be a date YYYY-MM-DD, got "2025-02-30"',
      'to: must be a date YYYY-MM-DD, got "tomorrow"',
      'interval: must be one of day, hour, total, got "week"',
      'municipality: must be "all" or a town of the county (boenningstedt, hasloh, quickborn), got "pinneberg"',
    ]);
    expect(body.error.message).toBe(body.error.problems.join('; '));
  });

  it('400 for a range backwards, too long, or too many hours, and for a parameter given twice', async () => {
    const s = server();
    const problems = async (url: string) => (await s.get(LEAD, url)).json<{ error: { problems: string[] } }>().error.problems;
    expect(await problems('/api/stats?from=2025-01-10&to=2025-01-09')).toEqual(['to: must not be before from (2025-01-10)']);
    expect(await problems('/api/stats?from=2024-01-01&to=2025-12-31')).toEqual(['to: the range covers at most 400 days, it has 731']);
    expect(await problems('/api/stats?from=2025-01-01&to=2025-02-28&interval=hour')).toEqual(['interval: hour covers at most 31 days, the range has 59']);
    expect(await problems('/api/stats?from=2025-01-01&from=2025-01-02')).toEqual(['from: give it once']);
    expect(s.asked).toEqual([]);
  });
});
