import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import type { TownId } from '../../../src/domain/ids.js';
import { callId, agentId } from '../../../src/domain/ids.js';
import { finalOutcome, reportFromRecords, statsRoutes, withTopicTitles, type ReportQuery, type StatsReport } from '../../../src/stats/index.js';
import { DAY, MIN, SEC, TZ, at, endOf, final, record } from './records.js';

const MONDAY = '2026-11-02';
const t = at(MONDAY, '09:00');
const agent = (id: string, s: { arrivedAt: number; municipality?: string; hash?: string }) =>
  record(id, { outcome: 'answered-by-agent', answeredAfter: 10 * SEC, endedAfter: 200 * SEC, agent: 'agent-1', overflowReason: 'direct-115', ...s });

// Monday 2 November 2026, Quickborn unless said otherwise.
const c1 = agent('c1', { arrivedAt: t, hash: 'caller-a' });
const c2 = agent('c2', { arrivedAt: t + 10 * MIN });
const c3 = agent('c3', { arrivedAt: t + 20 * MIN, hash: 'caller-b' });
const c4 = agent('c4', { arrivedAt: t + 30 * MIN });
const c5 = agent('c5', { arrivedAt: t + 40 * MIN });
const c6 = agent('c6', { arrivedAt: t + 50 * MIN });
const c7 = record('c7', { outcome: 'abandoned', arrivedAt: t + 2 * DAY, endedAfter: 30 * SEC, hash: 'caller-b', overflowReason: 'direct-115' }); // caller-b again
const c8 = agent('c8', { arrivedAt: t + 60 * MIN }); // still in wrap-up: no final outcome
const c9 = record('c9', { outcome: 'answered-by-town', entry: 'town', arrivedAt: t + 70 * MIN, answeredAfter: 5 * SEC, endedAfter: 60 * SEC });
const h1 = agent('h1', { arrivedAt: t + 80 * MIN, municipality: 'hasloh' });
const RECORDS = [c1, c2, c3, c4, c5, c6, c7, c8, c9, h1];
const fin = (c: typeof c1, outcome: Parameters<typeof final>[1], topics?: readonly string[]) => final(c, outcome, endOf(c) + 2 * SEC, endOf(c) + 5 * SEC, topics);
const FINALS = [
  fin(c1, 'resolved', ['personalausweis', 'wohnsitz-anmelden']),
  fin(c2, 'transferred', ['personalausweis', 'personalausweis']), // named twice: counts once
  fin(c3, 'resolved', ['personalausweis']), // its caller called again two days later
  fin(c4, 'callback-note', []),
  fin(c5, 'resolved'), // no topics at all (an outcome filed before topics existed)
  fin(c6, 'unclassified'),
  fin(h1, 'resolved', ['hund-anmelden']),
];
const LATER = at('2026-12-10', '12:00');
const query = (extra: Partial<ReportQuery> = {}): ReportQuery => ({ timezone: TZ, fromDate: MONDAY, toDate: MONDAY, interval: 'total', ...extra });
const topics = (q: Partial<ReportQuery> = {}, asOf = LATER, records = RECORDS, dispositions = FINALS) => reportFromRecords({ records, dispositions, query: query(q), asOf }).topics;

describe('what callers ask about: topics in the statistics', () => {
  it('counts a call with several topics for each, and each call once in withTopic', () => {
    const x = topics({ municipality: 'quickborn' });
    expect(x.byTopic.map((b) => [b.topic, b.calls])).toEqual([
      ['personalausweis', 3],
      ['wohnsitz-anmelden', 1],
    ]);
    expect(x.withTopic).toMatchObject({ calls: 3, resolved: 2, transferred: 1, callbackNote: 0 });
  });

  it('counts calls closed without a topic as withoutTopic; unclassified, pending and other calls not at all', () => {
    const r = reportFromRecords({ records: RECORDS, dispositions: FINALS, query: query({ municipality: 'quickborn' }), asOf: LATER });
    expect(r.topics.withoutTopic).toMatchObject({ calls: 2, resolved: 1, transferred: 0, callbackNote: 1, fcr: { rate: 0.5 } });
    // Topic or not, every call with a filed outcome is counted once: the calls FCR is worked out over.
    expect(r.topics.withTopic.calls + r.topics.withoutTopic.calls).toBe(r.totals.fcr.classified);
    expect(r.totals.outcomes).toMatchObject({ unclassified: 1, pending: 1 });
  });

  it('FCR per topic: resolved ÷ calls, strict without the callers who called again', () => {
    const [passport, moving] = topics({ municipality: 'quickborn' }).byTopic;
    expect(passport).toEqual({
      topic: 'personalausweis',
      title: null,
      calls: 3,
      resolved: 2,
      transferred: 1,
      callbackNote: 0,
      fcr: { classified: 3, resolved: 2, rate: 0.6667, strictResolved: 1, strictRate: 0.3333, repeatContacts: 1, settled: true },
    });
    expect(moving?.fcr).toMatchObject({ classified: 1, rate: 1, strictRate: 1, settled: true });
  });

  it('is not settled while a resolved call of the topic can still get a repeat call', () => {
    const x = topics({ municipality: 'quickborn' }, at('2026-11-04', '12:00'), [c1, c2, c4], [fin(c1, 'resolved', ['personalausweis']), fin(c2, 'transferred', ['kfz-zulassung']), fin(c4, 'callback-note')]);
    expect(x.byTopic.map((b) => [b.topic, b.fcr.settled])).toEqual([
      ['kfz-zulassung', true],
      ['personalausweis', false],
    ]);
  });

  it('is scoped like the rest: a town has only its own calls’ topics, all of them every town’s', () => {
    expect(topics({ municipality: 'hasloh' }).byTopic.map((b) => b.topic)).toEqual(['hund-anmelden']);
    expect(topics({ municipality: 'boenningstedt' })).toMatchObject({ byTopic: [], withTopic: { calls: 0, fcr: { rate: null } }, withoutTopic: { calls: 0 } });
    // Most calls first, then by id.
    expect(topics().byTopic.map((b) => [b.topic, b.calls])).toEqual([
      ['personalausweis', 3],
      ['hund-anmelden', 1],
      ['wohnsitz-anmelden', 1],
    ]);
  });

  it('counts a call in the local month it arrived in (Europe/Berlin), over the whole range whatever the interval', () => {
    const early = agent('m1', { arrivedAt: at('2026-11-01', '00:30') });
    const late = agent('m2', { arrivedAt: at('2026-10-31', '23:59') });
    expect(new Date(early.times.arrivedAt).toISOString()).toBe('2026-10-31T23:30:00.000Z'); // still October in UTC
    const dispositions = [fin(early, 'resolved', ['briefwahl']), fin(late, 'transferred', ['briefwahl'])];
    const november = topics({ fromDate: '2026-11-01', toDate: '2026-11-30', interval: 'day' }, LATER, [early, late], dispositions);
    expect(november.byTopic).toMatchObject([{ topic: 'briefwahl', calls: 1, resolved: 1, transferred: 0 }]);
    const october = topics({ fromDate: '2026-10-01', toDate: '2026-10-31' }, LATER, [early, late], dispositions);
    expect(october.byTopic).toMatchObject([{ topic: 'briefwahl', calls: 1, resolved: 0, transferred: 1 }]);
  });

  it('reads a disposition’s topics once each, and none from one without', () => {
    const d = { callId: callId('c'), agentId: agentId('a'), outcome: 'resolved' as const, at: 100 };
    expect(finalOutcome('5000-0', { ...d, topics: ['a', 'b', 'a'] }).topics).toEqual(['a', 'b']);
    expect(finalOutcome('5000-0', d).topics).toEqual([]);
    // An empty list made final by Redis's Lua (cjson) comes back as an empty object.
    expect(finalOutcome('5000-0', { ...d, topics: {} as unknown as string[] }).topics).toEqual([]);
  });

  it('looks the titles up; a topic whose lookup fails or finds nothing keeps a null title', async () => {
    const x = await withTopicTitles(topics(), (id) =>
      id === 'hund-anmelden' ? Promise.reject(new Error('redis away')) : Promise.resolve(id === 'personalausweis' ? 'Personalausweis beantragen' : null),
    );
    expect(x.byTopic.map((b) => [b.topic, b.title])).toEqual([
      ['personalausweis', 'Personalausweis beantragen'],
      ['hund-anmelden', null],
      ['wohnsitz-anmelden', null],
    ]);
  });
});

describe('GET /api/stats: topics', () => {
  const CLERK: Principal = { id: 'clerk-quickborn', name: 'Bürgerbüro Quickborn', role: 'town-staff', town: 'quickborn' as TownId };
  const LEAD: Principal = { id: 'lead', name: 'Teamleitung', role: 'operator' };
  const TITLES = new Map([
    ['personalausweis', 'Personalausweis beantragen'],
    ['wohnsitz-anmelden', 'Wohnsitz anmelden oder ummelden (Umzug)'],
    ['hund-anmelden', 'Hund anmelden'],
  ]);

  function server() {
    const people = new Map([LEAD, CLERK].map((p) => [p.id, p]));
    const app = Fastify();
    app.decorateRequest('principal', null);
    app.addHook('onRequest', (req, _reply, done) => {
      (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
      done();
    });
    statsRoutes(app, {
      stats: { report: (q) => Promise.resolve(reportFromRecords({ records: RECORDS, dispositions: FINALS, query: { ...q, timezone: TZ }, asOf: LATER })) },
      timezone: TZ,
      towns: ['quickborn', 'hasloh', 'boenningstedt'],
      now: () => LATER,
      topicTitle: (id) => Promise.resolve(TITLES.get(id) ?? null),
    });
    return (person: Principal, url: string) => app.inject({ method: 'GET', url, headers: { 'x-test-person': person.id } });
  }

  it('town staff see their own town’s topics with the articles’ titles, and no other town’s', async () => {
    const get = server();
    const res = await get(CLERK, `/api/stats?from=${MONDAY}&interval=total`);
    expect(res.statusCode).toBe(200);
    const body = res.json<StatsReport>();
    expect(body.topics.byTopic.map((b) => [b.topic, b.title, b.calls])).toEqual([
      ['personalausweis', 'Personalausweis beantragen', 3],
      ['wohnsitz-anmelden', 'Wohnsitz anmelden oder ummelden (Umzug)', 1],
    ]);
    expect(body.topics.withoutTopic.calls).toBe(2);
    expect((await get(CLERK, `/api/stats?from=${MONDAY}&municipality=hasloh`)).statusCode).toBe(403);
  });

  it('operators see any town’s, or every call’s', async () => {
    const get = server();
    const hasloh = (await get(LEAD, `/api/stats?from=${MONDAY}&municipality=hasloh`)).json<StatsReport>();
    expect(hasloh.topics.byTopic).toMatchObject([{ topic: 'hund-anmelden', title: 'Hund anmelden', calls: 1, fcr: { rate: 1 } }]);
    const all = (await get(LEAD, `/api/stats?from=${MONDAY}`)).json<StatsReport>();
    expect(all.topics.byTopic.map((b) => b.topic)).toEqual(['personalausweis', 'hund-anmelden', 'wohnsitz-anmelden']);
  });
});
