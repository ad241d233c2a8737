import type { Redis } from 'ioredis';
import { AuthKeys } from './keys.js';
import { formatToken, infoOf, newTokenId, newTokenSecret, sha256, TOKEN_ID, type ApiTokenGrant, type ApiTokenInfo, type StoredApiToken } from './api-tokens.js';

export interface NewApiToken {
  readonly name: string;
  readonly grant: ApiTokenGrant;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly createdBy: string;
}

/** API tokens (see api-tokens.ts). */
export interface ApiTokenStore {
  /** Creates a token; `token` is the only time its secret exists outside the caller. */
  create(input: NewApiToken): Promise<{ readonly token: string; readonly info: ApiTokenInfo }>;
  /** The token with this id, or null when it never existed, expired or was revoked. */
  find(tokenId: string): Promise<StoredApiToken | null>;
  /** Tokens not expired nor revoked, oldest first, without secrets. */
  list(): Promise<readonly ApiTokenInfo[]>;
  /** Revokes a token; false when there was none. */
  revoke(tokenId: string): Promise<boolean>;
}

const build = (input: NewApiToken, now: number): { token: string; stored: StoredApiToken } => {
  const id = newTokenId();
  const secret = newTokenSecret();
  const stored = { ...input.grant, id, name: input.name, createdAt: now, expiresAt: input.expiresAt, createdBy: input.createdBy, secretSha256: sha256(secret) } as StoredApiToken;
  return { token: formatToken(id, secret), stored };
};

const parseStored = (json: string | null): StoredApiToken | null => {
  if (json === null) return null;
  const v = JSON.parse(json) as StoredApiToken;
  return typeof v.id === 'string' && typeof v.secretSha256 === 'string' && typeof v.expiresAt === 'number' ? v : null;
};

const byCreation = (a: ApiTokenInfo, b: ApiTokenInfo): number => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Tokens in Redis: one key per token that expires with it, and a set of ids for listing. */
export class RedisApiTokenStore implements ApiTokenStore {
  private readonly keys: AuthKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new AuthKeys(prefix);
  }

  async create(input: NewApiToken): Promise<{ token: string; info: ApiTokenInfo }> {
    const { token, stored } = build(input, this.now());
    await this.redis
      .multi()
      .set(this.keys.apiToken(stored.id), JSON.stringify(stored), 'PXAT', stored.expiresAt, 'NX')
      .sadd(this.keys.apiTokens(), stored.id)
      .exec();
    return { token, info: infoOf(stored) };
  }

  async find(tokenId: string): Promise<StoredApiToken | null> {
    if (!TOKEN_ID.test(tokenId)) return null;
    const stored = parseStored(await this.redis.get(this.keys.apiToken(tokenId)));
    // Redis expires the key; this covers the last moments and a clock running ahead of Redis'.
    return stored && stored.expiresAt > this.now() ? stored : null;
  }

  async list(): Promise<readonly ApiTokenInfo[]> {
    const ids = await this.redis.smembers(this.keys.apiTokens());
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.apiToken(id)));
    const gone = ids.filter((_id, i) => values[i] === null);
    // Expired tokens' keys are gone; their ids are pruned here so the set does not grow forever.
    if (gone.length > 0) await this.redis.srem(this.keys.apiTokens(), ...gone);
    return values
      .map(parseStored)
      .filter((t): t is StoredApiToken => t !== null && t.expiresAt > this.now())
      .map(infoOf)
      .sort(byCreation);
  }

  async revoke(tokenId: string): Promise<boolean> {
    if (!TOKEN_ID.test(tokenId)) return false;
    const replies = await this.redis.multi().del(this.keys.apiToken(tokenId)).srem(this.keys.apiTokens(), tokenId).exec();
    return replies?.[0]?.[1] === 1;
  }
}

/** Tokens in process memory, for unit tests. */
export class MemoryApiTokenStore implements ApiTokenStore {
  private readonly tokens = new Map<string, StoredApiToken>();

  constructor(private readonly now: () => number = Date.now) {}

  create(input: NewApiToken): Promise<{ token: string; info: ApiTokenInfo }> {
    const { token, stored } = build(input, this.now());
    this.tokens.set(stored.id, stored);
    return Promise.resolve({ token, info: infoOf(stored) });
  }

  find(tokenId: string): Promise<StoredApiToken | null> {
    const t = this.tokens.get(tokenId);
    return Promise.resolve(t && t.expiresAt > this.now() ? t : null);
  }

  list(): Promise<readonly ApiTokenInfo[]> {
    return Promise.resolve([...this.tokens.values()].filter((t) => t.expiresAt > this.now()).map(infoOf).sort(byCreation));
  }

  revoke(tokenId: string): Promise<boolean> {
    return Promise.resolve(this.tokens.delete(tokenId));
  }
}
