import type { Deployment } from '../config/index.js';
import type { CallPolicy } from '../domain/call.js';

/** The longest the closed message may play before the call is ended anyway. */
const CLOSED_MESSAGE_MAX_MS = 120_000;

/** The deployment as the state machine sees it: lookup tables and the opening-hours functions. */
export function callPolicy(d: Deployment, hours: { centerOpen: (at: number) => boolean; townOpen: (town: string, at: number) => boolean }): CallPolicy {
  return {
    agentRingTimeoutMs: d.serviceCenter.agentRingTimeoutMs,
    towns: Object.fromEntries(
      d.towns.map((t) => [
        t.id,
        {
          phones: t.phones,
          overflowTimeoutMs: t.overflowTimeoutMs,
          mode: t.mode,
          maxRinging: t.maxRinging,
          isOpen: (at: number) => hours.townOpen(t.id, at),
        },
      ]),
    ),
    agentEndpoints: Object.fromEntries(d.agents.map((a) => [a.id, a.endpoint])),
    centerOpen: hours.centerOpen,
    announceEveryMs: d.serviceCenter.announceEveryMs,
    closedMessageMaxMs: CLOSED_MESSAGE_MAX_MS,
    maxWaitMs: d.serviceCenter.maxWaitMs,
    whenQueueFull: d.serviceCenter.whenQueueFull,
    callbackKeyMs: d.serviceCenter.callbackKeyMs,
    callbackRingMs: d.serviceCenter.callbackRingMs,
    callbackOffer: d.serviceCenter.callbackOffer,
    callbackAttempts: d.serviceCenter.callbackAttempts,
    callbackRetryMs: d.serviceCenter.callbackRetryMs,
    resumeWithinMs: d.serviceCenter.resumeWithinMs,
    transferRingMs: d.serviceCenter.transferRingMs,
  };
}
