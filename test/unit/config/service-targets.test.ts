import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseDeployment } from '../../../src/config/index.js';
import { DEFAULT_SERVICE_TARGETS, targetsFor } from '../../../src/config/service-targets.js';
import { problemsOf } from './problems-of.js';

const sampleText = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');

interface Shape {
  serviceCenter: Record<string, unknown>;
  towns: Record<string, unknown>[];
  notes?: Record<string, unknown>;
}

/** The sample without any targets, changed by `edit`, as YAML text. */
const county = (edit: (d: Shape) => void = () => undefined): string => {
  const d = parse(sampleText) as Shape;
  delete d.serviceCenter.targets;
  for (const t of d.towns) delete t.targets;
  edit(d);
  return stringify(d);
};


describe('service targets in the deployment file', () => {
  it('a deployment that says nothing gets today\'s values: 75 % in 30 s, ASA 30 s (amber to 60), 5 % abandoned (amber to 10), FCR 65 % (amber from 55), notes in 24 service hours', () => {
    const d = parseDeployment(county(), 'plain.yaml');
    expect(d.serviceCenter.targets).toEqual({
      serviceLevel: { share: 0.75, withinMs: 30_000, amberFrom: 0.65 },
      asa: { maxMs: 30_000, amberUpToMs: 60_000 },
      abandonment: { maxShare: 0.05, amberUpTo: 0.1 },
      fcr: { minShare: 0.65, amberFrom: 0.55 },
      noteReply: { withinServiceMs: 24 * 3_600_000, amberUpToOverdue: 0 },
    });
    expect(d.serviceCenter.targets).toEqual(DEFAULT_SERVICE_TARGETS);
    expect(d.towns.every((t) => t.targets.serviceLevel.share === 0.75 && t.holidays === 'none' && t.closures.length === 0)).toBe(true);
  });

  it('the shipped sample keeps today\'s values for the county and gives Hasloh its own service level', () => {
    const d = parseDeployment(sampleText, 'sample.yaml');
    expect(d.serviceCenter.targets).toEqual(DEFAULT_SERVICE_TARGETS);
    expect(targetsFor(d, 'hasloh').serviceLevel).toEqual({ share: 0.8, withinMs: 20_000, amberFrom: 0.7 });
    expect(targetsFor(d, 'quickborn')).toEqual(DEFAULT_SERVICE_TARGETS);
  });

  it('the center overrides some fields; a town overrides fewer and takes the rest from the center', () => {
    const d = parseDeployment(
      county((c) => {
        c.serviceCenter.targets = { serviceLevel: { share: 0.8, withinSec: 20 }, fcr: { minShare: 0.7, amberFrom: 0.6 }, noteReply: { withinServiceHours: 16 } };
        c.towns[1]!.targets = { serviceLevel: { withinSec: 15 }, asa: { maxSec: 20 }, noteReply: { amberUpToOverdue: 2 } };
      }),
      'over.yaml',
    );
    expect(d.serviceCenter.targets.serviceLevel).toEqual({ share: 0.8, withinMs: 20_000, amberFrom: 0.65 });
    expect(d.serviceCenter.targets.fcr).toEqual({ minShare: 0.7, amberFrom: 0.6 });
    expect(d.serviceCenter.targets.noteReply).toEqual({ withinServiceMs: 16 * 3_600_000, amberUpToOverdue: 0 });
    const town = d.towns[1]!;
    expect(town.targets.serviceLevel).toEqual({ share: 0.8, withinMs: 15_000, amberFrom: 0.65 });
    expect(town.targets.asa).toEqual({ maxMs: 20_000, amberUpToMs: 60_000 });
    expect(town.targets.fcr).toEqual({ minShare: 0.7, amberFrom: 0.6 });
    expect(town.targets.noteReply).toEqual({ withinServiceMs: 16 * 3_600_000, amberUpToOverdue: 2 });
    expect(d.towns[0]!.targets).toEqual(d.serviceCenter.targets);
    expect(targetsFor(d, null)).toBe(d.serviceCenter.targets);
    expect(targetsFor(d, 'no-such-town')).toBe(d.serviceCenter.targets);
  });

  it('notes.dueServiceHours, the older name, still sets the note reply time', () => {
    const d = parseDeployment(county((c) => (c.notes = { dueServiceHours: 8 })), 'old.yaml');
    expect(d.serviceCenter.targets.noteReply.withinServiceMs).toBe(8 * 3_600_000);
  });

  it('reports every bad value with its path: shares as fractions, whole positive seconds, known fields only', () => {
    const problems = problemsOf(
      county((c) => {
        c.serviceCenter.targets = { serviceLevel: { share: 75, withinSec: 0 }, asa: { maxSec: 12.5 }, abandonment: { maxShare: -0.1 }, fcr: { minShare: 'viel' }, noteReply: { withinServiceHours: 0 }, wait: {} };
        c.towns[0]!.targets = { serviceLevel: { share: 1 }, fcr: { goal: 0.7 } };
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'serviceCenter.targets.serviceLevel.share: must be a share between 0 and 1, e.g. 0.75 for 75 %, below 1 (100 % cannot be staffed for)',
        'serviceCenter.targets.serviceLevel.withinSec: must be at least 1 second',
        'serviceCenter.targets.asa.maxSec: must be a whole number of seconds',
        'serviceCenter.targets.abandonment.maxShare: must be a share between 0 and 1, e.g. 0.75 for 75 %',
        'serviceCenter.targets.fcr.minShare: must be a number, got a string',
        'serviceCenter.targets.noteReply.withinServiceHours: must be at least 1 service hour',
        'serviceCenter.targets.wait: unknown option (misspelt?)',
        'towns[0].targets.serviceLevel.share: must be a share between 0 and 1, e.g. 0.75 for 75 %, below 1 (100 % cannot be staffed for)',
        'towns[0].targets.fcr.goal: unknown option (misspelt?)',
      ]),
    );
  });

  it('an amber band must lie on the missing side of its target, also when the town moves only the target', () => {
    const problems = problemsOf(
      county((c) => {
        c.serviceCenter.targets = { serviceLevel: { share: 0.75, amberFrom: 0.8 }, asa: { maxSec: 40, amberUpToSec: 30 } };
        c.towns[2]!.targets = { fcr: { minShare: 0.5 }, abandonment: { amberUpTo: 0.02 } };
      }),
    );
    expect(problems).toEqual([
      'serviceCenter.targets.serviceLevel.amberFrom: the amber band amberFrom: 0.8 must not be above the target share: 0.75: amber shows a figure just BELOW the target (equal: no amber band)',
      'serviceCenter.targets.asa.amberUpToSec: the amber band amberUpToSec: 30 must not be below the target maxSec: 40: amber shows a figure just ABOVE the target (equal: no amber band)',
      'towns[2].targets.fcr.minShare: the amber band amberFrom: 0.55 (from serviceCenter.targets or the default) must not be above the target minShare: 0.5: amber shows a figure just BELOW the target (equal: no amber band)',
      'towns[2].targets.abandonment.amberUpTo: the amber band amberUpTo: 0.02 must not be below the target maxShare: 0.05 (from serviceCenter.targets or the default): amber shows a figure just ABOVE the target (equal: no amber band)',
    ]);
  });

  it('refuses the note reply time under both names', () => {
    expect(
      problemsOf(
        county((c) => {
          c.serviceCenter.targets = { noteReply: { withinServiceHours: 24 } };
          c.notes = { dueServiceHours: 24 };
        }),
      ),
    ).toEqual(['notes.dueServiceHours: is the older name of serviceCenter.targets.noteReply.withinServiceHours, which is set too: remove notes.dueServiceHours']);
  });
});

describe('town holidays and closure days in the deployment file', () => {
  it('reads them, defaulting to none of its own', () => {
    const d = parseDeployment(
      county((c) => {
        c.towns[0]!.holidays = 'schleswig-holstein';
        c.towns[0]!.closures = ['2026-06-12'];
      }),
      'town-days.yaml',
    );
    expect(d.towns[0]).toMatchObject({ holidays: 'schleswig-holstein', closures: ['2026-06-12'] });
    expect(d.towns[1]).toMatchObject({ holidays: 'none', closures: [] });
  });

  it('reports a bad day or holiday set with its path', () => {
    const problems = problemsOf(
      county((c) => {
        c.towns[1]!.holidays = 'bayern';
        c.towns[1]!.closures = ['2026-02-30'];
      }),
    );
    expect(problems).toEqual([
      'towns[1].holidays: must be one of "schleswig-holstein", "none", got "bayern"',
      'towns[1].closures[0]: must be a date "YYYY-MM-DD" that exists, e.g. "2026-12-24"',
    ]);
  });
});
