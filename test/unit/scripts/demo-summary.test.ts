import { describe, expect, it } from 'vitest';
import type { Call } from '../../../src/domain/call.js';
import { helpedEachOther, summarize, type SummaryNames } from '../../../scripts/demo/summary.js';

/**
 * The demo's summary on a platform of two centers: a caller one center handed to its partner has a
 * record at each (handed-over at home, fromPartner at the partner) and is counted once, where served.
 */
const T0 = 1_750_000_000_000;
const names: SummaryNames = {
  town: (id) => ({ quickborn: 'Stadt Quickborn', kaltenkirchen: 'Stadt Kaltenkirchen' })[id] ?? id,
  agent: (id) => id,
  center: (id) => ({ 'kreis-pinneberg': 'Kreis Pinneberg', 'kreis-segeberg': 'Kreis Segeberg' })[id] ?? id,
};

/** A call record with what the summary reads; the rest of a Call does not matter here. */
function record(r: {
  hash: string; /** '115' or a town id. */ entry: string; outcome: Call['outcome']; waitMs?: number; agentId?: string;
  overflowReason?: string; handedTo?: string; fromPartner?: string;
}): Call {
  const answered = r.outcome === 'answered-by-agent' || r.outcome === 'answered-by-town';
  return {
    id: `c-${r.hash}-${r.fromPartner ?? 'home'}`,
    callerHash: r.hash,
    entry: r.entry === '115' ? { kind: '115', townId: null } : { kind: 'town', townId: r.entry },
    outcome: r.outcome,
    ...(r.agentId ? { agentId: r.agentId } : {}),
    ...(r.overflowReason ? { overflowReason: r.overflowReason } : {}),
    times: {
      arrivedAt: T0,
      queuedAt: T0 + 1_000,
      ...(answered ? { answeredAt: T0 + (r.waitMs ?? 5_000) } : {}),
      endedAt: T0 + 60_000,
    },
    ...(r.handedTo ? { handedOver: { center: r.handedTo, trigger: 'waited', at: T0 + 10_000 } } : {}),
    ...(r.fromPartner ? { fromPartner: { center: r.fromPartner, trigger: 'waited', arrivedAt: T0, overflowReason: 'direct-115', municipality: null } } : {}),
  } as unknown as Call;
}

const row = (rows: string[][], label: string): string[] | undefined => rows.find((r) => r[0] === label);

const pinneberg = [
  record({ hash: 'a', entry: '115', outcome: 'answered-by-agent', agentId: 'agent-1', overflowReason: 'direct-115' }),
  record({ hash: 'b', entry: '115', outcome: 'handed-over', overflowReason: 'direct-115', handedTo: 'kreis-segeberg' }),
];
const segeberg = [
  record({ hash: 'c', entry: 'kaltenkirchen', outcome: 'answered-by-agent', agentId: 'segeberg-agent-1', overflowReason: 'town-no-answer' }),
  record({ hash: 'b', entry: '115', outcome: 'answered-by-agent', agentId: 'segeberg-agent-2', overflowReason: 'partner', waitMs: 40_000, fromPartner: 'kreis-pinneberg' }),
];

describe('the demo summary of two partner centers', () => {
  it("counts a handed-over caller at the center that served them; the home center lists them as handed over", () => {
    const home = summarize(pinneberg, names);
    expect(row(home, 'calls offered')?.slice(0, 2)).toEqual(['calls offered', '1']);
    expect(row(home, 'handed to the partner center')?.[1]).toBe('1');
    expect(row(home, 'handed to the partner center')?.[2]).toContain('to Kreis Segeberg 1');
    expect(row(home, 'taken from the partner center')?.[1]).toBe('0');

    const partner = summarize(segeberg, names);
    expect(row(partner, 'calls offered')).toEqual(['calls offered', '2', 'from Kreis Pinneberg 1 · Stadt Kaltenkirchen 1']);
    expect(row(partner, 'taken from the partner center')).toEqual(['taken from the partner center', '1', 'from Kreis Pinneberg 1 (answered 1)']);
    // The wait counts from the caller's arrival at home: 40 s is outside 30 s.
    expect(row(partner, 'answered within 30 s')?.[1]).toBe('50 %');
  });

  it('read together, every caller is counted once, as dialled at home', () => {
    const both = summarize([...pinneberg, ...segeberg], names);
    expect(row(both, 'calls offered')).toEqual(['calls offered', '3', '115 2 · Stadt Kaltenkirchen 1']);
    expect(row(both, 'answered by a county agent')?.[1]).toBe('3');
    expect(row(both, 'overflowed to the county')?.[2]).toBe('direct-115 2 · town-no-answer 1');
  });

  it('says who took whose callers', () => {
    expect(helpedEachOther([{ id: 'kreis-pinneberg', records: pinneberg }, { id: 'kreis-segeberg', records: segeberg }], names))
      .toBe("Kreis Segeberg took 1 of Kreis Pinneberg's callers (1 answered by its agents)");
    expect(helpedEachOther([{ id: 'kreis-pinneberg', records: pinneberg.slice(0, 1) }], names)).toBe('neither center took a caller of the other this time');
  });
});
