/** A center's own service level over the recent window, as its partners see it. */
import { describe, expect, it } from 'vitest';
import { RecentServiceLevel } from '../../../src/app/recent-service-level.js';
import type { Call } from '../../../src/domain/call.js';

const T = 1_765_000_000_000;
const ended = (over: Partial<Call> & { times: Call['times'] }): Call => ({ id: 'c', version: 1, entry: { kind: '115', townId: null }, municipality: null, callerChannel: 'ch', callerHash: 'h', phase: 'ended', timerSeq: 0, offers: [], ...over }) as Call;
const answered = (waitMs: number, endedAt: number): Call =>
  ended({ outcome: 'answered-by-agent', times: { arrivedAt: endedAt - waitMs - 60_000, queuedAt: endedAt - waitMs - 60_000, answeredAt: endedAt - 60_000, endedAt } });

describe('RecentServiceLevel', () => {
  it('counts answered calls within and beyond the target and abandoned ones as beyond', () => {
    const sl = new RecentServiceLevel(30_000);
    sl.addRecord(answered(10_000, T));
    sl.addRecord(answered(30_000, T + 1));
    sl.addRecord(answered(31_000, T + 2));
    sl.addRecord(ended({ outcome: 'abandoned', times: { arrivedAt: T - 5_000, queuedAt: T - 5_000, endedAt: T + 3 } }));
    expect(sl.at(T + 10)).toEqual({ calls: 4, withinTarget: 2 });
  });

  it('leaves out calls that never queued, calls a partner handed over, and other outcomes', () => {
    const sl = new RecentServiceLevel(30_000);
    sl.addRecord(ended({ outcome: 'answered-by-town', times: { arrivedAt: T - 5_000, answeredAt: T - 4_000, endedAt: T } }));
    sl.addRecord({ ...answered(5_000, T), fromPartner: { center: 'kreis-segeberg', entry: '115', trigger: 'waited', arrivedAt: T - 100_000, overflowReason: null, municipality: null } });
    sl.addRecord(ended({ outcome: 'handed-over', times: { arrivedAt: T - 90_000, queuedAt: T - 90_000, endedAt: T } }));
    sl.addRecord(ended({ outcome: 'closed', times: { arrivedAt: T - 5_000, queuedAt: T - 5_000, endedAt: T } }));
    expect(sl.at(T + 10)).toEqual({ calls: 0, withinTarget: 0 });
  });

  it('forgets calls older than the window', () => {
    const sl = new RecentServiceLevel(30_000, 30 * 60_000);
    sl.addRecord(answered(60_000, T));
    sl.addRecord(answered(1_000, T + 20 * 60_000));
    expect(sl.at(T + 29 * 60_000)).toEqual({ calls: 2, withinTarget: 1 });
    expect(sl.at(T + 31 * 60_000)).toEqual({ calls: 1, withinTarget: 1 });
  });
});
