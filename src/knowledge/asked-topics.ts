import type { TopicCount } from './store.js';

/**
 * What citizens ask about, per municipality: the topics (article ids) agents file with a call's
 * outcome are counted per month, and the desk suggests the most asked ones at the next call from
 * there (suggestions.ts).
 *
 * An agent may file a call's outcome more than once while the wrap-up lasts (another outcome,
 * a topic more or less). Each filing counts only what changed against the outcome filed before,
 * so every call counts once, with the topics it was last filed with.
 */

/** The counts to raise and lower when a call's topics go from `before` to `after`. */
export function topicChange(before: readonly string[], after: readonly string[]): TopicCount[] {
  const was = new Set(before);
  const is = new Set(after);
  return [...[...is].filter((id) => !was.has(id)).map((id) => ({ id, by: 1 })), ...[...was].filter((id) => !is.has(id)).map((id) => ({ id, by: -1 }))];
}

/** The months whose counts the suggestions add up, as YYYY-MM: this one and the one before. */
export function askedMonths(today: string): [string, string] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const before = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
  return [today.slice(0, 7), before];
}
