import type { Person } from '../config/deployment.js';
import type { HashUpgrades } from './hash-upgrades.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import { BUSY, type SecretChecker } from './secret-checker.js';
import { DUMMY_SECRET_HASH, needsRehash } from './secret-hash.js';

/** The Principal a configured person becomes once signed in (everything but the secret hash). */
export const principalOf = (person: Person): Principal => {
  switch (person.role) {
    case 'agent':
      return { id: person.id, name: person.name, role: 'agent', agentId: person.agentId };
    case 'town-staff':
      return { id: person.id, name: person.name, role: 'town-staff', town: person.town };
    case 'operator':
      return { id: person.id, name: person.name, role: 'operator', ...(person.platform === true ? { platform: true as const } : {}) };
    case 'editor':
      return { id: person.id, name: person.name, role: 'editor' };
  }
};

export type CredentialCheck =
  /** `upgraded`: the hash was below the current cost and an upgraded one is now kept in Redis. */
  | { readonly ok: true; readonly person: Person; readonly upgraded: boolean }
  /** Too many attempts for this id (or from this address for it): refused without looking at the secret. */
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }
  /** Too many secret checks running: not counted, try again shortly. */
  | { readonly ok: false; readonly reason: 'busy' }
  | { readonly ok: false; readonly reason: 'unknown-id' | 'wrong-secret'; readonly failures: number };

export interface CredentialDeps {
  readonly people: ReadonlyMap<string, Person>;
  readonly throttle: LoginThrottle;
  readonly secrets: SecretChecker;
  readonly upgrades: HashUpgrades;
}

/** Longest id worth looking up; person ids are short kebab-case names. */
const MAX_ID_LENGTH = 64;

/**
 * Checks an id and secret from a client `address` against the configured people.
 *
 * The attempt is counted first (`throttle.reserve`), and only then is the secret checked: counting
 * after the check let thousands of parallel guesses through before the first failure was counted.
 * An unknown id goes the same way (counted, throttled, one scrypt against a dummy hash at the
 * default cost), so neither a 429 nor the timing tells which ids exist.
 */
export const checkCredentials = async (deps: CredentialDeps, id: string, secret: string, address: string): Promise<CredentialCheck> => {
  const person = id.length <= MAX_ID_LENGTH ? deps.people.get(id) : undefined;
  const reservation = await deps.throttle.reserve(id, address);
  if (!reservation.allowed) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };

  const hash = person === undefined ? DUMMY_SECRET_HASH : ((await deps.upgrades.get(person.id, person.secretHash)) ?? person.secretHash);
  const verdict = await deps.secrets.verify(secret || 'x', hash);
  if (verdict === 'busy') {
    await deps.throttle.refund(id, address);
    return { ok: false, reason: 'busy' };
  }
  if (person === undefined) return { ok: false, reason: 'unknown-id', failures: reservation.failures };
  if (verdict === 'mismatch' || secret === '') return { ok: false, reason: 'wrong-secret', failures: reservation.failures };

  await deps.throttle.succeeded(id, address);
  let upgraded = false;
  if (needsRehash(hash)) {
    // Busy now: keep the old hash and upgrade at a later sign-in.
    const better = await deps.secrets.hash(secret);
    if (better !== BUSY) {
      await deps.upgrades.put(person.id, person.secretHash, better);
      upgraded = true;
    }
  }
  return { ok: true, person, upgraded };
};
