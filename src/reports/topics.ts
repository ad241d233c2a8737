/**
 * A report's "what callers asked about": the topics of its calls (the statistics' topic figures,
 * added up from the days) and the knowledge gaps: calls closed without a topic, and the searches in
 * the knowledge base that found nothing (counted per month by the knowledge store). Pure.
 */
import { topicsFiguresOf, type TopicsFigures } from '../stats/index.js';
import type { Aggregate } from './tally.js';

/** A search that found nothing, as the knowledge store counts them per month (`KnowledgeBase.gaps`). */
export interface SearchMiss {
  /** The town id the search was for, `kreis`, or `all` (none given). */
  readonly municipality: string;
  /** As typed (trimmed, lower case, at most 60 characters). */
  readonly query: string;
  readonly count: number;
}

export type ReportTopics = TopicsFigures & {
  /** False when some day of the range was stored before topics were counted (its calls have none). */
  readonly complete: boolean;
};

export interface SearchGaps {
  /** False when the searches could not be read (no knowledge base wired in, or Redis away). */
  readonly available: boolean;
  /** The months (YYYY-MM) the range touches: searches are counted per month, not per day. */
  readonly months: readonly string[];
  /** Searches that found nothing, in those months, for the report's municipality (`all`: every search). */
  readonly count: number;
  /** How many different texts. */
  readonly distinct: number;
  /** Operators only (what agents typed): the most frequent texts, at most TOP_SEARCHES. */
  readonly top?: readonly { readonly query: string; readonly count: number }[];
}

export interface KnowledgeGaps {
  /** Calls whose outcome named no topic (`topics.withoutTopic.calls`). */
  readonly callsWithoutTopic: number;
  readonly searchesWithoutHits: SearchGaps;
}

/** How many search texts a report lists. */
export const TOP_SEARCHES = 20;

/** The months from `fromDate`'s to `toDate`'s, both included. */
export const monthsOf = (fromDate: string, toDate: string): string[] => {
  const out: string[] = [];
  let [y = 0, m = 0] = fromDate.split('-').map(Number);
  const last = toDate.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
};

export const reportTopicsOf = (total: Aggregate): ReportTopics => ({ ...topicsFiguresOf(total.topics), complete: total.calls.topicsUncounted === 0 });

/**
 * The searches without hits of a report about `municipality` (a town id, or `all`): a town's are
 * the searches made for that town; `all` has every search, the same text added up across towns.
 * `misses` null: not available.
 */
export function searchGapsOf(misses: readonly SearchMiss[] | null, municipality: string, months: readonly string[], withTexts: boolean): SearchGaps {
  if (misses === null) return { available: false, months, count: 0, distinct: 0, ...(withTexts ? { top: [] } : {}) };
  const byText = new Map<string, number>();
  for (const m of misses) if (municipality === 'all' || m.municipality === municipality) byText.set(m.query, (byText.get(m.query) ?? 0) + m.count);
  const sorted = [...byText.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return {
    available: true,
    months,
    count: sorted.reduce((n, [, c]) => n + c, 0),
    distinct: sorted.length,
    ...(withTexts ? { top: sorted.slice(0, TOP_SEARCHES).map(([query, count]) => ({ query, count })) } : {}),
  };
}
