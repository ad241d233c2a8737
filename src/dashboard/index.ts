/**
 * The operators' dashboard: a German web page served by the engine (`GET /dashboard`), live over
 * server-sent events (`GET /api/dashboard/events`). README, "Dashboard".
 *
 * Wiring (main.ts):
 * ```ts
 * const changes = new ChangeNotifier();
 * new Engine({ …, onCallChange: (call) => { desk?.callChanged(call); changes.notify(); },
 *                 onAgentChange: (agent) => { desk?.agentChanged(agent); changes.notify(); } });
 * routes: [..., (app) => void dashboardRoutes(app, { queue, stats, notes, changes, towns, county, timezone, now, scriptUrl: pageScripts.url('dashboard') })]
 * ```
 */
export { ChangeNotifier } from './changes.js';
export { dashboardRoutes, type DashboardRoutesDeps } from './routes.js';
export { DashboardHub, type DashboardHubDeps } from './hub.js';
export { WaitingHistory, type WaitingSeries } from './history.js';
export type { Level } from './targets.js';
export type { FiguresView, LiveView } from './view.js';
