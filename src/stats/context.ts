/**
 * What the figures need besides the calls themselves (the rules, the instant they are computed
 * at, final outcomes, repeat calls), and a call joined with what the context knows of it.
 */
import type { CallFact, FinalOutcome } from './facts.js';
import type { RepeatIndex } from './repeat-index.js';
import type { StatsRules } from './rules.js';

export interface FiguresContext {
  readonly rules: StatsRules;
  /** When the figures are computed: strict FCR is settled for calls that ended `repeatWindowMs` before. */
  readonly asOf: number;
  /** The call's final outcome, if it is final. */
  outcomeOf(callId: string): FinalOutcome | undefined;
  /** Whether the same caller called again within the repeat window after `call` ended. */
  calledAgain(call: CallFact): boolean;
}

/** A context over plain collections: outcomes by call id and a repeat index of every known call. */
export function contextOf(
  outcomes: ReadonlyMap<string, FinalOutcome>,
  repeats: RepeatIndex,
  rules: StatsRules,
  asOf: number,
): FiguresContext {
  return {
    rules,
    asOf,
    outcomeOf: (id) => outcomes.get(id),
    calledAgain: (c) => repeats.calledAgain(c, rules.repeatWindowMs),
  };
}

/** A call with what the context knows of it, looked up once per report. */
export interface Row {
  readonly call: CallFact;
  /** Its final outcome, if answered by an agent and final. */
  readonly outcome: FinalOutcome | undefined;
  /** Resolved, and the caller called again within the window. */
  readonly calledAgain: boolean;
}

export function rowOf(call: CallFact, ctx: FiguresContext): Row {
  const outcome = call.outcome === 'answered-by-agent' ? ctx.outcomeOf(call.id) : undefined;
  return { call, outcome, calledAgain: outcome?.outcome === 'resolved' && ctx.calledAgain(call) };
}
