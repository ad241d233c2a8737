import type { Call } from '../../src/domain/call.js';
import { seconds } from './output.js';

/**
 * The morning in numbers, from the engine's call records (one per ended call). Denominators:
 * "answered within 30 s" counts every offered call except abandons under 5 s (a caller who hangs
 * up that quickly never really waited: the 115 convention); the wait is from the call's arrival
 * at the engine (town ring included) to the answer by a person.
 */
export interface SummaryNames {
  readonly town: (id: string) => string;
  readonly agent: (id: string) => string;
}

export const SHORT_ABANDON_MS = 5_000;
export const SERVICE_LEVEL_MS = 30_000;

export function summarize(records: readonly Call[], names: SummaryNames): string[][] {
  const answered = records.filter((c) => c.times.answeredAt !== undefined && (c.outcome === 'answered-by-town' || c.outcome === 'answered-by-agent'));
  const byTown = answered.filter((c) => c.outcome === 'answered-by-town');
  const byAgent = answered.filter((c) => c.outcome === 'answered-by-agent');
  const abandoned = records.filter((c) => c.outcome === 'abandoned');
  const failed = records.filter((c) => c.outcome === 'failed');
  const other = records.length - answered.length - abandoned.length - failed.length;
  const wait = (c: Call): number => (c.times.answeredAt ?? 0) - c.times.arrivedAt;
  const lasted = (c: Call): number => (c.times.endedAt ?? c.times.arrivedAt) - c.times.arrivedAt;
  const shortAbandons = abandoned.filter((c) => lasted(c) < SHORT_ABANDON_MS);
  const denominator = records.length - shortAbandons.length;
  const within = answered.filter((c) => wait(c) <= SERVICE_LEVEL_MS).length;
  const overflowed = records.filter((c) => c.overflowReason !== undefined);
  const queueWaits = byAgent.filter((c) => c.times.queuedAt !== undefined).map((c) => (c.times.answeredAt ?? 0) - (c.times.queuedAt ?? 0));

  const rows: string[][] = [
    ['calls offered', String(records.length), breakdown(records, (c) => (c.entry.kind === '115' ? '115' : names.town(c.entry.townId ?? '?')))],
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
    ['overflowed to the county', String(overflowed.length), breakdown(overflowed, (c) => c.overflowReason ?? '?')],
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

/** Rows as an aligned table. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => indent + row.map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(i === row.length - 1 ? 0 : (widths[i] ?? 0)))).join('   ').trimEnd());
}
