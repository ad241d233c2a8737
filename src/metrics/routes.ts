import type { FastifyInstance } from 'fastify';

/**
 * `GET /metrics`: the Prometheus text exposition. Open like `/healthz` (no sign-in): it carries no
 * personal data, and the HTTP API is bound to localhost by default (`HTTP_HOST`).
 */
export function metricsRoutes(app: FastifyInstance, d: { readonly metrics: { readonly contentType: string; scrape(): Promise<string> } }): void {
  app.get('/metrics', async (_req, reply) => {
    const body = await d.metrics.scrape();
    return reply.header('content-type', d.metrics.contentType).header('cache-control', 'no-store').send(body);
  });
}
