import { describe, expect, it } from 'vitest';
import type { QueueView } from '../../../src/app/queue-view.js';
import type { AgentState } from '../../../src/domain/agent.js';
import { agentId } from '../../../src/domain/ids.js';
import { WaitingHistory } from '../../../src/dashboard/history.js';
import { DEFAULT_SERVICE_TARGETS as DEFAULT_TARGETS, withOverrides } from '../../../src/config/service-targets.js';
import { figuresView, kpisOf, liveView, type Names } from '../../../src/dashboard/view.js';
import { reportFromRecords } from '../../../src/stats/index.js';
import { MIN, SEC, TZ, at, final, record } from '../stats/records.js';

const NBSP = '\u00a0';
const NAMES: Names = { towns: new Map([['quickborn', 'Stadt Quickborn'], ['hasloh', 'Gemeinde Hasloh'], ['boenningstedt', 'Gemeinde Bönningstedt']]), county: 'Service-Center Kreis Pinneberg' };
const NOW = at('2025-01-06', '10:30');

const agent = (id: string, status: AgentState['status'], extra: Partial<AgentState> = {}, name: string | null = null): AgentState & { name: string | null } => ({
  id: agentId(id),
  status,
  since: NOW - 90 * SEC,
  callId: null,
  pauseReason: null,
  wrapUpUntil: null,
  version: 1,
  name,
  ...extra,
});

const queue: QueueView = {
  at: NOW,
  waiting: [
    { callId: 'c1', position: 1, queuePosition: null, entry: '115', townId: null, municipality: 'quickborn', phase: 'offering', overflowReason: 'direct-115', waitedMs: 75_000, offeredTo: 'agent-1', estimatedWaitMs: 0, callbackRequested: false },
    { callId: 'c2', position: 2, queuePosition: 1, entry: 'town', townId: 'hasloh', municipality: 'hasloh', phase: 'queued', overflowReason: 'town-no-answer', waitedMs: 40_000, offeredTo: null, estimatedWaitMs: 95_000, callbackRequested: false },
    { callId: 'c3', position: 3, queuePosition: 2, entry: '115', townId: null, municipality: null, phase: 'queued', overflowReason: 'direct-115', waitedMs: 10_000, offeredTo: null, estimatedWaitMs: null, callbackRequested: false },
    { callId: 'c4', position: 4, queuePosition: 3, entry: 'town', townId: 'quickborn', municipality: 'quickborn', phase: 'callback', overflowReason: 'town-busy', waitedMs: 600_000, offeredTo: null, estimatedWaitMs: 200_000, callbackRequested: true },
  ],
  ringingAtTowns: 2,
  agents: [
    agent('agent-1', 'offered', { callId: null }, 'Anna Petersen'),
    agent('agent-2', 'paused', { pauseReason: 'meeting' }, 'Jonas Hansen'),
    agent('agent-3', 'available', {}, 'Merle Jensen'),
    agent('agent-4', 'paused', { pauseReason: 'no-answer' }, 'Ole Carstens'),
    agent('agent-5', 'logged-out', {}, null),
  ],
};

describe('the live view', () => {
  const live = liveView(queue, NAMES, DEFAULT_TARGETS);

  it('lists the callers on the line with wait, entry and municipality; callback requests apart', () => {
    expect(live.waiting.map((c) => [c.callId, c.entryLabel, c.municipalityName, c.phaseLabel, c.estimatedWait])).toEqual([
      ['c1', '115', 'Stadt Quickborn', 'klingelt bei Anna Petersen', '–'],
      ['c2', 'Gemeinde', 'Gemeinde Hasloh', 'wartet', `ca. 1:35${NBSP}min`],
      ['c3', '115', 'Service-Center Kreis Pinneberg', 'wartet', 'unbekannt'],
    ]);
    expect(live.waiting[0]).toMatchObject({ arrivedAt: NOW - 75_000, waitedMs: 75_000 });
    expect(live.callbacks.map((c) => [c.callId, c.phaseLabel])).toEqual([['c4', 'Rückruf gewünscht']]);
    expect(live.longestWaitMs).toBe(75_000);
    expect(live.ringingAtTowns).toBe(2);
    expect(live.waitLimits).toEqual({ goodMs: 30_000, warnMs: 60_000 });
  });

  it('groups the agents by state in a fixed order, with the pause reason in German and names', () => {
    expect(live.agentGroups.map((g) => [g.label, g.agents.map((a) => `${a.name}: ${a.label}`)])).toEqual([
      ['Bereit', ['Merle Jensen: Bereit']],
      ['Im Gespräch', []],
      ['Nachbearbeitung', []],
      ['Pause', ['Jonas Hansen: Pause (Besprechung)', 'Ole Carstens: Pause (Anruf nicht angenommen)']],
      ['Klingelt', ['Anna Petersen: Klingelt']],
      ['Abgemeldet', ['agent-5: Abgemeldet']],
    ]);
    expect(live.agentGroups[0]?.agents[0]?.since).toBe(NOW - 90 * SEC);
  });

  it('a caller a partner center handed over: the town there, with the partner named (its id when this center does not name it)', () => {
    const handedOver = (town: string | null) => ({
      ...queue,
      waiting: [{ callId: 'c9', position: 1, queuePosition: null, entry: '115' as const, townId: null, municipality: null, phase: 'offering' as const, overflowReason: 'partner', waitedMs: 80_000, offeredTo: 'agent-3', estimatedWaitMs: 0, callbackRequested: false, fromPartner: { center: 'kreis-segeberg', municipalityName: town } }],
    });
    const names = { ...NAMES, partners: new Map([['kreis-segeberg', 'Service-Center Kreis Segeberg']]) };
    expect(liveView(handedOver('Stadt Kaltenkirchen'), names, DEFAULT_TARGETS).waiting[0]?.municipalityName).toBe('Stadt Kaltenkirchen (Service-Center Kreis Segeberg)');
    expect(liveView(handedOver(null), names, DEFAULT_TARGETS).waiting[0]?.municipalityName).toBe('Service-Center Kreis Segeberg');
    expect(liveView(handedOver('Stadt Kaltenkirchen'), NAMES, DEFAULT_TARGETS).waiting[0]?.municipalityName).toBe('Stadt Kaltenkirchen (kreis-segeberg)');
  });

  it('nobody waiting: no longest wait', () => {
    expect(liveView({ ...queue, waiting: [] }, NAMES, DEFAULT_TARGETS).longestWaitMs).toBeNull();
  });
});

describe('the figures of the day', () => {
  const DAY = '2025-01-06';
  const calls = [
    // 09:xx: two answered in time by agents, one after 45 s; one abandoned after 20 s.
    record('a1', { outcome: 'answered-by-agent', arrivedAt: at(DAY, '09:05'), answeredAfter: 10 * SEC, endedAfter: 3 * MIN, agent: 'agent-1' }),
    record('a2', { outcome: 'answered-by-agent', arrivedAt: at(DAY, '09:10'), answeredAfter: 20 * SEC, endedAfter: 3 * MIN, agent: 'agent-1', municipality: 'hasloh' }),
    record('a3', { outcome: 'answered-by-agent', arrivedAt: at(DAY, '09:20'), answeredAfter: 45 * SEC, endedAfter: 3 * MIN, agent: 'agent-2' }),
    record('a4', { outcome: 'abandoned', arrivedAt: at(DAY, '09:30'), endedAfter: 20 * SEC }),
    // 10:xx: one answered by the town at once, about no town.
    record('a5', { outcome: 'answered-by-town', arrivedAt: at(DAY, '10:01'), answeredAfter: 5 * SEC, endedAfter: 2 * MIN, municipality: null }),
  ];
  const report = reportFromRecords({
    records: calls,
    dispositions: [final(calls[0]!, 'resolved', at(DAY, '09:08'), at(DAY, '09:08')), final(calls[1]!, 'transferred', at(DAY, '09:13'), at(DAY, '09:13')), final(calls[2]!, 'resolved', at(DAY, '09:24'), at(DAY, '09:24'))],
    query: { timezone: TZ, fromDate: DAY, toDate: DAY, interval: 'hour' },
    asOf: NOW,
  });
  const history = new WaitingHistory(TZ);
  history.record(at(DAY, '09:30', 10), 3);
  history.record(at(DAY, '10:29', 10), 1);
  const view = figuresView({ report, history: history.series(NOW), names: NAMES, townOrder: ['quickborn', 'boenningstedt', 'hasloh'], targets: DEFAULT_TARGETS, at: NOW, notes: { filed: 3, open: 2, overdue: 1, closed: 1, closedInTime: 1, due: 0 } });

  it('judges each KPI against its target, with the target and a text beside the colour', () => {
    expect(view.kpis.map((k) => [k.id, k.value, k.target, k.level, k.levelText])).toEqual([
      ['service-level', `60${NBSP}%`, `Ziel: 75${NBSP}% in 30${NBSP}s`, 'bad', '✗ verfehlt'],
      ['asa', `20${NBSP}s`, `Ziel: höchstens 30${NBSP}s`, 'good', '✓ im Ziel'],
      ['abandon', `20${NBSP}%`, `Ziel: höchstens 5${NBSP}%`, 'bad', '✗ verfehlt'],
      ['fcr', `67${NBSP}%`, `Ziel: mindestens 65${NBSP}%`, 'good', '✓ im Ziel'],
      ['notes', '1', 'Ziel: keine überfällig', 'bad', '✗ verfehlt'],
    ]);
    expect(view.kpis[0]?.detail).toBe(`3 von 5 Anrufen in 30${NBSP}s angenommen`);
    expect(view.kpis[4]?.detail).toBe('2 offen (Frist: 24 Servicestunden)');
    expect(view.dateLabel).toBe('Montag, 6. Januar 2025');
    expect(view.upToDate).toBe(true);
  });

  it('lists every town of the deployment, those without calls too, then calls about no town, and a total', () => {
    expect(view.municipalities.map((r) => [r.id, r.name, r.offered, r.answered, r.abandoned, r.serviceLevel, r.serviceLevelLevel])).toEqual([
      ['quickborn', 'Stadt Quickborn', '3', '2', '1', `33${NBSP}%`, 'bad'],
      ['boenningstedt', 'Gemeinde Bönningstedt', '0', '0', '0', '–', 'none'],
      ['hasloh', 'Gemeinde Hasloh', '1', '1', '0', `100${NBSP}%`, 'good'],
      ['', 'Service-Center Kreis Pinneberg', '1', '1', '0', `100${NBSP}%`, 'good'],
    ]);
    expect(view.total).toMatchObject({ name: 'Alle zusammen', offered: '5', serviceLevel: `60${NBSP}%` });
  });

  it('configured targets change the verdicts and target texts of the same figures', () => {
    const county = withOverrides(DEFAULT_TARGETS, { serviceLevel: { share: 0.8, withinMs: 20_000 }, asa: { maxMs: 15_000 }, fcr: { minShare: 0.7, amberFrom: 0.6 }, noteReply: { withinServiceMs: 8 * 3_600_000 } });
    const v = figuresView({ report, history: history.series(NOW), names: NAMES, townOrder: ['quickborn'], targets: county, at: NOW, notes: { filed: 3, open: 2, overdue: 1, closed: 1, closedInTime: 1, due: 0 } });
    expect(v.kpis.map((k) => [k.id, k.target, k.level])).toEqual([
      ['service-level', `Ziel: 80${NBSP}% in 20${NBSP}s`, 'bad'],
      ['asa', `Ziel: höchstens 15${NBSP}s`, 'warn'],
      ['abandon', `Ziel: höchstens 5${NBSP}%`, 'bad'],
      ['fcr', `Ziel: mindestens 70${NBSP}%`, 'warn'],
      ['notes', 'Ziel: keine überfällig', 'bad'],
    ]);
    expect(v.kpis[4]?.detail).toBe('2 offen (Frist: 8 Servicestunden)');
    expect(v.chart.targetPct).toBe(80);
  });

  it("a town's own targets change only that town's row", () => {
    const quickborn = withOverrides(DEFAULT_TARGETS, { serviceLevel: { share: 0.3, withinMs: 20_000, amberFrom: 0.2 } });
    const v = figuresView({ report, history: history.series(NOW), names: NAMES, townOrder: ['quickborn', 'boenningstedt', 'hasloh'], targets: DEFAULT_TARGETS, townTargets: new Map([['quickborn', quickborn]]), at: NOW });
    expect(v.municipalities.map((r) => [r.id, r.serviceLevel, r.serviceLevelLevel, r.ownTarget])).toEqual([
      ['quickborn', `33${NBSP}%`, 'good', `Eigenes Ziel: 30${NBSP}% in 20${NBSP}s`],
      ['boenningstedt', '–', 'none', null],
      ['hasloh', `100${NBSP}%`, 'good', null],
      ['', `100${NBSP}%`, 'good', null],
    ]);
    expect(view.municipalities[0]?.serviceLevelLevel).toBe('bad');
    expect(v.total).toMatchObject({ serviceLevel: `60${NBSP}%`, serviceLevelLevel: 'bad', ownTarget: null });
  });

  it('charts the waiting history per minute and the service level per hour, nothing for hours to come', () => {
    const c = view.chart;
    expect(c.stepMs).toBe(MIN);
    expect(c.waiting[9 * 60 + 30]).toBe(3);
    expect(c.waiting[10 * 60 + 29]).toBe(1);
    expect(c.waitingSince).toBe(at(DAY, '09:30'));
    expect(c.hours).toHaveLength(24);
    expect(c.hours[9]).toEqual({ start: at(DAY, '09:00'), serviceLevelPct: 50 });
    expect(c.hours[10]).toEqual({ start: at(DAY, '10:00'), serviceLevelPct: 100 });
    expect(c.hours[8]?.serviceLevelPct).toBeNull();
    expect(c.hours[11]?.serviceLevelPct).toBeNull();
    expect(c.targetPct).toBe(75);
  });

  it("without the notes' own counts, the report's are used; without a notes module nothing is judged", () => {
    const withReport = figuresView({ report, history: history.series(NOW), names: NAMES, townOrder: [], targets: DEFAULT_TARGETS, at: NOW });
    expect(withReport.kpis[4]).toMatchObject({ value: '–', level: 'none', detail: 'Rückrufnotizen sind nicht angebunden.' });
  });

  it('a day without calls: every KPI says so, none is red', () => {
    const empty = reportFromRecords({ records: [], dispositions: [], query: { timezone: TZ, fromDate: DAY, toDate: DAY, interval: 'hour' }, asOf: NOW });
    const kpis = kpisOf(empty.totals, { open: 0, overdue: 0, available: true }, DEFAULT_TARGETS);
    expect(kpis.map((k) => [k.id, k.value, k.level])).toEqual([
      ['service-level', '–', 'none'],
      ['asa', '–', 'none'],
      ['abandon', '–', 'none'],
      ['fcr', '–', 'none'],
      ['notes', '0', 'good'],
    ]);
    expect(kpis[0]?.detail).toBe('Noch keine Anrufe heute.');
  });
});
