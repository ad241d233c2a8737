/** Stable error codes: callers match on `code`, never on `message`. */
export type EngineErrorCode =
  | 'CONFIG_INVALID'
  | 'ARI_CHANNEL_GONE'
  | 'ARI_BRIDGE_GONE'
  | 'ARI_PLAYBACK_GONE'
  | 'ARI_UNAVAILABLE'
  | 'ARI_REQUEST_FAILED'
  | 'STORE_VERSION_CONFLICT'
  /** A stored record in a format this version cannot read (damaged, or written by a newer version). */
  | 'STORE_UNREADABLE'
  | 'REDIS_UNAVAILABLE'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  /** The browser code of the pages (src/web/client/) does not bundle: the engine does not start. */
  | 'PAGE_SCRIPT_BUNDLE_FAILED'
  /** The service catalogue (PVOG) did not answer, answered with an error status, or a recorded answer is missing. */
  | 'CATALOGUE_UNAVAILABLE'
  /** The service catalogue answered, but not in the documented shape (not JSON, fields missing). */
  | 'CATALOGUE_BAD_RESPONSE';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isEngineError = (err: unknown, code?: EngineErrorCode): err is EngineError =>
  err instanceof EngineError && (code === undefined || err.code === code);
