import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Hashes of people's secrets, as the deployment file holds them:
 *
 *     scrypt$ln=17,r=8,p=1$<salt, base64>$<key, base64>
 *
 * The cost travels with the hash, so it can be raised later without breaking old hashes. New
 * hashes use OWASP's recommendation (N = 2^17, r = 8, p = 1: 128 MiB and roughly 0.3 to 1 s of one
 * core per check), a fresh 16-byte salt and a 32-byte key. The older form `scrypt$<salt>$<key>`
 * (no parameters) still verifies, as N = 2^15, r = 8, p = 1. A check compares in constant time.
 */

export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  readonly ln: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism. */
  readonly p: number;
}

/** What new hashes use; a hash below it is upgraded at the next sign-in. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ ln: 17, r: 8, p: 1 });
/** What the old parameterless form `scrypt$<salt>$<key>` was made with. */
export const LEGACY_SCRYPT_PARAMS: ScryptParams = Object.freeze({ ln: 15, r: 8, p: 1 });
/** The lowest cost the deployment file accepts (2^14 is where OWASP's table starts). */
export const MIN_DEPLOYMENT_LN = 14;
/** No hash may make one check need more than this (128 · N · r bytes): a hash must not exhaust memory. */
const MAX_SCRYPT_MEMORY_BYTES = 1024 * 1024 * 1024;

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const B64 = '[A-Za-z0-9+/]+={0,2}';
const LEGACY_FORMAT = new RegExp(`^scrypt\\$(${B64})\\$(${B64})$`);
const FORMAT = new RegExp(`^scrypt\\$ln=(\\d{1,2}),r=(\\d{1,2}),p=(\\d{1,2})\\$(${B64})\\$(${B64})$`);

/** How a hash is written, for messages. */
export const SECRET_HASH_FORMAT = 'scrypt$ln=17,r=8,p=1$<salt>$<key>';

export interface ParsedSecretHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const memoryOf = ({ ln, r }: ScryptParams): number => 128 * 2 ** ln * r;

/** The parameters, salt and key of a well-formed hash (16+ byte salt, 32-byte key), or null. */
export const parseSecretHash = (hash: string): ParsedSecretHash | null => {
  const m = FORMAT.exec(hash);
  const legacy = m ? null : LEGACY_FORMAT.exec(hash);
  const saltText = m ? m[4] : legacy?.[1];
  const keyText = m ? m[5] : legacy?.[2];
  if (!saltText || !keyText) return null;
  const params: ScryptParams = m ? { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : LEGACY_SCRYPT_PARAMS;
  if (params.ln < 1 || params.r < 1 || params.p < 1 || params.p > 16 || memoryOf(params) > MAX_SCRYPT_MEMORY_BYTES) return null;
  const salt = Buffer.from(saltText, 'base64');
  const key = Buffer.from(keyText, 'base64');
  // Round-trip: rejects base64 that Buffer would silently truncate or repair.
  if (salt.toString('base64') !== saltText || key.toString('base64') !== keyText) return null;
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return null;
  return { params, salt, key };
};

/**
 * Whether `hash` may stand in the deployment file: well-formed and at least N = 2^14. (Unit
 * tests hash at lower cost to stay fast; `verifySecret` checks those too.)
 */
export const isSecretHash = (hash: string): boolean => {
  const parsed = parseSecretHash(hash);
  return parsed !== null && parsed.params.ln >= MIN_DEPLOYMENT_LN;
};

/** Whether a hash was made with less than `target`'s cost, so a sign-in should store a new one. */
export const needsRehash = (hash: string, target: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean => {
  const parsed = parseSecretHash(hash);
  if (parsed === null) return false;
  const { ln, r, p } = parsed.params;
  return ln < target.ln || r < target.r || p < target.p;
};

const derive = (secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options = { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: 2 * memoryOf(params) };
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** A new hash of `secret`, with a random salt: what `npm run hash-secret` prints. */
export const hashSecret = async (secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> => {
  if (secret === '') throw new RangeError('a secret must not be empty');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(secret, salt, params);
  return `scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
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
export const DUMMY_SECRET_HASH = `scrypt$ln=${DEFAULT_SCRYPT_PARAMS.ln},r=${DEFAULT_SCRYPT_PARAMS.r},p=${DEFAULT_SCRYPT_PARAMS.p}$${Buffer.alloc(SALT_BYTES, 1).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;
