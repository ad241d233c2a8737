import type { FastifyInstance } from 'fastify';
import { ASSETS_PATH, type PageScripts } from './page-scripts.js';

/** A bundle's URL changes with its content: browsers and proxies may keep it for a year, unasked. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `GET /assets/:file`: the page scripts (src/web/page-scripts.ts); any other name is 404. */
export function pageScriptRoutes(app: FastifyInstance, scripts: PageScripts): void {
  app.get<{ Params: { file: string } }>(`${ASSETS_PATH}:file`, (request, reply) => {
    const asset = scripts.asset(request.params.file);
    if (asset === undefined) {
      reply.callNotFound();
      return reply;
    }
    return reply.headers({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' }).send(asset.body);
  });
}
