import type { Call } from '../../src/domain/call.js';
import { seconds } from './output.js';

/**
 * The morning in numbers, from the engines' call records (one per ended call). Denominators:
 * "answered within 30 s" counts every offered call except abandons under 5 s (a caller who hangs
 * up that quickly never really waited: the 115 convention); the wait is from the call's arrival
 * at the engine (town ring included) to the answer by a person. A caller one center handed to its
 * partner has two records, `handed-over` at home and one at the partner (`fromPartner`, its arrival
 * kept): counted once, by the center that served them; the home center lists them as handed over.
 */
export interface SummaryNames {
  readonly town: (id: string) => string;
  readonly agent: (id: string) => string;
  /** A service center by its id ("Kreis Segeberg"). */
  readonly center: (id: string) => string;
}

export const SHORT_ABANDON_MS = 5_000;
export const SERVICE_LEVEL_MS = 30_000;

/** One center's records (or every center's together), as rows of a table. */
export function summarize(records: readonly Call[], names: SummaryNames): string[][] {
  const handedOver = records.filter((c) => c.outcome === 'handed-over');
  // Every caller once: where they were served (or gave up), not where they were handed away.
  const calls = records.filter((c) => c.outcome !== 'handed-over');
  const taken = calls.filter((c) => c.fromPartner !== undefined);
  const answered = calls.filter((c) => c.times.answeredAt !== undefined && (c.outcome === 'answered-by-town' || c.outcome === 'answered-by-agent'));
  const byTown = answered.filter((c) => c.outcome === 'answered-by-town');
  const byAgent = answered.filter((c) => c.outcome === 'answered-by-agent');
  const abandoned = calls.filter((c) => c.outcome === 'abandoned');
  const failed = calls.filter((c) => c.outcome === 'failed');
  const other = calls.length - answered.length - abandoned.length - failed.length;
  const wait = (c: Call): number => (c.times.answeredAt ?? 0) - c.times.arrivedAt;
  const lasted = (c: Call): number => (c.times.endedAt ?? c.times.arrivedAt) - c.times.arrivedAt;
  const shortAbandons = abandoned.filter((c) => lasted(c) < SHORT_ABANDON_MS);
  const denominator = calls.length - shortAbandons.length;
  const within = answered.filter((c) => wait(c) <= SERVICE_LEVEL_MS).length;
  const overflowed = calls.filter((c) => c.overflowReason !== undefined);
  const queueWaits = byAgent.filter((c) => c.times.queuedAt !== undefined).map((c) => (c.times.answeredAt ?? 0) - (c.times.queuedAt ?? 0));
  // Read with both centers' records, a caller the partner took counts as they dialled at home (the
  // handing center's record says how); read with one center's, as taken from the partner.
  const handing = new Map(handedOver.map((c) => [c.callerHash, c]));
  const atHome = (c: Call): Call | undefined => (c.fromPartner ? handing.get(c.callerHash) : c);
  const dialled = (c: Call): string => {
    const home = atHome(c);
    if (!home) return `from ${names.center(c.fromPartner?.center ?? '?')}`;
    return home.entry.kind === '115' ? '115' : names.town(home.entry.townId ?? '?');
  };
  const partners = [...new Set(taken.map((c) => c.fromPartner?.center ?? '?'))];

  const rows: string[][] = [
    ['calls offered', String(calls.length), breakdown(calls, dialled)],
    ['answered by a town hall', String(byTown.length), breakdown(byTown, (c) => names.town(c.entry.townId ?? '?'))],
    ['answered by a county agent', String(byAgent.length), breakdown(byAgent, (c) => names.agent(c.agentId ?? '?'))],
    ['abandoned', String(abandoned.length), [
      `${abandoned.filter((c) => c.times.queuedAt === undefined).length} while the town hall rang`,
      `${abandoned.filter((c) => c.times.queuedAt !== undefined).length} in the county queue`,
      `${shortAbandons.length} under 5 s`,
    ].join(' · ')],
  ];
  if (failed.length > 0 || other > 0) rows.push(['failed / other', `${failed.length} / ${other}`, '']);
  rows.push(
    ['handed to the partner center', String(handedOver.length), handedOver.length
      ? `${breakdown(handedOver, (c) => `to ${names.center(c.handedOver?.center ?? '?')}`)} (${breakdown(handedOver, (c) => `${c.handedOver?.trigger ?? '?'}`)}); counted there, not above`
      : ''],
    ['taken from the partner center', String(taken.length), partners.map((p) => {
      const from = taken.filter((c) => c.fromPartner?.center === p);
      return `from ${names.center(p)} ${from.length} (${breakdown(from, outcomeWord)})`;
    }).join(' · ')],
    ['overflowed to the county', String(overflowed.length), breakdown(overflowed, (c) => (atHome(c) ?? c).overflowReason ?? '?')],
    ['wait until answered: median / max', answered.length ? `${seconds(median(answered.map(wait)))} / ${seconds(Math.max(...answered.map(wait)))}` : '–',
      [
        byTown.length ? `town halls ${seconds(median(byTown.map(wait)))} / ${seconds(Math.max(...byTown.map(wait)))}` : '',
        byAgent.length ? `agents ${seconds(median(byAgent.map(wait)))} / ${seconds(Math.max(...byAgent.map(wait)))}` : '',
        queueWaits.length ? `in the county queue ${seconds(median(queueWaits))} / ${seconds(Math.max(...queueWaits))}` : '',
      ].filter(Boolean).join(' · ')],
    ['answered within 30 s', denominator ? `${Math.round((100 * within) / denominator)} %` : '–',
      `${within} of ${denominator} (offered calls minus ${shortAbandons.length} abandoned under 5 s; the 115 promise is 75 %)`],
  );
  return rows;
}

/**
 * How the centers helped each other, in one line: "Kreis Segeberg took 3 of Kreis Pinneberg's
 * callers (3 answered by its agents), Kreis Pinneberg 1 of Kreis Segeberg's (1 answered by its agents)".
 */
export function helpedEachOther(centers: readonly { readonly id: string; readonly records: readonly Call[] }[], names: SummaryNames): string {
  const parts = centers.flatMap(({ id, records }) => {
    const taken = records.filter((c) => c.fromPartner !== undefined);
    const from = [...new Set(taken.map((c) => c.fromPartner?.center ?? '?'))];
    return from.map((partner) => {
      const calls = taken.filter((c) => c.fromPartner?.center === partner);
      const answered = calls.filter((c) => c.outcome === 'answered-by-agent').length;
      return { n: calls.length, text: `${names.center(id)} took ${calls.length} of ${names.center(partner)}'s callers (${answered} answered by its agents)` };
    });
  });
  if (parts.length === 0) return 'neither center took a caller of the other this time';
  return parts.sort((a, b) => b.n - a.n).map((p) => p.text).join(', ');
}

const outcomeWord = (c: Call): string => (c.outcome === 'answered-by-agent' ? 'answered' : (c.outcome ?? 'open'));

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function breakdown(calls: readonly Call[], key: (c: Call) => string): string {
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${n}`).join(' · ');
}

/** Rows as an aligned table; `widths` (columnWidths) aligns several tables with each other. */
export function table(rows: readonly (readonly string[])[], indent = '  ', widths: readonly number[] = columnWidths(rows)): string[] {
  return rows.map((row) => indent + row.map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(i === row.length - 1 ? 0 : (widths[i] ?? 0)))).join('   ').trimEnd());
}

export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  return rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
}
