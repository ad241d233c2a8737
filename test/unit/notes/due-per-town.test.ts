import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { addServiceTime } from '../../../src/calendar/service-calendar.js';
import { parseDeployment } from '../../../src/config/index.js';
import { countyCalendar, noteSchedule } from '../../../src/notes/index.js';
import { dueServiceMsFor, notesSettings } from '../../../src/notes/settings.js';

const HOUR = 3_600_000;
const county = (edit: (d: { serviceCenter: Record<string, unknown>; towns: Record<string, unknown>[]; notes?: Record<string, unknown> }) => void) => {
  const d = parse(readFileSync(new URL('../../../config/county.yaml', import.meta.url), 'utf8')) as Parameters<typeof edit>[0];
  edit(d);
  return parseDeployment(stringify(d), 'notes-targets.yaml');
};

describe('the note reply time from the targets', () => {
  it('a note is due in the center\'s reply time; a town with its own is due in that', () => {
    const d = county((c) => {
      c.serviceCenter.targets = { noteReply: { withinServiceHours: 16 } };
      c.towns[0]!.targets = { noteReply: { withinServiceHours: 8 } };
    });
    const s = notesSettings(d, {});
    expect(dueServiceMsFor(s, 'quickborn')).toBe(8 * HOUR);
    expect(dueServiceMsFor(s, 'boenningstedt')).toBe(16 * HOUR);
    expect(dueServiceMsFor(s, 'kreis-pinneberg')).toBe(16 * HOUR);
    // Filed Monday 2026-01-12 09:00 in Berlin: 8 service hours later is 17:00 the same day.
    const filed = Date.parse('2026-01-12T08:00:00Z');
    expect(noteSchedule(countyCalendar(d), filed, dueServiceMsFor(s, 'quickborn')).dueAt).toBe(addServiceTime(countyCalendar(d), filed, 8 * HOUR));
    expect(noteSchedule(countyCalendar(d), filed, dueServiceMsFor(s, 'quickborn')).dueAt).toBe(Date.parse('2026-01-12T16:00:00Z'));
  });

  it('notes.dueServiceSec (tests, trials) still overrides every town', () => {
    const d = county((c) => {
      c.towns[0]!.targets = { noteReply: { withinServiceHours: 8 } };
      c.notes = { dueServiceSec: 4 };
    });
    const s = notesSettings(d, {});
    expect(dueServiceMsFor(s, 'quickborn')).toBe(4_000);
    expect(dueServiceMsFor(s, 'hasloh')).toBe(4_000);
  });
});
