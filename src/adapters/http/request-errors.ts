import type { FastifyError, FastifyRequest } from 'fastify';

/**
 * Logs a request that failed with an error thrown by a handler or by fastify itself (a body that
 * is not JSON, too large, …) and returns the status to answer with.
 *
 * A 4xx is the client's problem: one info line with the route pattern and fastify's error code,
 * never the body nor the error's message (both may quote what the client sent, which can be a
 * secret or a phone number). Only a 5xx is the engine's problem and logged as an error.
 */
export const logRequestError = (request: FastifyRequest, err: unknown): number => {
  const e = err as Partial<FastifyError>;
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode <= 599 ? e.statusCode : 500;
  const where = { method: request.method, route: request.routeOptions.url ?? null };
  if (status < 500) request.log.info({ ...where, status, code: e.code ?? null }, 'bad request refused');
  else request.log.error({ ...where, err }, 'request failed');
  return status;
};
