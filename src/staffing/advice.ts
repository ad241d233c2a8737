/**
 * Staffing advice: from the last hour's arrivals at the county and the agents' average handle
 * time, the Erlang C number of agents needed for the service level target (`serviceCenter.targets`;
 * by default the 115 promise, 75 % answered within 30 s), next
 * to the agents logged in now. Definitions: README, "Staffing advice".
 */
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../config/service-targets.js';
import type { AgentState } from '../domain/agent.js';
import type { Call } from '../domain/call.js';
import type { Figures } from '../stats/figures.js';
import type { Span } from '../stats/time.js';
import { agentsNeeded, serviceLevel, trafficErlangs } from './erlang-c.js';

/** What `GET /api/staffing` answers (the dashboard builds against this shape). */
export interface StaffingAdvice {
  readonly windowMinutes: number;
  /** Calls that reached the county while it was open, in the window, scaled to an hour. */
  readonly arrivalsPerHour: number;
  /** Average handle time (talk + wrap-up) of the window's agent calls, s; the configured default without any. */
  readonly ahtSec: number;
  /** Offered traffic: arrivals per second × AHT. */
  readonly erlangs: number;
  /** Fewest agents for `target` by Erlang C; 0 without traffic. */
  readonly agentsNeeded: number;
  /** Agents not logged out (available, offered, busy, wrap-up, paused). */
  readonly agentsLoggedIn: number;
  /** Agents available for a call now. */
  readonly agentsReady: number;
  /** Erlang C share answered within `target.within` with `agentsLoggedIn` agents (0..1). */
  readonly serviceLevelWithLoggedIn: number;
  readonly target: { readonly within: number; readonly share: number };
}

export interface StaffingTarget {
  /** Seconds. */
  readonly within: number;
  /** Share answered within, 0..1 (below 1). */
  readonly share: number;
}

/** The service level of the configured targets (`serviceCenter.targets.serviceLevel`) as Erlang C asks for it. */
export const staffingTargetOf = (t: ServiceTargets): StaffingTarget => ({ within: t.serviceLevel.withinMs / 1000, share: t.serviceLevel.share });

/** Without configured targets: today's (75 % within 30 s). */
export const DEFAULT_TARGET: StaffingTarget = staffingTargetOf(DEFAULT_SERVICE_TARGETS);
export const DEFAULT_WINDOW_MINUTES = 60;

export interface StaffingDeps {
  /** The statistics read model (StatsReadModel.figures): the figures of the calls that arrived in a span. */
  readonly figures: (span: Span) => Promise<Figures>;
  /** Every agent's state now. */
  readonly agents: () => Promise<readonly AgentState[]>;
  /**
   * Calls still running (the call store's active calls). Those that arrived in the window and
   * already reached the county count as arrivals too: their records do not exist yet.
   */
  readonly activeCalls?: () => Promise<readonly Call[]>;
  /** `serviceCenter.defaultHandleTimeMs`: the AHT when the window has no handled agent call. */
  readonly defaultHandleTimeMs: number;
  readonly now: () => number;
  readonly windowMinutes?: number;
  readonly target?: StaffingTarget;
}

const round = (v: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(v * f) / f;
};

/**
 * Ended calls of the window that reached the county while it was open: every record (`offered`)
 * but those that never went to the county (`overflowReasons.none`: answered or abandoned at the
 * town hall) and those that heard the county was closed (`otherEnds.closed`, always overflowed).
 */
export const countyArrivals = (f: Figures): number => f.offered - (f.overflowReasons['none'] ?? 0) - f.otherEnds.closed;

/**
 * A running call that counts as a county arrival: it has left the town hall's phones (queued,
 * offered, talking, in a callback or a final message) and is not hearing the closed message.
 */
export const atCounty = (c: Call): boolean =>
  c.phase !== 'town-ringing' && c.phase !== 'ended' && !(c.phase === 'final-message' && (c.finalOutcome ?? 'closed') === 'closed');

/** The advice from the inputs, pure. */
export function advise(inputs: {
  readonly arrivalsPerHour: number;
  readonly ahtSec: number;
  readonly agents: readonly Pick<AgentState, 'status'>[];
  readonly windowMinutes?: number;
  readonly target?: StaffingTarget;
}): StaffingAdvice {
  const target = inputs.target ?? DEFAULT_TARGET;
  const erlangs = trafficErlangs(inputs.arrivalsPerHour, inputs.ahtSec);
  const loggedIn = inputs.agents.filter((a) => a.status !== 'logged-out').length;
  return {
    windowMinutes: inputs.windowMinutes ?? DEFAULT_WINDOW_MINUTES,
    arrivalsPerHour: round(inputs.arrivalsPerHour, 2),
    ahtSec: round(inputs.ahtSec, 1),
    erlangs: round(erlangs, 2),
    agentsNeeded: agentsNeeded(erlangs, inputs.ahtSec, target.within, target.share),
    agentsLoggedIn: loggedIn,
    agentsReady: inputs.agents.filter((a) => a.status === 'available').length,
    serviceLevelWithLoggedIn: round(serviceLevel(loggedIn, erlangs, inputs.ahtSec, target.within), 4),
    target: { within: target.within, share: target.share },
  };
}

/** Reads the last window's figures, the running calls and the agents, and advises. */
export async function readStaffing(d: StaffingDeps): Promise<StaffingAdvice> {
  const windowMinutes = d.windowMinutes ?? DEFAULT_WINDOW_MINUTES;
  const end = d.now();
  const start = end - windowMinutes * 60_000;
  // Figures first, running calls second: a call ending in between is missed once, never counted twice.
  const figures = await d.figures({ start, end });
  const [running, agents] = await Promise.all([d.activeCalls?.() ?? Promise.resolve([]), d.agents()]);
  const arrivals = countyArrivals(figures) + running.filter((c) => c.times.arrivedAt >= start && c.times.arrivedAt < end && atCounty(c)).length;
  const ahtMs = figures.handle.calls > 0 && figures.handle.ahtMs !== null ? figures.handle.ahtMs : d.defaultHandleTimeMs;
  return advise({
    arrivalsPerHour: (arrivals * 60) / windowMinutes,
    ahtSec: ahtMs / 1_000,
    agents,
    windowMinutes,
    ...(d.target ? { target: d.target } : {}),
  });
}
