/**
 * The agent desktop: a plain German web page served by the engine (`GET /desk`), live over
 * server-sent events. Wiring (main.ts): `routes: [(app) => deskRoutes(app, { desk, agentNames, county, scriptUrl: pageScripts.url('desk') })]`.
 */
export { deskRoutes, type DeskRoutesDeps } from './routes.js';
export { DESK_HEADERS } from './page.js';
