import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  DEFAULT_SCRYPT_PARAMS,
  KEY_BYTES,
  SALT_BYTES,
  formatSecretHash,
  parseSecretHash,
  scryptMemoryBytes,
  type ScryptParams,
} from '../config/secret-hash-format.js';

/**
 * Hashing people's secrets and checking them, in the form the deployment file holds
 * (src/config/secret-hash-format.ts): new hashes use OWASP's recommended cost, roughly 0.3 to 1 s
 * of one core per check; the older parameterless form still verifies. A check compares in
 * constant time.
 */

/** Whether a hash was made with less than `target`'s cost, so a sign-in should store a new one. */
export const needsRehash = (hash: string, target: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean => {
  const parsed = parseSecretHash(hash);
  if (parsed === null) return false;
  const { ln, r, p } = parsed.params;
  return ln < target.ln || r < target.r || p < target.p;
};

const derive = (secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options = { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: 2 * scryptMemoryBytes(params) };
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** A new hash of `secret`, with a random salt: what `npm run hash-secret` prints. */
export const hashSecret = async (secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> => {
  if (secret === '') throw new RangeError('a secret must not be empty');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, params);
  return formatSecretHash(params, salt.toString('base64'), key.toString('base64'));
};

/**
 * Whether `secret` matches `hash`. False (never an exception) for a wrong secret, an empty one,
 * or a malformed hash. Runs scrypt in the thread pool, so the event loop stays free; callers that
 * serve requests go through a `SecretChecker`, which limits how many run at once.
 */
export const verifySecret = async (secret: string, hash: string): Promise<boolean> => {
  const parsed = parseSecretHash(hash);
  if (parsed === null || secret === '') return false;
  const key = await derive(secret, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
};

/**
 * A well-formed hash of no one's secret, at the default cost: checking an unknown id against it
 * costs what checking a real one costs, so the answer's timing does not tell which ids exist.
 */
export const DUMMY_SECRET_HASH = formatSecretHash(DEFAULT_SCRYPT_PARAMS, Buffer.alloc(SALT_BYTES, 1).toString('base64'), Buffer.alloc(KEY_BYTES).toString('base64'));
