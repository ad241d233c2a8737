import { request as httpGet } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueView } from '../../../src/app/queue-view.js';
import type { Principal } from '../../../src/auth/index.js';
import { ChangeNotifier, DashboardHub, dashboardRoutes } from '../../../src/dashboard/index.js';
import { DEFAULT_SERVICE_TARGETS as DEFAULT_TARGETS } from '../../../src/config/service-targets.js';
import type { FiguresView, LiveView } from '../../../src/dashboard/view.js';
import { agentId, townId } from '../../../src/domain/ids.js';
import { reportFromRecords, type ReportQuery } from '../../../src/stats/index.js';
import { buildPageScripts, type PageScripts } from '../../../src/web/page-scripts.js';
import { pageScriptRoutes } from '../../../src/web/page-script-routes.js';
import { TZ, at } from '../stats/records.js';

const LEAD: Principal = { id: 'teamlead', name: 'Birte Thomsen', role: 'operator' };
const CLERK: Principal = { id: 'clerk-quickborn', name: 'Katrin Lüders', role: 'town-staff', town: townId('quickborn') };
const ANNA: Principal = { id: 'agent-1', name: 'Anna Petersen', role: 'agent', agentId: agentId('agent-1') };
const NOW = at('2025-01-06', '10:30');

/** Fakes of the engine's sources, counting their reads. */
function sources() {
  let waiting = 0;
  const reads = { queue: 0, stats: 0, notes: 0 };
  const queue = (): Promise<QueueView> => {
    reads.queue++;
    return Promise.resolve({
      at: Date.now(),
      waiting: Array.from({ length: waiting }, (_, i) => ({
        callId: `c${i}`, position: i + 1, queuePosition: i + 1, entry: '115' as const, townId: null, municipality: 'quickborn', phase: 'queued' as const,
        overflowReason: 'direct-115', waitedMs: 5_000, offeredTo: null, estimatedWaitMs: 60_000, callbackRequested: false,
      })),
      ringingAtTowns: 0,
      agents: [{ id: agentId('agent-1'), status: 'available', since: NOW, callId: null, pauseReason: null, wrapUpUntil: null, version: 1, name: 'Anna Petersen' }],
    });
  };
  const stats = {
    report: (q: Omit<ReportQuery, 'timezone'>) => {
      reads.stats++;
      return Promise.resolve(reportFromRecords({ records: [], dispositions: [], query: { ...q, timezone: TZ }, asOf: Date.now() }));
    },
  };
  const notes = () => {
    reads.notes++;
    return Promise.resolve({ filed: 0, open: 2, overdue: 0, closed: 0, closedInTime: 0, due: 0 });
  };
  return { queue, stats, notes, reads, setWaiting: (n: number) => (waiting = n) };
}

const towns = [{ id: 'quickborn', name: 'Stadt Quickborn' }];
const county = { id: 'kreis-pinneberg', name: 'Service-Center Kreis Pinneberg' };

let app: FastifyInstance | undefined;
let scripts: PageScripts;
beforeAll(async () => {
  scripts = await buildPageScripts();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function server(opts: { staffing?: boolean } = {}) {
  const s = sources();
  const changes = new ChangeNotifier();
  app = Fastify();
  app.decorateRequest('principal', null);
  const people = new Map([LEAD, CLERK, ANNA].map((p) => [p.id, p]));
  app.addHook('onRequest', (req, _reply, done) => {
    req.principal = people.get(String(req.headers['x-test-person'])) ?? null;
    done();
  });
  if (opts.staffing) app.get('/api/staffing', () => ({ agentsNeeded: 3 }));
  pageScriptRoutes(app, scripts);
  const hub = dashboardRoutes(app, { ...s, changes, towns, county, timezone: TZ, now: () => Date.now(), keepAliveMs: 60_000, scriptUrl: scripts.url('dashboard') });
  const as = (person: Principal | null, url: string) => app!.inject({ method: 'GET', url, headers: person ? { 'x-test-person': person.id } : {} });
  return { ...s, changes, hub, as, app };
}

describe('dashboard routes: access', () => {
  it('sends someone not signed in to the login page and back, with the query kept', async () => {
    const s = server();
    const res = await s.as(null, '/dashboard');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
    expect((await s.as(null, '/dashboard?wall=1')).headers.location).toBe('/login?next=%2Fdashboard%3Fwall%3D1');
  });

  it('refuses town staff and agents with a German 403 page; the JSON and the stream too', async () => {
    const s = server();
    for (const who of [CLERK, ANNA]) {
      const res = await s.as(who, '/dashboard');
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Das Lagebild ist für die Teamleitung des Service-Centers.');
      expect((await s.as(who, '/api/dashboard')).statusCode).toBe(403);
      expect((await s.as(who, '/api/dashboard/events')).statusCode).toBe(403);
    }
    expect((await s.as(null, '/api/dashboard/events')).statusCode).toBe(401);
    expect((await s.as(null, '/api/dashboard')).statusCode).toBe(401);
  });

  it('an operator gets the page: German, the first views embedded, scripts from this server only', async () => {
    const s = server();
    s.setWaiting(2);
    const res = await s.as(LEAD, '/dashboard');
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(res.body).toContain('<html lang="de">');
    expect(res.body).toMatch(/<script src="\/assets\/dashboard-[0-9a-f]{16}\.js" defer><\/script>/);
    expect(res.body).toContain(`<script src="${scripts.url('dashboard')}" defer></script>`);
    expect(res.body).toContain('.uplot');
    expect(res.body).toContain('Angemeldet: Birte Thomsen');
    expect(res.body).toContain('data-staffing="0"');
    const embedded = /<script type="application\/json" id="initial-dashboard">(.*?)<\/script>/s.exec(res.body)?.[1];
    const initial = JSON.parse(embedded ?? 'null') as { live: LiveView; figures: FiguresView };
    expect(initial.live.waiting).toHaveLength(2);
    expect(initial.figures.kpis.map((k) => k.id)).toEqual(['service-level', 'asa', 'abandon', 'fcr', 'notes']);
    expect(initial.figures.kpis[4]).toMatchObject({ value: '0', level: 'good' });
  });

  it('tells the page whether GET /api/staffing is served', async () => {
    const s = server({ staffing: true });
    expect((await s.as(LEAD, '/dashboard')).body).toContain('data-staffing="1"');
  });

  it('serves the page script with uPlot bundled in, to anyone (it holds no data)', async () => {
    const s = server();
    const script = await s.as(null, scripts.url('dashboard'));
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain('uPlot');
    expect(script.body).toContain('new EventSource("/api/dashboard/events")');
  });

  it('GET /api/dashboard answers both views as JSON', async () => {
    const s = server();
    const res = await s.as(LEAD, '/api/dashboard');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>())).toEqual(['live', 'figures']);
  });
});

/** Reads server-sent events from a listening server until `until` holds. */
async function readEvents(url: string, person: Principal, until: (events: { event: string; data: unknown }[]) => boolean, timeoutMs = 3_000) {
  return new Promise<{ status: number; type: string; events: { event: string; data: unknown }[] }>((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const req = httpGet(url, { headers: { 'x-test-person': person.id } }, (res) => {
      let buffer = '';
      const done = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), events });
      };
      const timer = setTimeout(done, timeoutMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
        if (until(events)) done();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard events', () => {
  it('pushes the live view and the figures on connecting, and again after a change', async () => {
    const s = server();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const address = s.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/dashboard/events`;
    setTimeout(() => {
      s.setWaiting(3);
      s.changes.notify();
    }, 300);
    const res = await readEvents(url, LEAD, (events) => events.some((e) => e.event === 'live' && (e.data as LiveView).waiting.length === 3));
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/event-stream');
    expect(res.events[0]).toMatchObject({ event: 'live', data: { waiting: [] } });
    expect(res.events.some((e) => e.event === 'figures')).toBe(true);
    expect((res.events.at(-1)?.data as LiveView).waiting).toHaveLength(3);
    // The stream closed: the hub has no client left.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.hub.connected).toBe(0);
  });
});

describe('the dashboard hub', () => {
  const hubOf = (s: ReturnType<typeof sources>, changes: ChangeNotifier) =>
    new DashboardHub({
      ...s,
      changes,
      timezone: TZ,
      names: { towns: new Map(), county: 'Kreis' },
      townOrder: [],
      targets: DEFAULT_TARGETS,
      now: () => Date.now(),
      liveGapMs: 100,
      figuresGapMs: 300,
    });
  const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('coalesces a burst of changes into a few reads, and sends each update to every client', async () => {
    const s = sources();
    const changes = new ChangeNotifier();
    const hub = hubOf(s, changes);
    hub.start();
    const a: string[] = [];
    const b: string[] = [];
    hub.subscribe((chunk) => a.push(chunk));
    hub.subscribe((chunk) => b.push(chunk));
    await settle(150);
    const before = { ...s.reads };
    for (let i = 0; i < 100; i++) changes.notify();
    await settle(700);
    hub.stop();
    expect(s.reads.queue - before.queue).toBeGreaterThanOrEqual(1);
    expect(s.reads.queue - before.queue).toBeLessThanOrEqual(2);
    expect(s.reads.stats - before.stats).toBeLessThanOrEqual(3);
    expect(a).toEqual(b);
    expect(a.every((chunk) => /^event: (live|figures)\ndata: \{.*\}\n\n$/s.test(chunk))).toBe(true);
    // Notes are read once in a while, not with every figure.
    expect(s.reads.notes).toBe(1);
  });

  it('reads nothing for changes while no dashboard is open', async () => {
    const s = sources();
    const changes = new ChangeNotifier();
    const hub = hubOf(s, changes);
    hub.start();
    const unsubscribe = hub.subscribe(() => undefined);
    await settle(150);
    unsubscribe();
    await settle(400);
    const before = { ...s.reads };
    for (let i = 0; i < 10; i++) changes.notify();
    await settle(300);
    hub.stop();
    expect(s.reads).toEqual(before);
    expect(changes.size).toBe(0);
  });

  it('records the waiting callers of every live view in the history', async () => {
    const s = sources();
    s.setWaiting(4);
    const hub = hubOf(s, new ChangeNotifier());
    const { figures } = await hub.snapshot();
    expect(figures.chart.waiting.at(-1)).toBe(4);
    expect(hub.history.series(Date.now()).values.at(-1)).toBe(4);
  });
});

describe('closing the server', () => {
  it('ends open dashboard streams, so a dashboard left open on a wall screen does not hold up a shutdown', async () => {
    const s = server();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const address = s.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const ended = new Promise<void>((resolve, reject) => {
      const req = httpGet(`http://127.0.0.1:${port}/api/dashboard/events`, { headers: { 'x-test-person': LEAD.id } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.hub.connected).toBe(1);
    const closed = s.app.close().then(() => 'closed');
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 2_000))])).toBe('closed');
    await ended;
    app = undefined;
  });
});
