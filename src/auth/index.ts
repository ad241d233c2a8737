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
import { RedisApiTokenStore } from './api-token-store.js';
import { RedisHashUpgrades } from './hash-upgrades.js';
import { AuthKeys } from './keys.js';
import { RedisLoginThrottle, type ThrottleLimits, DEFAULT_THROTTLE_LIMITS } from './login-throttle.js';
import { DEFAULT_LOGIN_RATE, type AuthOptions } from './plugin.js';
import { DEFAULT_SCRYPT_LIMITS, gatedSecretChecker, type ScryptLimits } from './secret-checker.js';
import { DEFAULT_SESSION_TTL_MS, RedisSessionStore } from './sessions.js';
import type { TokenTargets } from './token-request.js';

export type { Principal, Role } from './principal.js';
export { canActAsAgent, canSeeTown, isPlatformOperator } from './access.js';
export {
  authPlugin,
  requireRole,
  sendForbidden,
  sendUnauthenticated,
  sendTooManyAttempts,
  sendUnavailable,
  SESSION_COOKIE,
  DEFAULT_LOGIN_RATE,
  type AuthOptions,
  type LoginRateLimit,
} from './plugin.js';
export { loginRoutes } from './login-routes.js';
export { tokenRoutes } from './token-routes.js';
export { checkCredentials, principalOf, type CredentialCheck, type CredentialDeps } from './credentials.js';
export { hashSecret, verifySecret, needsRehash } from './secret-hash.js';
export { isSecretHash, parseSecretHash, SECRET_HASH_FORMAT, DEFAULT_SCRYPT_PARAMS, MIN_DEPLOYMENT_LN, type ScryptParams } from '../config/secret-hash-format.js';
export { BoundedGate, gatedSecretChecker, DEFAULT_SCRYPT_LIMITS, type SecretChecker, type ScryptLimits } from './secret-checker.js';
export { MemoryHashUpgrades, RedisHashUpgrades, type HashUpgrades } from './hash-upgrades.js';
export { MemoryApiTokenStore, RedisApiTokenStore, type ApiTokenStore, type NewApiToken } from './api-token-store.js';
export { parseToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type ApiTokenInfo, type ApiTokenGrant } from './api-tokens.js';
export { parseTokenRequest, type TokenTargets } from './token-request.js';
export { sampleHashProblems, isSampleHash } from './sample-secrets.js';
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
  type Reservation,
  type ThrottleLimits,
} from './login-throttle.js';
export { AuthKeys } from './keys.js';

/**
 * The engine's auth: sessions, attempt counts, API tokens, upgraded hashes and the per-address
 * sign-in limit in Redis under the engine's key prefix (`settings.redis.keyPrefix`, the same as
 * RedisKeys'), for the deployment's people.
 *
 * ```ts
 * buildHttpServer({ …, auth: redisAuth(redis, settings.redis.keyPrefix, deployment.people, { tokenTargets }) });
 * ```
 */
export const redisAuth = (
  redis: Redis,
  keyPrefix: string,
  people: readonly Person[],
  options: {
    readonly sessionTtlMs?: number;
    readonly throttle?: ThrottleLimits;
    readonly scrypt?: ScryptLimits;
    readonly loginRate?: { readonly max: number; readonly timeWindowMs: number };
    readonly tokenTargets?: TokenTargets;
  } = {},
): AuthOptions => ({
  people,
  sessions: new RedisSessionStore(redis, keyPrefix, options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS),
  throttle: new RedisLoginThrottle(redis, keyPrefix, options.throttle ?? DEFAULT_THROTTLE_LIMITS),
  tokens: new RedisApiTokenStore(redis, keyPrefix),
  secrets: gatedSecretChecker(options.scrypt ?? DEFAULT_SCRYPT_LIMITS),
  upgrades: new RedisHashUpgrades(redis, keyPrefix),
  loginRate: { ...(options.loginRate ?? DEFAULT_LOGIN_RATE), redis, nameSpace: new AuthKeys(keyPrefix).loginRateNamespace },
  tokenTargets: options.tokenTargets,
});
