import type { FastifyInstance } from 'fastify';
import { requireRole } from '../auth/index.js';
import { readStaffing, type StaffingDeps } from './advice.js';

/**
 * `GET /api/staffing` (operators): the Erlang C staffing advice for the last 60 minutes (see
 * advice.ts and README, "Staffing advice"). 503 `UNAVAILABLE` when the call records cannot be read.
 */
export function staffingRoutes(app: FastifyInstance, d: StaffingDeps & { readonly log?: { warn(obj: object, msg: string): void } }): void {
  app.get('/api/staffing', { preHandler: requireRole('operator') }, async (_req, reply) => {
    try {
      return await readStaffing(d);
    } catch (err) {
      d.log?.warn({ err }, 'staffing advice: could not read the call records or the agents');
      return reply.code(503).send({ error: { code: 'UNAVAILABLE', message: 'call records or agent states cannot be read right now' } });
    }
  });
}
