import type { Logger } from 'pino';
import { isEngineError } from '../errors.js';

/**
 * Logs work that failed. Redis or Asterisk being away is an outage, not a bug: the state the work
 * would have changed is re-derived from Asterisk when the connection is back (the reconcile after
 * Redis returns, or after the ARI reconnect), so it is a warning. Anything else is an error.
 */
export const logFailure = (log: Logger, err: unknown, fields: Record<string, unknown>, message: string): void => {
  if (isEngineError(err, 'REDIS_UNAVAILABLE')) log.warn({ ...fields, err, repairedBy: 'reconcile when redis returns' }, message);
  else if (isEngineError(err, 'ARI_UNAVAILABLE')) log.warn({ ...fields, err, repairedBy: 'reconcile when asterisk reconnects' }, message);
  else log.error({ ...fields, err }, message);
};
