import { EngineError } from '../../errors.js';

/**
 * ari-client turns an HTTP error into `new Error(<response body>)` and drops the status code, so
 * the body is the only thing to go by. This is the one place that reads it; everything else sees codes.
 */
export function translateAriError(err: unknown, what: string): EngineError {
  if (err instanceof EngineError) return err;
  const text = err instanceof Error ? err.message : String(err);
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not a JSON body (a socket error, say): keep the text as it is.
  }
  if (/playback not found/i.test(message)) return new EngineError('ARI_PLAYBACK_GONE', `${what}: ${message}`, undefined, { cause: err });
  if (/bridge not found/i.test(message)) return new EngineError('ARI_BRIDGE_GONE', `${what}: ${message}`, undefined, { cause: err });
  if (/channel not found|not in stasis|channel .*not found/i.test(message)) {
    return new EngineError('ARI_CHANNEL_GONE', `${what}: ${message}`, undefined, { cause: err });
  }
  if (/ECONNREFUSED|ECONNRESET|socket hang up|ETIMEDOUT/i.test(message)) {
    return new EngineError('ARI_UNAVAILABLE', `${what}: ${message}`, undefined, { cause: err });
  }
  return new EngineError('ARI_REQUEST_FAILED', `${what}: ${message}`, undefined, { cause: err });
}
