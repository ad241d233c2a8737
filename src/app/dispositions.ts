import type { AgentId, CallId } from '../domain/ids.js';

/**
 * The outcome of an answered call, filed by its agent during the call or in wrap-up:
 * - `resolved`: answered at first contact ("fallabschließend");
 * - `transferred`: passed to a department's case worker;
 * - `callback-note`: a note for the town to call back;
 * - `unclassified`: the wrap-up ended without one.
 */
export type CallOutcome = 'resolved' | 'transferred' | 'callback-note' | 'unclassified';

export const FILED_OUTCOMES = ['resolved', 'transferred', 'callback-note'] as const;

export interface Disposition {
  readonly callId: CallId;
  readonly agentId: AgentId;
  readonly outcome: CallOutcome;
  /** The department the call was about or transferred to. */
  readonly department?: string;
  /** The callback note filed for it. */
  readonly noteId?: string;
  /** The call's topic: the knowledge articles (ids) the agent answered with or that the call was about. */
  readonly topics?: readonly string[];
  /** When it was filed. */
  readonly at: number;
  /** When it became final (the end of the wrap-up); set by `finalize`. */
  readonly finalizedAt?: number;
}

/** Outcomes of answered calls: pending while the agent may still change it, final once wrap-up ends. */
export interface Dispositions {
  /** Files (or replaces) the pending outcome of a call. */
  file(d: Disposition): Promise<void>;
  pending(call: CallId): Promise<Disposition | null>;
  /** Makes the pending outcome final (or `unclassified` when there is none); once per call. */
  finalize(call: CallId, agent: AgentId, at: number): Promise<Disposition>;
  /** Final outcomes in the order they were made final, after `sinceId`. */
  read(sinceId?: string, count?: number): Promise<{ readonly id: string; readonly disposition: Disposition }[]>;
}
