/**
 * Authentication and authorization of the HTTP API: who may sign in (the deployment file's
 * `people:`), how (bearer token or session cookie), and what routes check.
 *
 * For route authors:
 * ```ts
 * import { requireRole, canSeeTown, sendForbidden } from '../../auth/index.js';
 *
 * app.get<{ Params: { town: string } }>('/api/towns/:town/notes', { preHandler: requireRole('town-staff', 'operator') }, (req, reply) => {
 *   if (!canSeeTown(req.principal, req.params.town)) return sendForbidden(reply, 'not your town');
 *   …
 * });
 * ```
 */
import type { Redis } from 'ioredis';
import type { Person } from '../config/deployment.js';
import { RedisLoginThrottle, type ThrottleLimits, DEFAULT_THROTTLE_LIMITS } from './login-throttle.js';
import type { AuthOptions } from './plugin.js';
import { DEFAULT_SESSION_TTL_MS, RedisSessionStore } from './sessions.js';

export type { Principal, Role } from './principal.js';
export { canActAsAgent, canSeeTown } from './access.js';
export {
  authPlugin,
  requireRole,
  sendForbidden,
  sendUnauthenticated,
  sendTooManyAttempts,
  SESSION_COOKIE,
  type AuthOptions,
} from './plugin.js';
export { loginRoutes } from './login-routes.js';
export { checkCredentials, principalOf, type CredentialCheck } from './credentials.js';
export { hashSecret, verifySecret, isSecretHash, parseSecretHash, SECRET_HASH_FORMAT } from './secret-hash.js';
export {
  DEFAULT_SESSION_TTL_MS,
  MemorySessionStore,
  RedisSessionStore,
  credentialOf,
  type SessionData,
  type SessionStore,
} from './sessions.js';
export {
  DEFAULT_THROTTLE_LIMITS,
  MemoryLoginThrottle,
  RedisLoginThrottle,
  type LoginThrottle,
  type ThrottleLimits,
  type ThrottleStatus,
} from './login-throttle.js';
export { AuthKeys } from './keys.js';

/**
 * The engine's auth: sessions and failure counts in Redis under the engine's key prefix
 * (`settings.redis.keyPrefix`, the same as RedisKeys'), for the deployment's people.
 *
 * ```ts
 * buildHttpServer({ …, auth: redisAuth(redis, settings.redis.keyPrefix, deployment.people) });
 * ```
 */
export const redisAuth = (
  redis: Redis,
  keyPrefix: string,
  people: readonly Person[],
  options: { readonly sessionTtlMs?: number; readonly throttle?: ThrottleLimits } = {},
): AuthOptions => ({
  people,
  sessions: new RedisSessionStore(redis, keyPrefix, options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS),
  throttle: new RedisLoginThrottle(redis, keyPrefix, options.throttle ?? DEFAULT_THROTTLE_LIMITS),
});
