/**
 * The figures of a set of calls: what the statistics report, per interval, municipality and agent.
 * The definitions are the README's "Statistics" section; each figure's doc comment here says the same.
 */

export const OVERFLOW_REASON_KEYS = [
  'direct-115',
  'town-no-answer',
  'town-busy',
  'town-unreachable',
  'town-unregistered',
  'town-closed',
  'switchboard',
  'town-ring-limit',
] as const;

/** The figures of a set of calls. Rates are fractions 0..1 (4 decimals), durations whole ms; null: nothing to divide by. */
export interface Figures {
  /** Call records: every call that reached a town hall's number or 115 and ended, whatever happened to it. */
  readonly offered: number;
  /** `offered` by the number dialled. */
  readonly byEntry: { readonly '115': number; readonly town: number };
  readonly answered: {
    /** byAgent + byTown. */
    readonly total: number;
    /** Records `answered-by-agent`, callbacks included. */
    readonly byAgent: number;
    /** Records `answered-by-town`. */
    readonly byTown: number;
    /** Of byAgent: answered on a callback (the caller had hung up; the agent called back and the citizen answered). */
    readonly onCallback: number;
  };
  /** Records `abandoned` that ended `shortAbandonMs` or later after arrival. */
  readonly abandoned: number;
  /** Records `abandoned` that ended sooner than `shortAbandonMs` after arrival: kept apart from `abandoned`. */
  readonly shortAbandoned: number;
  /** abandoned ÷ serviceLevel.base. */
  readonly abandonRate: number | null;
  /** The other ends; offered = answered.total + abandoned + shortAbandoned + the sum of these. */
  readonly otherEnds: {
    readonly closed: number;
    readonly queueFull: number;
    readonly noAgent: number;
    readonly callbackUnanswered: number;
    readonly failed: number;
    /** Records `handed-over`: a partner center on the platform took the waiting caller (neither answered nor abandoned here). */
    readonly handedOver: number;
    /** An outcome this version does not know. */
    readonly other: number;
  };
  readonly serviceLevel: {
    /** answeredInTime ÷ base. */
    readonly rate: number | null;
    /** Answered live (not on a callback) at most `serviceLevelMs` after ARRIVAL, town ring included, by a town or an agent. */
    readonly answeredInTime: number;
    /**
     * offered − shortAbandoned − otherEnds.closed − otherEnds.handedOver: calls outside the service
     * hours are not calls the center could answer, and a call handed to a partner center counts at
     * the partner that took it (there, by its first arrival here).
     */
    readonly base: number;
  };
  /** Average speed of answer: mean of answeredAt − arrivedAt over the calls answered live (town ring included; callbacks not). */
  readonly asaMs: number | null;
  /** How many calls asaMs averages. */
  readonly answeredLive: number;
  /** Handle time of calls answered by an agent whose outcome is final. */
  readonly handle: Handle;
  /** Final outcomes of the calls answered by an agent; `pending`: answered by an agent, outcome not final yet. */
  readonly outcomes: Outcomes;
  readonly fcr: Fcr;
  /** Why calls went to the county (`overflowReason` of the record); `none`: they did not (answered or abandoned at the town). */
  readonly overflowReasons: Readonly<Record<string, number>>;
}

export interface Handle {
  /** Calls answered by an agent with a final outcome: the ones averaged. */
  readonly calls: number;
  /** Mean talk: from the answer until the agent stopped talking (the call's end, or the hand-over to a case worker). */
  readonly talkMs: number | null;
  /** Mean wrap-up: from the end of talk until the outcome was made final, at most the configured wrap-up. */
  readonly wrapUpMs: number | null;
  /** Average handle time: talkMs + wrapUpMs (mean of the per-call sums). */
  readonly ahtMs: number | null;
}

export interface Outcomes {
  readonly resolved: number;
  readonly transferred: number;
  readonly callbackNote: number;
  readonly unclassified: number;
  readonly pending: number;
}

export interface Fcr {
  /** resolved + transferred + callbackNote (unclassified and pending are not classified). */
  readonly classified: number;
  readonly resolved: number;
  /** resolved ÷ classified. */
  readonly rate: number | null;
  /** Resolved calls whose caller (same caller hash) did NOT call again within `repeatWindowMs` after the call ended. */
  readonly strictResolved: number;
  /** strictResolved ÷ classified. */
  readonly strictRate: number | null;
  /** Resolved calls whose caller did call again in that window: resolved − strictResolved. */
  readonly repeatContacts: number;
  /** False while some resolved call ended less than `repeatWindowMs` before `asOf`: its caller may still call again. */
  readonly settled: boolean;
}

/** Per agent: the calls the agent answered (the record's `agentId`). */
export interface AgentFigures {
  readonly agentId: string;
  readonly answered: number;
  readonly onCallback: number;
  readonly asaMs: number | null;
  readonly handle: Handle;
  readonly outcomes: Outcomes;
  readonly fcr: Fcr;
}
