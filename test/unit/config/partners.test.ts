import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../../src/config/index.js';
import { problemsOf } from './problems-of.js';

const sampleText = readFileSync(fileURLToPath(new URL('../../../config/county.yaml', import.meta.url)), 'utf8');
const SAMPLE_PARTNER = '    - { center: kreis-segeberg, name: Service-Center Kreis Segeberg, afterWaitSec: 60, whenClosed: true, whenNobodyLoggedIn: true }\n';

/** The sample with its one partners entry replaced by these lines. */
const withPartners = (lines: string): string => {
  expect(sampleText).toContain(SAMPLE_PARTNER);
  return sampleText.replace(SAMPLE_PARTNER, lines);
};

describe('serviceCenter.partners', () => {
  it('reads the sample: Kreis Segeberg with its name and triggers', () => {
    expect(parseDeployment(sampleText, 'sample.yaml').serviceCenter.partners).toEqual([
      { partner: 'kreis-segeberg', name: 'Service-Center Kreis Segeberg', afterWaitMs: 60_000, whenClosed: true, whenNobodyLoggedIn: true },
    ]);
  });

  it('the name is optional: without it the desk shows the id', () => {
    const d = parseDeployment(withPartners('    - { center: kreis-segeberg, afterWaitSec: 30 }\n'), 'no-name.yaml');
    expect(d.serviceCenter.partners).toEqual([{ partner: 'kreis-segeberg', name: 'kreis-segeberg', afterWaitMs: 30_000 }]);
  });

  it('a name is trimmed; an empty one, a partner without a trigger, one listed twice or the center itself are refused', () => {
    expect(parseDeployment(withPartners('    - { center: kreis-segeberg, name: "  Kreis Segeberg ", whenClosed: true }\n'), 'trim.yaml').serviceCenter.partners[0]?.name).toBe('Kreis Segeberg');
    expect(
      problemsOf(
        withPartners(
          [
            '    - { center: kreis-segeberg, name: "  ", whenClosed: true }',
            '    - { center: kreis-stormarn, name: Service-Center Kreis Stormarn }',
            '    - { center: kreis-segeberg, afterWaitSec: 60 }',
            '',
          ].join('\n'),
        ),
      ),
    ).toEqual([
      'serviceCenter.partners[0].name: must not be empty',
      'serviceCenter.partners[1]: needs at least one trigger: afterWaitSec, estimatedWaitOverSec, whenClosed or whenNobodyLoggedIn',
    ]);
    expect(problemsOf(withPartners('    - { center: kreis-segeberg, afterWaitSec: 60 }\n    - { center: kreis-segeberg, whenClosed: true }\n'))).toEqual([
      'serviceCenter.partners[1].center: partner kreis-segeberg is listed twice',
    ]);
    expect(problemsOf(withPartners('    - { center: kreis-pinneberg, name: Wir selbst, afterWaitSec: 60 }\n'))).toEqual(['serviceCenter.partners: a center cannot be its own partner']);
  });
});

describe('serviceCenter.forward (a center on another platform)', () => {
  const withForward = (line: string): string => sampleText.replace('  partners:\n', `${line}\n  partners:\n`);

  it('none by default; read with its name, dial string and triggers', () => {
    expect(parseDeployment(sampleText, 'sample.yaml').serviceCenter.forward).toBeNull();
    const d = parseDeployment(withForward('  forward: { center: kreis-steinburg, name: 115 Kreis Steinburg, dial: "PJSIP/trunk/sip:11590@192.0.2.10:5060", afterWaitSec: 120, whenClosed: true }'), 'forward.yaml');
    expect(d.serviceCenter.forward).toEqual({ partner: 'kreis-steinburg', name: '115 Kreis Steinburg', dial: 'PJSIP/trunk/sip:11590@192.0.2.10:5060', afterWaitMs: 120_000, whenClosed: true });
  });

  it('refuses a dial string that is not PJSIP, a forward without a trigger, and a partner of this platform or the center itself', () => {
    const problems = (line: string) => problemsOf(withForward(line)).join('\n');
    expect(problems('  forward: { center: kreis-steinburg, dial: "SIP/11590@old", afterWaitSec: 60 }')).toMatch(/serviceCenter\.forward\.dial: must be an Asterisk PJSIP dial string/);
    expect(problems('  forward: { center: kreis-steinburg, dial: "PJSIP/trunk/sip:11590@192.0.2.10" }')).toMatch(/serviceCenter\.forward: needs at least one trigger/);
    expect(problems('  forward: { center: kreis-segeberg, dial: "PJSIP/trunk/sip:11590@192.0.2.10", afterWaitSec: 60 }')).toMatch(/serviceCenter\.forward\.center: must be a center on another platform/);
    expect(problems('  forward: { center: kreis-pinneberg, dial: "PJSIP/trunk/sip:11590@192.0.2.10", afterWaitSec: 60 }')).toMatch(/serviceCenter\.forward\.center: must be a center on another platform/);
  });
});
