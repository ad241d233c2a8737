import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import { DEFAULT_SERVICE_TARGETS, withOverrides, type ServiceTargets } from '../../../src/config/service-targets.js';
import { reportFromRecords, serviceLevelRulesOf, statsRoutes, withVerdicts } from '../../../src/stats/index.js';
import { MIN, SEC, TZ, at, record } from './records.js';

const DAY = '2025-01-06';
/** Four calls answered 25 s after arrival: two about Quickborn, two about Hasloh. */
const calls = [
  record('q1', { outcome: 'answered-by-town', arrivedAt: at(DAY, '09:00'), answeredAfter: 25 * SEC, endedAfter: 2 * MIN, municipality: 'quickborn' }),
  record('q2', { outcome: 'answered-by-town', arrivedAt: at(DAY, '09:10'), answeredAfter: 25 * SEC, endedAfter: 2 * MIN, municipality: 'quickborn' }),
  record('h1', { outcome: 'answered-by-town', arrivedAt: at(DAY, '09:20'), answeredAfter: 25 * SEC, endedAfter: 2 * MIN, municipality: 'hasloh' }),
  record('h2', { outcome: 'answered-by-town', arrivedAt: at(DAY, '09:30'), answeredAfter: 25 * SEC, endedAfter: 2 * MIN, municipality: 'hasloh' }),
];
const query = { timezone: TZ, fromDate: DAY, toDate: DAY, interval: 'total' as const };
const hasloh20s = withOverrides(DEFAULT_SERVICE_TARGETS, { serviceLevel: { share: 0.8, withinMs: 20_000 } });
const deployment = { serviceCenter: { targets: DEFAULT_SERVICE_TARGETS }, towns: [{ id: 'quickborn', targets: DEFAULT_SERVICE_TARGETS }, { id: 'hasloh', targets: hasloh20s }] };
const targetsOf = (m: string | null): ServiceTargets => (m === 'hasloh' ? hasloh20s : DEFAULT_SERVICE_TARGETS);

describe('statistics by the configured targets', () => {
  it('a call counts as answered in time by the seconds of its own town; the total is the sum of its parts', () => {
    expect(serviceLevelRulesOf(deployment)).toEqual({ serviceLevelMs: 30_000, serviceLevelMsByMunicipality: { hasloh: 20_000 } });
    const r = reportFromRecords({ records: calls, dispositions: [], query, rules: serviceLevelRulesOf(deployment), asOf: at(DAY, '12:00') });
    const by = new Map(r.byMunicipality?.map((m) => [m.municipality, m.serviceLevel]));
    expect(by.get('quickborn')).toEqual({ rate: 1, answeredInTime: 2, base: 2 });
    expect(by.get('hasloh')).toEqual({ rate: 0, answeredInTime: 0, base: 2 });
    expect(r.totals.serviceLevel).toEqual({ rate: 0.5, answeredInTime: 2, base: 4 });
    expect(r.rules.serviceLevelSec).toBe(30);
  });

  it('met / not met: the total by the center, each town by its own targets', () => {
    const r = reportFromRecords({ records: calls, dispositions: [], query, rules: serviceLevelRulesOf(deployment), asOf: at(DAY, '12:00') });
    const judged = withVerdicts(r, targetsOf);
    expect(judged.targets).toBe(DEFAULT_SERVICE_TARGETS);
    expect(judged.met).toEqual({ serviceLevel: false, asa: true, abandonment: true, fcr: null });
    expect(judged.byMunicipality?.map((m) => [m.municipality, m.met.serviceLevel, m.targets.serviceLevel.withinMs])).toEqual([
      ['hasloh', false, 20_000],
      ['quickborn', true, 30_000],
    ]);
  });

  it('the same figures: ASA 25 s meets 30 s but not a configured 20 s', () => {
    const r = reportFromRecords({ records: calls, dispositions: [], query: { ...query, municipality: 'quickborn' }, asOf: at(DAY, '12:00') });
    expect(withVerdicts(r, () => DEFAULT_SERVICE_TARGETS).met.asa).toBe(true);
    const strict = withOverrides(DEFAULT_SERVICE_TARGETS, { asa: { maxMs: 20_000 } });
    expect(withVerdicts(r, () => strict).met.asa).toBe(false);
  });

  it('GET /api/stats answers targets and met, a town report by the town\'s targets', async () => {
    const lead: Principal = { id: 'lead', name: 'Teamleitung', role: 'operator' };
    const app = Fastify();
    app.decorateRequest('principal', null);
    app.addHook('onRequest', (req, _reply, done) => {
      (req as { principal: Principal | null }).principal = lead;
      done();
    });
    statsRoutes(app, {
      stats: { report: (q) => Promise.resolve(reportFromRecords({ records: calls, dispositions: [], query: { ...q, timezone: TZ }, rules: serviceLevelRulesOf(deployment), asOf: at(DAY, '12:00') })) },
      timezone: TZ,
      towns: ['quickborn', 'hasloh'],
      now: () => at(DAY, '12:00'),
      targetsOf,
    });
    const res = await app.inject({ method: 'GET', url: `/api/stats?from=${DAY}&municipality=hasloh` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ municipality: 'hasloh', targets: { serviceLevel: { share: 0.8, withinMs: 20_000 } }, met: { serviceLevel: false } });
  });
});
