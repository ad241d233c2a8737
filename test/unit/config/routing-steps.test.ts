import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../../src/config/index.js';
import { routingFor } from '../../../src/app/routing.js';
import { problemsOf } from './problems-of.js';

const sampleText = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');
const PLAIN_115 = '  - number: "115"\n    kind: "115"\n';

const with115 = (lines: string): string => sampleText.replace(PLAIN_115, `${PLAIN_115}${lines}`);

describe('routing steps and skill levels in the deployment file', () => {
  it('reads the sample: the sign-language entry has two steps preferring the highest level, Svenja signs at level 3', () => {
    const d = parseDeployment(sampleText, 'sample.yaml');
    const dgs = d.entries.find((e) => e.kind === '115' && e.service === 'dgs');
    expect(dgs).toMatchObject({
      steps: [
        { skills: { dgs: 3, video: 1 }, forMs: 30_000 },
        { skills: { dgs: 1, video: 1 }, forMs: null },
      ],
      prefer: 'highest-level',
    });
    expect(d.agents.find((a) => a.id === 'agent-dgs-1')?.skills).toEqual({ dgs: 3 });
    expect(routingFor(d)({ kind: '115', townId: null, service: 'dgs' }, null)).toEqual({ priority: 0, steps: dgs?.steps, prefer: 'highest-level' });
  });

  it('a step of "any agent" ends the steps; a list of skills means level 1 each', () => {
    const d = parseDeployment(with115('    steps:\n      - { skills: [gewerbe], forSec: 20 }\n      - { skills: { gewerbe: 1, en: 2 }, forSec: 40 }\n      - { anyAgent: true }\n'), 't.yaml');
    expect(d.entries[0]).toMatchObject({
      steps: [
        { skills: { gewerbe: 1 }, forMs: 20_000 },
        { skills: { gewerbe: 1, en: 2 }, forMs: 40_000 },
        { skills: {}, forMs: null },
      ],
      prefer: 'longest-idle',
    });
  });

  it('reports every mistake in the steps at once, with its path', () => {
    const text = with115(
      '    needs: [dgs]\n    steps:\n      - { anyAgent: true }\n      - { skills: { gewerbe: 0 } }\n      - { skills: { gewerbe: 2 }, forSec: 30, anyAgent: true }\n      - { forSec: 10 }\n',
    );
    expect(problemsOf(text)).toEqual([
      'entries[0].steps: use either steps or needs (with widenAfterSec), not both',
      'entries[0].steps[0].anyAgent: "any agent" can only be the last step',
      'entries[0].steps[1].skills.gewerbe: a skill level must be at least 1',
      'entries[0].steps[1].forSec: every step but the last needs forSec (how long it lasts)',
      'entries[0].steps[2].anyAgent: a step either requires skills or takes any agent, not both',
      'entries[0].steps[2].forSec: "any agent" is the last step and lasts for as long as the call waits: remove forSec',
      'entries[0].steps[2].anyAgent: "any agent" can only be the last step',
      'entries[0].steps[3].skills: a step requires at least one skill (or write anyAgent: true as the last step)',
    ]);
  });

  it('refuses a last step that never ends when no agent meets any step, and accepts it when one does', () => {
    const steps = '    steps:\n      - { skills: { en: 3 }, forSec: 30 }\n      - { skills: { en: 2 } }\n';
    expect(problemsOf(with115(steps))).toEqual(['entries[0].steps: no agent has every skill of "en" at level 2, and the steps never widen: such calls would wait forever']);
    const speaksEnglish = with115(steps).replace('    endpoint: agent-1\n', '    endpoint: agent-1\n    skills: { en: 2 }\n');
    expect(problemsOf(speaksEnglish)).toEqual([]);
    expect(problemsOf(with115('    steps:\n      - { skills: { en: 3 }, forSec: 30 }\n      - { anyAgent: true }\n'))).toEqual([]);
  });

  it('refuses a skill level that is not a whole number from 1 to 9', () => {
    const text = sampleText.replace('    skills: { dgs: 3 }', '    skills: { dgs: 10, en: 1.5 }');
    expect(problemsOf(text)).toEqual(['agents[4].skills.dgs: a skill level must be at most 9', 'agents[4].skills.en: a skill level must be a whole number from 1 to 9']);
  });
});
