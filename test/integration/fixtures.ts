import type { AgentStore, LiveQueue } from '../../src/app/ports.js';
import type { Call } from '../../src/domain/call.js';
import { callId, channelId, townId } from '../../src/domain/ids.js';

export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

/** A freshly arrived call (version 0, as arrive() makes it). */
export function makeCall(n: number | string, overrides: Partial<Call> = {}): Call {
  return {
    id: callId(`call-${n}`),
    version: 0,
    entry: { kind: 'town', townId: townId('musterstadt') },
    municipality: townId('musterstadt'),
    callerChannel: channelId(`1736150400.${n}`),
    callerHash: `hash-${n}`,
    phase: 'queued',
    times: { arrivedAt: T0, queuedAt: T0 + 20_000 },
    timerSeq: 0,
    offers: [],
    overflowReason: 'town-no-answer',
    ...overrides,
  };
}

export function ended(call: Call, at: number): Call {
  return { ...call, phase: 'ended', outcome: 'abandoned', endedBy: 'caller', times: { ...call.times, endedAt: at } };
}

/** One view of the live queue and the agents, as one engine process (one Redis connection) has it. */
export interface DispatchLane {
  readonly queue: LiveQueue;
  readonly agents: AgentStore;
}

/** `lanes` views of ONE fresh, empty dispatch state (for Redis: one connection each, one key prefix). */
export type DispatchFactory = (lanes: number) => Promise<DispatchLane[]>;
