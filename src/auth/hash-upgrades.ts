import type { Redis } from 'ioredis';
import { AuthKeys } from './keys.js';
import { credentialOf } from './sessions.js';

/**
 * Re-hashed secrets. The deployment file is read-only configuration, so when a person signs in
 * with a hash below the current cost, the engine keeps an upgraded hash of the same secret here and
 * checks against it from then on. It is keyed by the person and a fingerprint of the file's hash:
 * once someone edits the file (a new secret, or the upgraded hash pasted in), the stored one no
 * longer applies and the file wins.
 */
export interface HashUpgrades {
  /** The upgraded hash for this person and file hash, or null. */
  get(personId: string, fileHash: string): Promise<string | null>;
  put(personId: string, fileHash: string, upgradedHash: string): Promise<void>;
}

export class RedisHashUpgrades implements HashUpgrades {
  private readonly keys: AuthKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = new AuthKeys(prefix);
  }

  get(personId: string, fileHash: string): Promise<string | null> {
    return this.redis.get(this.keys.secretUpgrade(personId, credentialOf(fileHash)));
  }

  async put(personId: string, fileHash: string, upgradedHash: string): Promise<void> {
    // No TTL: it lives as long as the file's hash does; an edited file simply stops reading it.
    await this.redis.set(this.keys.secretUpgrade(personId, credentialOf(fileHash)), upgradedHash);
  }
}

export class MemoryHashUpgrades implements HashUpgrades {
  private readonly hashes = new Map<string, string>();

  get(personId: string, fileHash: string): Promise<string | null> {
    return Promise.resolve(this.hashes.get(`${personId}\0${fileHash}`) ?? null);
  }

  put(personId: string, fileHash: string, upgradedHash: string): Promise<void> {
    this.hashes.set(`${personId}\0${fileHash}`, upgradedHash);
    return Promise.resolve();
  }
}
