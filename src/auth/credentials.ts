import type { Person } from '../config/deployment.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import { DUMMY_SECRET_HASH, verifySecret } from './secret-hash.js';

/** The Principal a configured person becomes once signed in (everything but the secret hash). */
export const principalOf = (person: Person): Principal => {
  switch (person.role) {
    case 'agent':
      return { id: person.id, name: person.name, role: 'agent', agentId: person.agentId };
    case 'town-staff':
      return { id: person.id, name: person.name, role: 'town-staff', town: person.town };
    case 'operator':
      return { id: person.id, name: person.name, role: 'operator' };
  }
};

export type CredentialCheck =
  | { readonly ok: true; readonly person: Person }
  /** Too many failures for this id lately: refused without looking at the secret. */
  | { readonly ok: false; readonly reason: 'throttled'; readonly retryAfterMs: number }
  | { readonly ok: false; readonly reason: 'unknown-id' | 'wrong-secret'; readonly failures: number };

/** Longest id worth looking up (and logging); person ids are short kebab-case names. */
const MAX_ID_LENGTH = 64;

/**
 * Checks an id and secret against the configured people, counting failures in `throttle`. An
 * unknown id costs one scrypt like a known one (so timing does not reveal which ids exist) and
 * is not counted: there is no one to protect, and counting would let anyone fill Redis with keys.
 */
export const checkCredentials = async (
  people: ReadonlyMap<string, Person>,
  throttle: LoginThrottle,
  id: string,
  secret: string,
): Promise<CredentialCheck> => {
  const person = id.length <= MAX_ID_LENGTH ? people.get(id) : undefined;
  if (person === undefined) {
    await verifySecret(secret || 'x', DUMMY_SECRET_HASH);
    return { ok: false, reason: 'unknown-id', failures: 0 };
  }
  const before = await throttle.status(person.id);
  if (before.blockedForMs > 0) return { ok: false, reason: 'throttled', retryAfterMs: before.blockedForMs };
  if (await verifySecret(secret, person.secretHash)) {
    if (before.failures > 0) await throttle.reset(person.id);
    return { ok: true, person };
  }
  const after = await throttle.recordFailure(person.id);
  return { ok: false, reason: 'wrong-secret', failures: after.failures };
};

