/**
 * The form of a secret's hash, as the deployment file holds it (`people[].secretHash`):
 *
 *     scrypt$ln=17,r=8,p=1$<salt, base64>$<key, base64>
 *
 * The cost travels with the hash, so it can be raised later without breaking old hashes. New
 * hashes use OWASP's recommendation (N = 2^17, r = 8, p = 1: 128 MiB), a 16-byte salt and a 32-byte
 * key. The older form `scrypt$<salt>$<key>` (no parameters) stands for N = 2^15, r = 8, p = 1.
 *
 * Only the form lives here, so the deployment file can be checked without the code that hashes
 * and verifies (secret-hash.ts of the auth module, which builds on this).
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

export const KEY_BYTES = 32;
export const SALT_BYTES = 16;
const B64 = '[A-Za-z0-9+/]+={0,2}';
const LEGACY_FORMAT = new RegExp(`^scrypt\\$(${B64})\\$(${B64})$`);
const FORMAT = new RegExp(`^scrypt\\$ln=(\\d{1,2}),r=(\\d{1,2}),p=(\\d{1,2})\\$(${B64})\\$(${B64})$`);

/** A hash with these parameters, salt and key (both base64). */
export const formatSecretHash = ({ ln, r, p }: ScryptParams, salt: string, key: string): string => `scrypt$ln=${ln},r=${r},p=${p}$${salt}$${key}`;

/** How a hash is written, for messages. */
export const SECRET_HASH_FORMAT = formatSecretHash(DEFAULT_SCRYPT_PARAMS, '<salt>', '<key>');
/** How the older form is written, for messages. */
export const LEGACY_SECRET_HASH_FORMAT = 'scrypt$<salt>$<key>';

export interface ParsedSecretHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** The memory one scrypt computation with these parameters needs (128 · N · r bytes). */
export const scryptMemoryBytes = ({ ln, r }: ScryptParams): number => 128 * 2 ** ln * r;

/** The parameters, salt and key of a well-formed hash (16+ byte salt, 32-byte key), or null. */
export const parseSecretHash = (hash: string): ParsedSecretHash | null => {
  const m = FORMAT.exec(hash);
  const legacy = m ? null : LEGACY_FORMAT.exec(hash);
  const saltText = m ? m[4] : legacy?.[1];
  const keyText = m ? m[5] : legacy?.[2];
  if (!saltText || !keyText) return null;
  const params: ScryptParams = m ? { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : LEGACY_SCRYPT_PARAMS;
  if (params.ln < 1 || params.r < 1 || params.p < 1 || params.p > 16 || scryptMemoryBytes(params) > MAX_SCRYPT_MEMORY_BYTES) return null;
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
