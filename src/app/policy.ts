import type { Deployment } from '../config/index.js';
import type { CallPolicy } from '../domain/call.js';

/** The deployment as the state machine sees it: plain lookup tables. */
export function callPolicy(d: Deployment): CallPolicy {
  return {
    agentRingTimeoutMs: d.serviceCenter.agentRingTimeoutMs,
    towns: Object.fromEntries(d.towns.map((t) => [t.id, { phones: t.phones, overflowTimeoutMs: t.overflowTimeoutMs }])),
    agentEndpoints: Object.fromEntries(d.agents.map((a) => [a.id, a.endpoint])),
  };
}
