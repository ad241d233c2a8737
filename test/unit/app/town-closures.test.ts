/**
 * Towns' own holidays and closure days: on them the town hall is not rung and its calls overflow
 * as town-closed, while the other towns ring as usual.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openingHours } from '../../../src/app/opening-hours.js';
import { callPolicy } from '../../../src/app/policy.js';
import { parseDeployment } from '../../../src/config/index.js';
import { arrive } from '../../../src/domain/arrive.js';
import { endpointName, townId } from '../../../src/domain/ids.js';
import { arrival, ofType } from '../domain/helpers.js';

const WEEKDAYS_9_TO_5 = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00', '17:00']]));

/** The sample county: Quickborn keeps hours and closes on 12 June 2026; Hasloh keeps no hours but closes on 15 June; Bönningstedt has nothing of its own. */
const deployment = (() => {
  const d = parse(readFileSync(new URL('../../../config/county.yaml', import.meta.url), 'utf8')) as { serviceCenter: Record<string, unknown>; towns: Record<string, unknown>[] };
  d.serviceCenter.closures = ['2026-06-19'];
  Object.assign(d.towns[0]!, { hours: WEEKDAYS_9_TO_5, closures: ['2026-06-12'] });
  Object.assign(d.towns[2]!, { closures: ['2026-06-15'] });
  Object.assign(d.towns[1]!, { hours: WEEKDAYS_9_TO_5 });
  return parseDeployment(stringify(d), 'town-closures.yaml');
})();
const hours = openingHours(deployment);
const policy = callPolicy(deployment, hours);
/** 10:00 in Berlin (summer time) on a date. */
const tenAm = (date: string): number => Date.parse(`${date}T08:00:00Z`);
const context = { registeredPhones: [endpointName('quickborn-1'), endpointName('quickborn-2'), endpointName('boenningstedt-1'), endpointName('hasloh-1')], ringingAtTown: 0, skilledAgentStaffed: true };
const callTo = (town: string, date: string) => arrive(arrival(townId(town), tenAm(date)), policy, context);
const dialled = (r: ReturnType<typeof arrive>) => ofType(r.commands, 'telephony.dial').map((c) => c.endpoint as string);

describe("a town's own closure days and holidays", () => {
  it('on its closure day the town hall is not rung: the call overflows as town-closed, while another town rings', () => {
    const quickborn = callTo('quickborn', '2026-06-12');
    expect(quickborn.next).toMatchObject({ phase: 'queued', overflowReason: 'town-closed' });
    expect(dialled(quickborn)).toEqual([]);
    const boenningstedt = callTo('boenningstedt', '2026-06-12');
    expect(boenningstedt.next.phase).toBe('town-ringing');
    expect(dialled(boenningstedt)).toEqual(['boenningstedt-1']);
    expect(dialled(callTo('quickborn', '2026-06-11'))).toEqual(['quickborn-1', 'quickborn-2']);
  });

  it("a town with hours is also closed on the county's closure days (the union of both)", () => {
    expect(hours.townOpen('quickborn', tenAm('2026-06-19'))).toBe(false);
    expect(hours.townOpen('boenningstedt', tenAm('2026-06-19'))).toBe(false);
    expect(hours.townOpen('boenningstedt', tenAm('2026-06-18'))).toBe(true);
  });

  it("a town without hours is rung around the clock, except on its own closure days (not the county's)", () => {
    expect(hours.townOpen('hasloh', tenAm('2026-06-15'))).toBe(false);
    expect(callTo('hasloh', '2026-06-15').next).toMatchObject({ overflowReason: 'town-closed' });
    expect(hours.townOpen('hasloh', tenAm('2026-06-19'))).toBe(true);
    expect(hours.townOpen('hasloh', Date.parse('2026-06-14T01:00:00Z'))).toBe(true);
  });

  it("a town's own holidays: Schleswig-Holstein's close the town even when the county keeps none", () => {
    const d = parse(readFileSync(new URL('../../../config/county.yaml', import.meta.url), 'utf8')) as { serviceCenter: Record<string, unknown>; towns: Record<string, unknown>[] };
    d.serviceCenter.holidays = 'none';
    Object.assign(d.towns[0]!, { hours: WEEKDAYS_9_TO_5, holidays: 'schleswig-holstein' });
    Object.assign(d.towns[1]!, { hours: WEEKDAYS_9_TO_5 });
    const h = openingHours(parseDeployment(stringify(d), 'town-holidays.yaml'));
    // Whit Monday 2026 is 25 May.
    expect(h.townOpen('quickborn', tenAm('2026-05-25'))).toBe(false);
    expect(h.townOpen('boenningstedt', tenAm('2026-05-25'))).toBe(true);
    expect(h.centerOpen(tenAm('2026-05-25'))).toBe(true);
  });
});
