/**
 * Staffing advice: Erlang C over the last hour's arrivals and handle time, `GET /api/staffing`.
 *
 * Wiring (main.ts), in `routes: [...]`:
 * ```ts
 * (app) => staffingRoutes(app, { figures: (span) => stats.figures(span), agents: () => agents.all(),
 *   activeCalls: () => store.active(), defaultHandleTimeMs: deployment.serviceCenter.defaultHandleTimeMs,
 *   target: staffingTargetOf(deployment.serviceCenter.targets), now: () => clock.now(), log }),
 * ```
 */
export { agentsNeeded, averageSpeedOfAnswer, erlangB, erlangC, serviceLevel, trafficErlangs } from './erlang-c.js';
export { DEFAULT_TARGET, DEFAULT_WINDOW_MINUTES, advise, staffingTargetOf, atCounty, countyArrivals, readStaffing, type StaffingAdvice, type StaffingDeps, type StaffingTarget } from './advice.js';
export { staffingRoutes } from './routes.js';
