import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import type { AgentId, TownId } from '../../../src/domain/ids.js';
import { monthRange, reportsRoutes, type Report, type ReportRequest } from '../../../src/reports/index.js';
import { TZ, at } from '../stats/records.js';
import { NOW } from './quickborn-month.js';
import { TOWNS, setup } from './setup.js';

const LEAD: Principal = { id: 'teamlead', name: 'Teamleitung', role: 'operator' };
const CLERK: Principal = { id: 'clerk-quickborn', name: 'Katrin Lüders', role: 'town-staff', town: 'quickborn' as TownId };
const ANNA: Principal = { id: 'agent-1', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId };

/** The routes over the real report service (fake streams); who asks comes from a test header (auth is tested on its own). */
function server(now = NOW) {
  const s = setup({ now });
  const asked: ReportRequest[] = [];
  const people = new Map([LEAD, CLERK, ANNA].map((p) => [p.id, p]));
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.addHook('onRequest', (req, _reply, done) => {
    (req as { principal: Principal | null }).principal = people.get(String(req.headers['x-test-person'])) ?? null;
    done();
  });
  reportsRoutes(app, {
    reports: {
      report: (q) => {
        asked.push(q);
        return s.service.report(q);
      },
      aggregateDay: (d) => s.service.aggregateDay(d),
    },
    timezone: TZ,
    towns: TOWNS,
    now: () => now,
  });
  const get = (person: Principal | null, url: string) => app.inject({ method: 'GET', url, headers: person ? { 'x-test-person': person.id } : {} });
  return { app, get, asked, store: s.store, setFailing: s.setFailing };
}

describe('the report routes', () => {
  it('a month is its first to its last day; no period is the current month', async () => {
    expect(monthRange('2026-02')).toEqual(['2026-02-01', '2026-02-28']);
    expect(monthRange('2028-02')).toEqual(['2028-02-01', '2028-02-29']);
    expect(monthRange('2026-12')).toEqual(['2026-12-01', '2026-12-31']);
    const s = server(at('2026-11-25', '09:00'));
    expect((await s.get(LEAD, '/api/reports?municipality=quickborn&month=2026-11')).statusCode).toBe(200);
    expect((await s.get(CLERK, '/api/reports')).statusCode).toBe(200);
    expect((await s.get(LEAD, '/api/reports?from=2026-11-02&to=2026-11-03')).statusCode).toBe(200);
    expect((await s.get(LEAD, '/api/reports?from=2026-11-02')).statusCode).toBe(200);
    expect(s.asked).toEqual([
      { fromDate: '2026-11-01', toDate: '2026-11-30', municipality: 'quickborn', byAgent: true, searchTexts: true, month: '2026-11' },
      { fromDate: '2026-11-01', toDate: '2026-11-30', municipality: 'quickborn', byAgent: false, searchTexts: false, month: '2026-11' },
      { fromDate: '2026-11-02', toDate: '2026-11-03', municipality: 'all', byAgent: true, searchTexts: true },
      { fromDate: '2026-11-02', toDate: '2026-11-02', municipality: 'all', byAgent: true, searchTexts: true },
    ]);
  });

  it('answers 400 with every problem', async () => {
    const s = server();
    const bad = async (url: string) => {
      const res = await s.get(LEAD, url);
      expect(res.statusCode, url).toBe(400);
      return res.json<{ error: { code: string; problems: string[] } }>().error;
    };
    expect((await bad('/api/reports?month=2026-13&municipality=pinneberg&colour=blue')).problems).toHaveLength(3);
    expect((await bad('/api/reports?month=2026-11&from=2026-11-01')).problems).toEqual(['month: give either month or from/to, not both']);
    expect((await bad('/api/reports?from=2026-11-05&to=2026-11-01')).problems).toEqual(['to: must not be before from (2026-11-05)']);
    expect((await bad('/api/reports?from=2024-01-01&to=2026-01-01')).problems[0]).toMatch(/at most 400 days/);
    expect((await bad('/api/reports.csv?month=2026-11&section=agents')).problems[0]).toMatch(/^section:/);
    expect((await bad('/api/reports?month=2026-11&section=days')).problems[0]).toMatch(/^section: unknown parameter/);
    expect(s.asked).toHaveLength(0);
  });

  it('operators see any municipality; town staff only their own; agents nothing; nobody signed in: 401', async () => {
    const s = server();
    expect((await s.get(LEAD, '/api/reports?municipality=hasloh&month=2026-11')).statusCode).toBe(200);
    expect((await s.get(LEAD, '/api/reports?month=2026-11')).json<{ municipality: string }>().municipality).toBe('all');
    const own = await s.get(CLERK, '/api/reports?month=2026-11');
    expect(own.json()).toMatchObject({ municipality: 'quickborn', totals: { offered: 15 } });
    expect(own.json()).not.toHaveProperty('byAgent');
    for (const url of ['/api/reports?municipality=hasloh', '/api/reports?municipality=all', '/api/reports.csv?municipality=all']) {
      const res = await s.get(CLERK, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await s.get(ANNA, '/api/reports?municipality=quickborn')).statusCode).toBe(403);
    expect((await s.get(ANNA, '/api/reports.csv')).statusCode).toBe(403);
    expect((await s.get(null, '/api/reports')).statusCode).toBe(401);
    expect((await s.get(null, '/api/reports.csv')).statusCode).toBe(401);
    expect(s.asked.map((q) => q.municipality)).toEqual(['hasloh', 'all', 'quickborn']);
  });

  it('the CSV is a download for Excel', async () => {
    const s = server();
    const res = await s.get(CLERK, '/api/reports.csv?month=2026-11');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bericht-quickborn-2026-11.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toContain('\r\nGesamt;;15;');
    const reasons = await s.get(CLERK, '/api/reports.csv?month=2026-11&section=reasons');
    expect(reasons.headers['content-disposition']).toBe('attachment; filename="bericht-quickborn-2026-11-ueberlaufgruende.csv"');
    const partners = await s.get(CLERK, '/api/reports.csv?month=2026-11&section=partners');
    expect(partners.statusCode).toBe(200);
    expect(partners.headers['content-disposition']).toBe('attachment; filename="bericht-quickborn-2026-11-partner-center.csv"');
    expect(partners.body).toMatch(/^\uFEFFPartner-Center;Kennung;/);
  });

  it('the page: German, printable, no script; the sign-in first for nobody', async () => {
    const s = server();
    const none = await s.get(null, '/reports?municipality=quickborn&month=2026-11');
    expect(none.statusCode).toBe(303);
    expect(none.headers.location).toBe('/login?next=%2Freports%3Fmunicipality%3Dquickborn%26month%3D2026-11');

    const res = await s.get(CLERK, '/reports?municipality=quickborn&month=2026-11');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.body;
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h1>Bericht Überlaufanrufe – Stadt Quickborn</h1>');
    expect(html).toContain('November 2026');
    expect(html).toContain('@media print');
    expect(html).toContain('@page{size:A4 landscape');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('15 angeboten = 7 angenommen + 2 aufgelegt + 1 kurz aufgelegt + 5 andere Enden – die Summe geht auf');
    expect(html).toContain('Rathaus nicht rechtzeitig angenommen');
    expect(html).toContain('Mo 02.11.2026');
    expect(html).toContain('href="/api/reports.csv?municipality=quickborn&amp;month=2026-11"');
    expect(html).not.toContain('Je Agentin');
    expect(html).not.toContain('value="all"');
    expect(html).not.toContain('Gemeinde Hasloh');

    const lead = (await s.get(LEAD, '/reports?month=2026-11')).body;
    expect(lead).toContain('alle Gemeinden (Kreis Pinneberg)');
    expect(lead).toContain('Je Gemeinde');
    expect(lead).toContain('Je Agentin / Agent');
    expect(lead).toContain('Anna Petersen');
    expect(lead).toContain('<option value="all" selected>');

    const forbidden = await s.get(CLERK, '/reports?municipality=all');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.body).toContain('nur den Bericht Ihrer eigenen Gemeinde');
    expect((await s.get(ANNA, '/reports')).statusCode).toBe(403);
    const bad = await s.get(LEAD, '/reports?month=November');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('month: must be a month YYYY-MM');
  });

  it('what callers asked about: town staff their own town’s topics and how many searches found nothing, not what was typed', async () => {
    const s = server();
    const own = (await s.get(CLERK, '/api/reports?month=2026-11')).json<Report>();
    expect(own.topics.byTopic.map((t) => t.topic)).toEqual(['personalausweis', 'baugenehmigung', 'wohnsitz-anmelden']);
    expect(own.knowledgeGaps).toEqual({ callsWithoutTopic: 1, searchesWithoutHits: { available: true, months: ['2026-11'], count: 5, distinct: 2 } });
    const csv = (await s.get(CLERK, '/api/reports.csv?month=2026-11&section=gaps')).body;
    expect(csv).toBe('\uFEFFSuche ohne Treffer (2026-11);Anzahl\r\nGesamt;5\r\n');
    const page = (await s.get(CLERK, '/reports?month=2026-11')).body;
    expect(page).toContain('<h2>Anliegen</h2>');
    expect(page).toContain('<td class="text">Personalausweis beantragen</td><td>2</td><td>2</td><td>0</td><td>0</td><td>100,0&nbsp;%</td><td>50,0&nbsp;%</td>');
    expect(page).toContain('<h2>Wissenslücken</h2>');
    expect(page).toContain('<dt>Anrufe ohne Thema</dt><dd>1 von 4 Anrufen mit Ergebnis (25,0&nbsp;%)</dd>');
    expect(page).toContain('5 (2 verschiedene Suchbegriffe; gezählt je Monat: November 2026)');
    expect(page).toContain('Die Suchbegriffe sieht die Teamleitung des Service-Centers.');
    expect(page).not.toContain('sperrmüll');
    expect(page).not.toContain('Hund anmelden');

    const lead = (await s.get(LEAD, '/api/reports?month=2026-11')).json<Report>();
    expect(lead.topics.byTopic.map((t) => t.topic)).toEqual(['personalausweis', 'baugenehmigung', 'hund-anmelden', 'wohnsitz-anmelden']);
    expect(lead.knowledgeGaps.searchesWithoutHits.top).toEqual([
      { query: 'sperrmüll termin', count: 6 },
      { query: 'osterfeuer', count: 3 },
      { query: '=hyperlink("x")', count: 1 },
    ]);
    const leadPage = (await s.get(LEAD, '/reports?municipality=quickborn&month=2026-11')).body;
    expect(leadPage).toContain('<td class="text">sperrmüll termin</td><td>4</td>');
    expect(leadPage).toContain('<td class="text">=hyperlink(&quot;x&quot;)</td><td>1</td>');
    expect((await s.get(LEAD, '/api/reports.csv?municipality=quickborn&month=2026-11&section=gaps')).body).toBe(
      '\uFEFFSuche ohne Treffer (2026-11);Anzahl\r\nsperrmüll termin;4\r\n"\'=hyperlink(""x"")";1\r\nGesamt;5\r\n',
    );
  });

  it('answers 503 when the stored days cannot be read', async () => {
    const s = server();
    s.setFailing(true);
    const res = await s.get(LEAD, '/api/reports?municipality=quickborn&month=2026-11');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect((await s.get(LEAD, '/api/reports.csv?month=2026-11')).statusCode).toBe(503);
    const page = await s.get(LEAD, '/reports?month=2026-11');
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Gerade nicht verfügbar');
  });

  it('operators store a day’s aggregates on demand (today by default)', async () => {
    const s = server(at('2026-11-30', '17:00'));
    const res = await s.app.inject({ method: 'POST', url: '/api/reports/aggregate', headers: { 'x-test-person': LEAD.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2026-11-30', written: true, complete: false, offered: 2 });
    expect(await s.store.storedDates()).toEqual(['2026-11-30']);
    expect((await s.app.inject({ method: 'POST', url: '/api/reports/aggregate?date=2026-11-02', headers: { 'x-test-person': CLERK.id } })).statusCode).toBe(403);
    expect((await s.app.inject({ method: 'POST', url: '/api/reports/aggregate?date=30.11.2026', headers: { 'x-test-person': LEAD.id } })).statusCode).toBe(400);
  });
});
