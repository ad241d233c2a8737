import type { Logger } from 'pino';
import { isEngineError } from '../errors.js';

/**
 * Logs work that failed. Redis being away is an outage, not a bug: the state the work would have
 * changed is re-derived from Asterisk when Redis answers again (the reconcile in main.ts), so it is
 * a warning. Anything else is an error.
 */
export const logFailure = (log: Logger, err: unknown, fields: Record<string, unknown>, message: string): void => {
  if (isEngineError(err, 'REDIS_UNAVAILABLE')) log.warn({ ...fields, err, repairedBy: 'reconcile when redis returns' }, message);
  else log.error({ ...fields, err }, message);
};
