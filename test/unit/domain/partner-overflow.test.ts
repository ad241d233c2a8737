import { describe, expect, it } from 'vitest';
import { CALLS_TO_JUDGE, mayBorrow, withinTarget, type PartnerLoad, type PartnerRule } from '../../../src/domain/partner-overflow.js';

/** When a caller of one center may go to a partner center's agents, and when the partner lends nobody. */
const rule: PartnerRule = { partner: 'kreis-segeberg', afterWaitMs: 60_000, estimatedWaitOverMs: 120_000, whenClosed: true, whenNobodyLoggedIn: true };
const open = { open: true, loggedIn: 4 };
const healthy: PartnerLoad = { open: true, freeAgents: 2, ownWaiting: 0, window: { calls: 40, withinTarget: 34 }, targetShare: 0.75 };
const fresh = { waitedMs: 5_000, estimatedWaitMs: 30_000 };

describe('mayBorrow', () => {
  it('lets a caller go to the partner once they have waited the set time, or their estimated wait passes the threshold', () => {
    expect(mayBorrow(fresh, open, rule, healthy)).toEqual({ allowed: false, why: 'no-trigger' });
    expect(mayBorrow({ ...fresh, waitedMs: 60_000 }, open, rule, healthy)).toEqual({ allowed: true, trigger: 'waited' });
    expect(mayBorrow({ ...fresh, waitedMs: 59_999 }, open, rule, healthy)).toEqual({ allowed: false, why: 'no-trigger' });
    expect(mayBorrow({ ...fresh, estimatedWaitMs: 120_000 }, open, rule, healthy)).toEqual({ allowed: true, trigger: 'estimated-wait' });
    // No estimate (no history yet) is no reason to send anyone away.
    expect(mayBorrow({ ...fresh, estimatedWaitMs: null }, open, rule, healthy)).toEqual({ allowed: false, why: 'no-trigger' });
  });

  it('sends callers of a closed center, or of one with nobody logged in, to an open partner at once', () => {
    expect(mayBorrow(fresh, { open: false, loggedIn: 0 }, rule, healthy)).toEqual({ allowed: true, trigger: 'closed' });
    expect(mayBorrow(fresh, { open: true, loggedIn: 0 }, rule, healthy)).toEqual({ allowed: true, trigger: 'nobody-logged-in' });
    // Only the triggers the rule names fire.
    const waitOnly: PartnerRule = { partner: 'kreis-segeberg', afterWaitMs: 60_000 };
    expect(mayBorrow(fresh, { open: false, loggedIn: 0 }, waitOnly, healthy)).toEqual({ allowed: false, why: 'no-trigger' });
    expect(mayBorrow(fresh, { open: true, loggedIn: 0 }, waitOnly, healthy)).toEqual({ allowed: false, why: 'no-trigger' });
  });

  it("lends nobody while the partner is closed, has no free agent, or its own callers wait (they go first)", () => {
    const waited = { ...fresh, waitedMs: 90_000 };
    expect(mayBorrow(waited, open, rule, { ...healthy, open: false })).toEqual({ allowed: false, why: 'partner-closed' });
    expect(mayBorrow({ ...fresh }, { open: false, loggedIn: 0 }, rule, { ...healthy, open: false })).toEqual({ allowed: false, why: 'no-trigger' });
    expect(mayBorrow(waited, open, rule, { ...healthy, freeAgents: 0 })).toEqual({ allowed: false, why: 'partner-busy' });
    expect(mayBorrow(waited, open, rule, { ...healthy, ownWaiting: 1 })).toEqual({ allowed: false, why: 'partner-own-callers-waiting' });
  });

  it('lends nobody while the partner serves its own callers below its target over the window', () => {
    const waited = { ...fresh, waitedMs: 90_000 };
    // 29 of 40 within target is 72.5 %, below 75 %; 30 of 40 meets it.
    expect(mayBorrow(waited, open, rule, { ...healthy, window: { calls: 40, withinTarget: 29 } })).toEqual({ allowed: false, why: 'partner-below-target' });
    expect(mayBorrow(waited, open, rule, { ...healthy, window: { calls: 40, withinTarget: 30 } })).toEqual({ allowed: true, trigger: 'waited' });
  });
});

describe('withinTarget', () => {
  it('judges the service level only from enough calls: a quiet window says nothing against the partner', () => {
    expect(withinTarget({ ...healthy, window: { calls: CALLS_TO_JUDGE - 1, withinTarget: 0 } })).toBe(true);
    expect(withinTarget({ ...healthy, window: { calls: CALLS_TO_JUDGE, withinTarget: 0 } })).toBe(false);
    expect(withinTarget({ ...healthy, window: { calls: 0, withinTarget: 0 } })).toBe(true);
  });
});
