/**
 * The logger's `err` serializer: an error is logged with its type, message, stack, code and causes,
 * but without what libraries attach to it that can hold personal data or secrets:
 *
 * - ioredis puts the failed command on its errors (`err.command = { name, args }`, on ReplyError and
 *   AbortError; `previousErrors` of an aborted MULTI carry theirs): the arguments of a callback
 *   number's SET are the citizen's number. They are dropped, and a Redis error reply's message has
 *   its quoted parts removed (`ERR unknown command 'x', with args beginning with: '0410…'`).
 * - HTTP clients (undici's fetch, its `cause`) name the URL they failed on, webhook URLs included,
 *   which may carry credentials: every URL in a message is cut down to its origin, without user:pass.
 * - Anything that looks like a phone number (six digits or more in a row) in a message is replaced.
 *
 * Caller numbers are redacted by configuration, not by discipline: this runs for every `err` field,
 * whoever logs it (the http server's too, as fastify keeps the instance's serializers).
 */

const REDACTED = '[redacted]';
/** Keys that never reach the log: ioredis' command and arguments, HTTP clients' requests and options. */
const DROPPED_KEYS = new Set(['command', 'args', 'argv', 'config', 'request', 'response', 'options', 'headers', 'body', 'raw']);
const MAX_DEPTH = 4;

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>()]+/gi;
// Six digits or more, a leading + included: German subscriber numbers have at least that many.
const DIGITS_PATTERN = /\+?\d{6,}/g;
const QUOTED_PATTERN = /'[^']*'|"[^"]*"/g;

/** A URL cut down to `scheme://host[:port]`: no user:pass, no path, no query. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.host === '' ? `${u.protocol}[url]` : `${u.protocol}//${u.host}`;
  } catch {
    // Not a URL after all (a fragment of one): nothing of it is worth keeping.
    return '[url]';
  }
}

/** A text with URLs cut to their origins and phone-like digit runs replaced. */
export function scrubText(text: string): string {
  return text.replace(URL_PATTERN, (u) => originOf(u)).replace(DIGITS_PATTERN, REDACTED);
}

/** Error replies of Redis (ioredis' ReplyError, also AbortError): their message can quote the arguments. */
const isRedisError = (err: Error & { command?: unknown }): boolean => err.command !== undefined || err.name === 'ReplyError' || err.name === 'AbortError';

const isErrorLike = (value: unknown): value is Error =>
  value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string' && typeof (value as { stack?: unknown }).stack === 'string');

function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (seen.has(value) || depth > MAX_DEPTH) return '[…]';
  if (isErrorLike(value)) return serializeOne(value, depth, seen);
  seen.add(value);
  if (value instanceof URL) return originOf(value.href);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = scrubValue(v, depth + 1, seen);
  }
  return out;
}

function serializeOne(err: Error & { command?: unknown }, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  seen.add(err);
  const redis = isRedisError(err);
  const clean = (text: string): string => scrubText(redis ? text.replace(QUOTED_PATTERN, `'${REDACTED}'`) : text);
  const out: Record<string, unknown> = {
    type: typeof err.constructor === 'function' && err.constructor.name !== '' ? err.constructor.name : err.name,
    message: clean(String(err.message)),
  };
  if (typeof err.stack === 'string') out.stack = clean(err.stack);
  for (const key of Object.keys(err)) {
    if (DROPPED_KEYS.has(key) || key in out) continue;
    const v = scrubValue((err as unknown as Record<string, unknown>)[key], depth + 1, seen);
    if (v !== undefined) out[key] = v;
  }
  // `cause` and AggregateError's `errors` are not enumerable on native errors.
  if (err.cause !== undefined && !('cause' in out)) out.cause = scrubValue(err.cause, depth + 1, seen);
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors) && !('errors' in out)) out.errors = errors.map((e) => scrubValue(e, depth + 1, seen));
  return out;
}

/** pino `serializers.err`: errors as described above; a string (`err: e.message`) is scrubbed as text. */
export function serializeError(err: unknown): unknown {
  if (typeof err === 'string') return scrubText(err);
  if (!isErrorLike(err)) return scrubValue(err, 0, new WeakSet());
  return serializeOne(err, 0, new WeakSet());
}
