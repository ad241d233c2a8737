import type { FastifyInstance } from 'fastify';
import type { CenterBoard } from '../app/center-board.js';
import { PAGE_HEADERS } from '../auth/login-page.js';
import { platformHtml } from './page.js';
import { platformView, type PlatformView } from './view.js';

export interface PlatformRoutesDeps {
  /** The platform's board (the engine's RedisCenterBoard). */
  readonly board: CenterBoard;
  /** This center's `serviceCenter.id`. */
  readonly center: string;
  /** Its partners' ids: listed even when their engines, of an older version, are not on the board's list. */
  readonly partners: readonly string[];
  /** This center's time zone (the page's clock time). */
  readonly timezone: string;
  readonly now: () => number;
}

/** Reads every known center's post: one read each, a handful of centers per platform. */
export async function readPlatform(d: PlatformRoutesDeps): Promise<PlatformView> {
  const centers = [...new Set([...(await d.board.centers()), d.center, ...d.partners])];
  const posts = new Map(await Promise.all(centers.map(async (c) => [c, await d.board.read(c)] as const)));
  return platformView({ centers, posts, self: d.center, now: d.now() });
}

/**
 * `GET /api/platform` (JSON) and `GET /platform` (the German page): every center of the platform.
 * Who may call them (platform operators only) is the access table's and its guard's.
 */
export function platformRoutes(app: FastifyInstance, d: PlatformRoutesDeps): void {
  app.get('/api/platform', () => readPlatform(d));

  app.get('/platform', async (request, reply) => {
    const view = await readPlatform(d);
    return reply.headers(PAGE_HEADERS).send(platformHtml({ view, signedInAs: request.principal?.name ?? '', timezone: d.timezone }));
  });
}
