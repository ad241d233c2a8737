/** The handover's StasisStart arguments: what one center's engine writes, the partner's reads back. */
import { describe, expect, it } from 'vitest';
import { handoverArgs, handoverOf } from '../../../src/app/partner-handover.js';
import type { PartnerHandover } from '../../../src/domain/call.js';

const handover: PartnerHandover = {
  center: 'kreis-pinneberg',
  entry: 'town',
  trigger: 'estimated-wait',
  arrivedAt: 1_765_000_000_123,
  overflowReason: 'town-no-answer',
  municipality: { id: 'quickborn', name: 'Stadt Quickborn, Bürgerbüro' },
};

describe('the handover as StasisStart arguments', () => {
  it('round-trips, a name with a comma and umlauts included, and no argument holds a comma', () => {
    const args = handoverArgs(handover);
    expect(args.every((a) => !a.includes(','))).toBe(true);
    // ARI joins and splits appArgs at commas.
    expect(handoverOf(args.join(',').split(','))).toEqual({ handover });
  });

  it('a call about the center itself and without an overflow reason', () => {
    const plain: PartnerHandover = { ...handover, municipality: null, overflowReason: null, trigger: 'nobody-logged-in' };
    expect(handoverOf(handoverArgs(plain))).toEqual({ handover: plain });
  });

  it.each([
    ['not a handover', ['115']],
    ['too few fields', ['partner', 'kreis-pinneberg', 'waited', '1765000000123']],
    ['an unknown entry', ['partner', 'kreis-pinneberg', 'waited', '1765000000123', '-', 'fax', '-', '-']],
    ['no center', ['partner', '', 'waited', '1765000000123', '-', '115', '-', '-']],
    ['an unknown trigger', ['partner', 'kreis-pinneberg', 'bored', '1765000000123', '-', '115', '-', '-']],
    ['no arrival time', ['partner', 'kreis-pinneberg', 'waited', 'yesterday', '-', '-', '-']],
    ['an unknown overflow reason', ['partner', 'kreis-pinneberg', 'waited', '1765000000123', 'bored', '115', '-', '-']],
    ['a municipality without a name', ['partner', 'kreis-pinneberg', 'waited', '1765000000123', '-', 'town', 'quickborn', '-']],
    ['a broken name', ['partner', 'kreis-pinneberg', 'waited', '1765000000123', '-', 'town', 'quickborn', '%E0%A4%A']],
  ])('%s is a problem, not a handover', (_what, args) => {
    const parsed = handoverOf(args);
    expect('problem' in parsed && parsed.problem.length > 0).toBe(true);
  });
});
