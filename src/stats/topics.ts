/**
 * What callers ask about: the topics agents name with a call's outcome (knowledge article ids,
 * `Disposition.topics`), counted per topic with the outcomes of those calls and their first-contact
 * resolution. Pure. Definitions: README, "Statistics" (`topics`).
 *
 * The calls counted are those FCR is worked out over: answered by an agent, with a final outcome
 * that was filed (resolved, transferred, callback note). A call with several topics counts for each
 * of them; a call with none counts as "without topic", a knowledge gap (the agent named no article
 * for it). Calls without an outcome (`unclassified`) or still in wrap-up are left out, as in FCR.
 */
import { fcrOf } from './arithmetic.js';
import { rowOf, type FiguresContext, type Row } from './context.js';
import type { CallFact } from './facts.js';
import type { Fcr } from './figures.js';

export const TOPIC_COUNTERS = ['calls', 'resolved', 'transferred', 'callbackNote', 'strictResolved', 'unsettled'] as const;
export type TopicCounter = (typeof TOPIC_COUNTERS)[number];
/**
 * Additive counts of the calls about one topic: `strictResolved` as in FCR; `unsettled`: resolved
 * calls that ended less than the repeat window before the counts were made (their caller may still
 * call again).
 */
export type TopicTally = Readonly<Record<TopicCounter, number>>;

/** The key of the calls whose outcome named no topic (article ids never start with `_`). */
export const NO_TOPIC = '_none';
/** The key of the calls whose outcome named one or more topics (each call once). */
export const ANY_TOPIC = '_any';

export const zeroTopic = (): TopicTally => ({ calls: 0, resolved: 0, transferred: 0, callbackNote: 0, strictResolved: 0, unsettled: 0 });

export const addTopicTallies = (a: TopicTally, b: TopicTally): TopicTally => ({
  calls: a.calls + b.calls,
  resolved: a.resolved + b.resolved,
  transferred: a.transferred + b.transferred,
  callbackNote: a.callbackNote + b.callbackNote,
  strictResolved: a.strictResolved + b.strictResolved,
  unsettled: a.unsettled + b.unsettled,
});

/** Per topic id, NO_TOPIC and ANY_TOPIC (absent: no call), of `rows`. */
export function topicTalliesOfRows(rows: Iterable<Row>, ctx: FiguresContext): Record<string, TopicTally> {
  const out: Record<string, Record<TopicCounter, number>> = {};
  for (const row of rows) {
    const o = row.outcome;
    if (!o || o.outcome === 'unclassified') continue;
    const resolved = o.outcome === 'resolved';
    const keys = o.topics.length === 0 ? [NO_TOPIC] : [ANY_TOPIC, ...o.topics];
    for (const key of keys) {
      const t = (out[key] ??= { ...zeroTopic() });
      t.calls++;
      if (o.outcome === 'transferred') t.transferred++;
      else if (o.outcome === 'callback-note') t.callbackNote++;
      else t.resolved++;
      if (resolved && !row.calledAgain) t.strictResolved++;
      if (resolved && row.call.endedAt + ctx.rules.repeatWindowMs > ctx.asOf) t.unsettled++;
    }
  }
  return out;
}

/** The topic tallies of `calls` (all of them: filter by interval and municipality first). */
export const topicTalliesOf = (calls: Iterable<CallFact>, ctx: FiguresContext): Record<string, TopicTally> =>
  topicTalliesOfRows(
    Array.from(calls, (c) => rowOf(c, ctx)),
    ctx,
  );

/** The calls about one concern and how they ended. */
export interface ConcernFigures {
  readonly calls: number;
  readonly resolved: number;
  readonly transferred: number;
  readonly callbackNote: number;
  /** First-contact resolution of these calls, as in the statistics: resolved ÷ calls (all of them classified). */
  readonly fcr: Fcr;
}

export interface TopicFigures extends ConcernFigures {
  /** The knowledge article's id. */
  readonly topic: string;
  /** Its title in the knowledge base; null: not looked up, or no such article any more. */
  readonly title: string | null;
}

export interface TopicsFigures {
  /** Calls whose outcome named one or more topics (each call once). */
  readonly withTopic: ConcernFigures;
  /** Calls whose outcome named none: a knowledge gap. */
  readonly withoutTopic: ConcernFigures;
  /** Per topic, most calls first (then by id); a call with several topics counts for each. */
  readonly byTopic: readonly TopicFigures[];
}

const concernOf = (t: TopicTally): ConcernFigures => ({
  calls: t.calls,
  resolved: t.resolved,
  transferred: t.transferred,
  callbackNote: t.callbackNote,
  fcr: fcrOf(t, t.unsettled === 0),
});

/** The figures of topic tallies (from calls, or added up from stored days). */
export function topicsFiguresOf(tallies: Readonly<Record<string, TopicTally>>): TopicsFigures {
  const byTopic = Object.entries(tallies)
    .filter(([key]) => key !== NO_TOPIC && key !== ANY_TOPIC)
    .sort(([a, x], [b, y]) => y.calls - x.calls || (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, t]) => ({ topic, title: null, ...concernOf(t) }));
  return { withTopic: concernOf(tallies[ANY_TOPIC] ?? zeroTopic()), withoutTopic: concernOf(tallies[NO_TOPIC] ?? zeroTopic()), byTopic };
}

/** A knowledge article's title by its id; null when there is none. */
export type TopicTitle = (id: string) => Promise<string | null>;

/** The figures with each topic's title looked up (a lookup that fails leaves the title null). */
export async function withTopicTitles<T extends TopicsFigures>(t: T, titleOf: TopicTitle | undefined): Promise<T> {
  if (!titleOf || t.byTopic.length === 0) return t;
  const titles = await Promise.all(
    t.byTopic.map((x) =>
      // A title is a help to the reader; the counts stand without it.
      titleOf(x.topic).catch(() => null),
    ),
  );
  return { ...t, byTopic: t.byTopic.map((x, i) => ({ ...x, title: titles[i] ?? null })) };
}
