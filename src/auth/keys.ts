/**
 * Redis keys of src/auth, under the engine's key prefix (RedisKeys.prefix, `REDIS_PREFIX`), next to
 * the layout of src/adapters/redis/keys.ts:
 *   session:{ref}          string  JSON { personId, credential }; TTL = the session's lifetime.
 *                                  `ref` is the SHA-256 of the cookie value, so the keys in Redis
 *                                  are not themselves usable session cookies.
 *   login-failures:{id}    string  failed sign-ins of person `id` in the current window; TTL = the window
 */
export class AuthKeys {
  constructor(readonly prefix = 'ovr:') {}

  session(ref: string): string {
    return `${this.prefix}session:${ref}`;
  }

  loginFailures(personId: string): string {
    return `${this.prefix}login-failures:${personId}`;
  }
}
