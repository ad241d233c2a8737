import type { CallOutcome, Disposition } from '../../../src/app/dispositions.js';
import type { Call, Outcome, OverflowReason } from '../../../src/domain/call.js';
import { agentId, callId, channelId, townId } from '../../../src/domain/ids.js';
import { instantOf } from '../../../src/calendar/service-calendar.js';

export const TZ = 'Europe/Berlin';
export const SEC = 1_000;
export const MIN = 60_000;
export const DAY = 86_400_000;

/** Local wall-clock time in Berlin: `at('2025-01-06', '08:00')`. */
export const at = (date: string, hhmm: string, seconds = 0): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return instantOf(TZ, date, (h ?? 0) * 60 + (m ?? 0)) + seconds * SEC;
};

export interface RecordSpec {
  readonly outcome: Outcome;
  readonly arrivedAt: number;
  /** From arrival. */
  readonly answeredAfter?: number;
  /** From arrival. */
  readonly endedAfter: number;
  readonly entry?: '115' | 'town';
  readonly municipality?: string | null;
  readonly agent?: string;
  readonly hash?: string;
  readonly overflowReason?: OverflowReason;
  readonly callback?: boolean;
  readonly transfers?: readonly { readonly at: number; readonly result: 'connected' | 'no-answer' | 'cancelled' }[];
  /** Queued here this long after arrival (absent: not recorded). */
  readonly queuedAfter?: number;
  /** Handed to this partner center when it ended (use with outcome `handed-over`). */
  readonly handedTo?: string;
  /** Taken for this partner center: it handed the caller over; `arrivedAt` is the arrival there. */
  readonly takenFor?: string;
}

/** An ended call record as RedisCallStore publishes it. */
export function record(id: string, s: RecordSpec): Call {
  const entry = s.entry ?? '115';
  const municipality = s.municipality === undefined ? 'quickborn' : s.municipality;
  return {
    id: callId(id),
    version: 3,
    entry: { kind: entry, townId: entry === 'town' && municipality !== null ? townId(municipality) : null },
    municipality: municipality === null ? null : townId(municipality),
    callerChannel: channelId(`chan-${id}`),
    callerHash: s.hash ?? `hash-${id}`,
    phase: 'ended',
    times: {
      arrivedAt: s.arrivedAt,
      ...(s.queuedAfter !== undefined ? { queuedAt: s.arrivedAt + s.queuedAfter } : {}),
      ...(s.answeredAfter !== undefined ? { answeredAt: s.arrivedAt + s.answeredAfter } : {}),
      endedAt: s.arrivedAt + s.endedAfter,
    },
    timerSeq: 0,
    offers: [],
    outcome: s.outcome,
    endedBy: s.handedTo ? 'system' : 'caller',
    ...(s.agent ? { agentId: agentId(s.agent) } : {}),
    ...(s.overflowReason ? { overflowReason: s.overflowReason } : {}),
    ...(s.callback ? { callback: { requestedAt: s.arrivedAt + 60 * SEC, limit: 'max-wait' as const, attempt: 1 } } : {}),
    ...(s.handedTo ? { handedOver: { center: s.handedTo, trigger: 'waited' as const, at: s.arrivedAt + s.endedAfter } } : {}),
    ...(s.takenFor
      ? {
          fromPartner: Object.assign(
            {
              center: s.takenFor,
              municipality: { id: 'kaltenkirchen', name: 'Stadt Kaltenkirchen' },
              trigger: 'waited' as const,
              arrivedAt: s.arrivedAt,
              overflowReason: 'town-no-answer' as const,
            },
            // How the caller reached the partner: the statistics do not read it.
            { entry: 'town' as const },
          ),
        }
      : {}),
    ...(s.transfers ? { transfers: s.transfers.map((t) => ({ department: 'bauamt', townId: townId('quickborn'), mode: 'blind' as const, ...t })) } : {}),
  };
}

/** A final disposition as read from the dispositions stream: the stream id carries the instant it was made final. */
export function final(call: Call, outcome: CallOutcome, filedAt: number, finalizedAt: number, topics?: readonly string[]): { id: string; disposition: Disposition } {
  return {
    id: `${finalizedAt}-0`,
    disposition: { callId: call.id, agentId: call.agentId ?? agentId('agent-x'), outcome, at: filedAt, ...(topics ? { topics } : {}) },
  };
}

/** The instant a record ended. */
export const endOf = (call: Call): number => call.times.endedAt ?? 0;
