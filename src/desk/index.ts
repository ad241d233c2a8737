/**
 * The agent desktop: a plain German web page served by the engine (`GET /desk`), live over
 * server-sent events. Wiring (main.ts): `routes: [(app) => deskRoutes(app, { desk, agentNames, county })]`.
 */
export { deskRoutes, type DeskRoutesDeps } from './routes.js';
export { DESK_HEADERS, DESK_SCRIPT_PATH } from './page.js';
