import { createHash } from 'node:crypto';

/**
 * Redis keys of src/auth, under the engine's key prefix (RedisKeys.prefix, `REDIS_PREFIX`), next to
 * the layout of src/adapters/redis/keys.ts:
 *   session:{ref}                   string  JSON { personId, credential }; TTL = the session's lifetime.
 *                                           `ref` is the SHA-256 of the cookie value, so the keys in Redis
 *                                           are not themselves usable session cookies.
 *   login-failures:{idRef}          string  sign-in attempts for an id, from any address, in the window; TTL = the window
 *   login-failures:{idRef}:{addrRef} string attempts for an id from one address in the window; TTL = the window
 *   login-usual:{idRef}:{addrRef}   string  "1": the id signed in from this address lately; TTL = 30 days
 *   login-rate:{addrRef}            string  @fastify/rate-limit's count of POST /login per address; TTL = its window
 *   secret-upgrade:{personId}:{credential}  string  a re-hashed secretHash (see hash-upgrades.ts); no TTL
 *   api-token:{tokenId}             string  JSON of an API token (hash of its secret, never the secret); expires with it
 *   api-tokens                      set     token ids, for listing (members of expired tokens are pruned on list)
 *
 * `idRef` and `addrRef` are SHA-256 fingerprints (22 base64url characters), not the typed id (an
 * "id" may be a secret typed into the wrong field) nor the client address (personal data).
 */
export class AuthKeys {
  constructor(readonly prefix = 'ovr:') {}

  session(ref: string): string {
    return `${this.prefix}session:${ref}`;
  }

  loginFailures(id: string): string {
    return `${this.prefix}login-failures:${refOf('id', id)}`;
  }

  loginFailuresFrom(id: string, address: string): string {
    return `${this.prefix}login-failures:${refOf('id', id)}:${refOf('address', address)}`;
  }

  usualAddress(id: string, address: string): string {
    return `${this.prefix}login-usual:${refOf('id', id)}:${refOf('address', address)}`;
  }

  /** @fastify/rate-limit's nameSpace: it appends the client address. */
  get loginRateNamespace(): string {
    return `${this.prefix}login-rate:`;
  }

  secretUpgrade(personId: string, credential: string): string {
    return `${this.prefix}secret-upgrade:${personId}:${credential}`;
  }

  apiToken(tokenId: string): string {
    return `${this.prefix}api-token:${tokenId}`;
  }

  apiTokens(): string {
    return `${this.prefix}api-tokens`;
  }
}

/** The fingerprint of an id or address as it appears in keys. */
export const refOf = (kind: 'id' | 'address', value: string): string => createHash('sha256').update(`${kind}\0${value}`).digest('base64url').slice(0, 22);
