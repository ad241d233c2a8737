import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../../src/config/index.js';
import { problemsOf } from './problems-of.js';

const sampleText = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');


describe('overflow policy, hours and routing options', () => {
  it('defaults: ring-first, no cap, no own hours, no needs, band 0; the county closed on SH holidays', () => {
    const text = sampleText.replace(/^ *(mode|maxRinging|holidays|closures|announceEverySec|defaultHandleTimeSec):.*\n/gm, '');
    const d = parseDeployment(text, 'defaults.yaml');
    expect(d.towns[0]).toMatchObject({ mode: 'ring-first', maxRinging: null, hours: null, steps: [], prefer: 'longest-idle' });
    expect(d.serviceCenter).toMatchObject({ holidays: 'schleswig-holstein', closures: [], announceEveryMs: 45_000, defaultHandleTimeMs: 180_000 });
    expect(d.agents[0]).toMatchObject({ skills: {}, video: false });
  });

  it('reads the sample: Quickborn rings first with a cap of 4, the three towns have their area codes', () => {
    const d = parseDeployment(sampleText, 'sample.yaml');
    expect(d.towns.map((t) => [t.id, t.mode, t.maxRinging, t.areaCodes])).toEqual([
      ['quickborn', 'ring-first', 4, ['04106']],
      ['boenningstedt', 'ring-first', null, ['040556']],
      ['hasloh', 'ring-first', null, ['041066']],
    ]);
  });

  it('takes a town in switchboard mode with its own hours, and skills with widening', () => {
    const text = sampleText
      .replace('mode: ring-first ', 'mode: switchboard ')
      .replace('    # hours: the town office', '    hours: { mon: ["08:00", "12:00"] }\n    needs: [quickborn]\n    widenAfterSec: 30\n    # hours: the town office')
      .replace('    endpoint: agent-1\n', '    endpoint: agent-1\n    skills: [quickborn, dgs]\n    video: true\n');
    const d = parseDeployment(text, 'switchboard.yaml');
    expect(d.towns[0]).toMatchObject({ mode: 'switchboard', steps: [{ skills: { quickborn: 1 }, forMs: 30_000 }] });
    expect(d.towns[0]?.hours?.mon).toMatchObject({ openMinuteOfDay: 480, closeMinuteOfDay: 720 });
    expect(d.towns[0]?.hours?.tue).toBeNull();
    expect(d.agents[0]).toMatchObject({ skills: { quickborn: 1, dgs: 1 }, video: true });
  });

  it('reports every bad option at once, with its path', () => {
    const text = sampleText
      .replace('mode: ring-first ', 'mode: ringfirst ')
      .replace('maxRinging: 4 ', 'maxRinging: 0 ')
      .replace('closures: []', 'closures: ["2026-02-30"]')
      .replace('areaCodes: ["040556"]', 'areaCodes: ["04106"]')
      .replace('  - number: "115"\n    kind: "115"\n', '  - number: "115"\n    kind: "115"\n    priority: 10\n');
    expect(problemsOf(text)).toEqual([
      'serviceCenter.closures[0]: must be a date "YYYY-MM-DD" that exists, e.g. "2026-12-24"',
      'entries[0].priority: must be at most 9',
      'towns[0].mode: must be one of "ring-first", "switchboard", got "ringfirst"',
      'towns[0].maxRinging: must be at least 1 call',
      'towns[1].areaCodes[0]: area code "04106" already attributes 115 calls to the town at towns[0].areaCodes[0]',
    ]);
  });

  it('refuses needs no agent can meet when they never widen, but accepts them with widening', () => {
    const never = sampleText.replace('  - number: "115"\n    kind: "115"\n', '  - number: "115"\n    kind: "115"\n    needs: [en]\n');
    expect(problemsOf(never)).toEqual(['entries[0].needs: no agent has every skill of "en", and the needs never widen: such calls would wait forever']);
    expect(problemsOf(never.replace('    needs: [en]\n', '    needs: [en]\n    widenAfterSec: 60\n'))).toEqual([]);
  });

  it('names 115 services apart: a second plain 115 entry is an error, a named service is not', () => {
    const second = sampleText.replace('entries:\n', 'entries:\n  - number: "11598"\n    kind: "115"\n');
    expect(problemsOf(second)).toEqual(['entries[1].kind: only one 115 entry without a service name is allowed (the first is entries[0].kind)']);
    const named = sampleText.replace('entries:\n', 'entries:\n  - number: "11598"\n    kind: "115"\n    service: english\n');
    expect(problemsOf(named)).toEqual([]);
  });
});
