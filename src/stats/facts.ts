/**
 * What the statistics keep of a call record and of a final disposition: small, flat, JSON-safe.
 * Everything the figures need, nothing personal beyond the salted caller hash.
 */
import type { CallOutcome, Disposition } from '../app/dispositions.js';
import type { Call } from '../domain/call.js';
import type { Span } from './time.js';

/** One ended call, as the statistics see it. */
export interface CallFact {
  readonly id: string;
  /** `115` or `town` (a town hall's number). */
  readonly entry: string;
  /** The town the call is about; null: the county itself (a 115 caller with an unknown prefix). */
  readonly municipality: string | null;
  /** The record's outcome (`answered-by-agent`, `abandoned`, `closed`, …). */
  readonly outcome: string;
  readonly arrivedAt: number;
  /** When a person answered (town hall, agent, or the citizen on a callback); null: nobody did. */
  readonly answeredAt: number | null;
  readonly endedAt: number;
  /**
   * When the agent stopped talking: the call's end, or, for a caller handed over to a department's
   * case worker, the hand-over (the connected transfer's `completedAt`, else its start `at`: the
   * record has no finer instant). Null unless answered by an agent.
   */
  readonly talkEndedAt: number | null;
  readonly agentId: string | null;
  /** Salted hash of the caller's number; never the number. */
  readonly callerHash: string;
  readonly overflowReason: string | null;
  /** Answered on a callback: the caller had hung up and the agent called them back. */
  readonly onCallback: boolean;
  /**
   * The partner center on the platform this center handed the waiting caller to (outcome
   * `handed-over`, the record's `handedOver.center`); null: not handed over.
   */
  readonly handedTo: string | null;
  /**
   * The partner center this call was taken for: its home, which handed the caller over to this
   * center (the record's `fromPartner.center`); null: a call of this center's own.
   */
  readonly takenFor: string | null;
}

/**
 * How long after its arrival a person answered the call live (town ring included): null when
 * nobody did, or only on a callback (the caller had hung up; the agent called back).
 */
export const liveAnswerMs = (c: CallFact): number | null =>
  (c.outcome === 'answered-by-town' || (c.outcome === 'answered-by-agent' && !c.onCallback)) && c.answeredAt !== null ? c.answeredAt - c.arrivedAt : null;

/**
 * Whether the call counts in the service level's base (and the abandonment rate's): every call but
 * a short abandon (hung up sooner than `shortAbandonMs` after arrival), a call outside the service
 * hours (`closed`: not a call the center could answer) and a call handed to a partner center
 * (`handed-over`: neither answered nor abandoned here; the partner that took it counts it).
 */
export const inServiceLevelBase = (c: CallFact, shortAbandonMs: number): boolean =>
  c.outcome !== 'closed' && c.outcome !== 'handed-over' && !(c.outcome === 'abandoned' && c.endedAt - c.arrivedAt < shortAbandonMs);

/** Whether the call arrived in [span.start, span.end) and is about `municipality` (any, when undefined). */
export const arrivedIn = (c: CallFact, span: Span, municipality?: string): boolean =>
  c.arrivedAt >= span.start && c.arrivedAt < span.end && (municipality === undefined || c.municipality === municipality);

/** A call's outcome once final (the wrap-up ended), as the statistics see it. */
export interface FinalOutcome {
  readonly callId: string;
  readonly agentId: string;
  readonly outcome: CallOutcome;
  /** When the outcome was filed (the disposition's `at`). */
  readonly filedAt: number;
  /**
   * When it was made final, i.e. when the wrap-up ended. A `Disposition` carries the instant it was
   * FILED, not the one it was made final, so this is: a `finalizedAt` field when the disposition has
   * one; for `unclassified` its `at` (written by finalize itself); otherwise the dispositions stream
   * entry's id, which Redis stamps with its own clock (ms) when finalize appends it.
   */
  readonly finalizedAt: number;
  /** The knowledge articles (ids) the agent named as the call's topics, each once; empty: none named. */
  readonly topics: readonly string[];
}

interface TransferLike {
  readonly at?: unknown;
  readonly completedAt?: unknown;
  readonly result?: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The instant the caller was handed to a case worker, if they were (read defensively: transfers are young). */
const handOverAt = (call: Call): number | null => {
  const transfers = (call as { readonly transfers?: readonly TransferLike[] }).transfers;
  if (!Array.isArray(transfers)) return null;
  let at: number | null = null;
  for (const t of transfers as readonly TransferLike[]) {
    if (t.result === 'connected') at = num(t.completedAt) ?? num(t.at) ?? at;
  }
  return at;
};

/** The statistics' view of an ended call record; null for a record that has not ended (none should be published). */
export function callFact(call: Call): CallFact | null {
  const endedAt = call.times.endedAt;
  if (call.phase !== 'ended' || endedAt === undefined || !call.outcome) return null;
  const answeredAt = call.times.answeredAt ?? null;
  const byAgent = call.outcome === 'answered-by-agent';
  const handOver = byAgent ? handOverAt(call) : null;
  return {
    id: call.id,
    entry: call.entry.kind,
    municipality: call.municipality,
    outcome: call.outcome,
    arrivedAt: call.times.arrivedAt,
    answeredAt,
    endedAt,
    talkEndedAt: byAgent && answeredAt !== null ? Math.max(answeredAt, Math.min(endedAt, handOver ?? endedAt)) : null,
    agentId: call.agentId ?? null,
    callerHash: call.callerHash,
    overflowReason: call.overflowReason ?? null,
    onCallback: call.callback !== undefined,
    // Center ids only: the partner's municipality and the handover's details stay in the record.
    handedTo: call.handedOver?.center ?? null,
    takenFor: call.fromPartner?.center ?? null,
  };
}

/** The ms part of a Redis stream id (`1736150400000-0`), or null if it has none. */
export const streamIdTime = (id: string): number | null => {
  const m = /^(\d+)-\d+$/.exec(id);
  return m ? Number(m[1]) : null;
};

const NO_TOPICS: readonly string[] = Object.freeze([]);

/** A disposition's topics, each once (read defensively: older entries have none). */
const topicsOf = (d: Disposition): readonly string[] => {
  const raw: unknown = d.topics;
  if (!Array.isArray(raw) || raw.length === 0) return NO_TOPICS;
  return [...new Set(raw.filter((t): t is string => typeof t === 'string' && t !== ''))];
};

/** The statistics' view of a final disposition read from the dispositions stream under `streamId`. */
export function finalOutcome(streamId: string, d: Disposition): FinalOutcome {
  const own = num((d as { readonly finalizedAt?: unknown }).finalizedAt);
  const finalizedAt = own ?? (d.outcome === 'unclassified' ? d.at : (streamIdTime(streamId) ?? d.at));
  return { callId: d.callId, agentId: d.agentId, outcome: d.outcome, filedAt: d.at, finalizedAt, topics: topicsOf(d) };
}
