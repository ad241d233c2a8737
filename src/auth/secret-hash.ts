import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Hashes of people's secrets (passwords, bearer tokens), in the one form the deployment file
 * accepts: `scrypt$<salt, base64>$<hash, base64>`. The scrypt cost is fixed (N = 2^15, r = 8,
 * p = 1, 32 MiB, about 60 ms per check on one core), a fresh 16-byte salt per hash, a 32-byte key.
 * A check compares in constant time.
 */

const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const B64 = '[A-Za-z0-9+/]+={0,2}';
const FORMAT = new RegExp(`^scrypt\\$(${B64})\\$(${B64})$`);

/** How a hash is written, for messages: `scrypt$<salt>$<hash>`. */
export const SECRET_HASH_FORMAT = 'scrypt$<salt>$<hash>';

export interface ParsedSecretHash {
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** The salt and key of a well-formed hash (16+ byte salt, 32-byte key), or null. */
export const parseSecretHash = (hash: string): ParsedSecretHash | null => {
  const m = FORMAT.exec(hash);
  if (!m?.[1] || !m[2]) return null;
  const salt = Buffer.from(m[1], 'base64');
  const key = Buffer.from(m[2], 'base64');
  // Round-trip: rejects base64 that Buffer would silently truncate or repair.
  if (salt.toString('base64') !== m[1] || key.toString('base64') !== m[2]) return null;
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
  return { salt, key };
};

/** Whether `hash` is a hash `verifySecret` can check (the deployment file's rule for `secretHash`). */
export const isSecretHash = (hash: string): boolean => parseSecretHash(hash) !== null;

const derive = (secret: string, salt: Buffer): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** A new hash of `secret`, with a random salt: what `npm run hash-secret` prints. */
export const hashSecret = async (secret: string): Promise<string> => {
  if (secret === '') throw new RangeError('a secret must not be empty');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
};

/**
 * Whether `secret` matches `hash`. False (never an exception) for a wrong secret, an empty one,
 * or a malformed hash. Runs scrypt in the thread pool, so the event loop stays free.
 */
export const verifySecret = async (secret: string, hash: string): Promise<boolean> => {
  const parsed = parseSecretHash(hash);
  if (parsed === null || secret === '') return false;
  const key = await derive(secret, parsed.salt);
  return timingSafeEqual(key, parsed.key);
};

/**
 * A well-formed hash of no one's secret: checking an unknown id against it costs what checking a
 * real one costs, so the answer's timing does not tell which ids exist.
 */
export const DUMMY_SECRET_HASH = `scrypt$${Buffer.alloc(SALT_BYTES, 1).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;
