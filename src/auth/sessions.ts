import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AuthKeys } from './keys.js';

/** What a session remembers: who signed in, and with which configured secret. */
export interface SessionData {
  readonly personId: string;
  /**
   * A fingerprint of the person's `secretHash` at sign-in (see `credentialOf`). When the hash in the
   * deployment file changes, the fingerprint no longer matches and the session is void.
   */
  readonly credential: string;
}

/** Browser sessions behind the cookie set by `POST /login`. */
export interface SessionStore {
  /** How long a session lasts from sign-in; also the cookie's Max-Age. */
  readonly ttlMs: number;
  /** Starts a session and returns its id: 32 random bytes, base64url (the cookie value). */
  create(data: SessionData): Promise<string>;
  /** The session, or null if it never existed, expired or was ended. */
  get(sessionId: string): Promise<SessionData | null>;
  /** Ends a session; nothing happens if it does not exist. */
  delete(sessionId: string): Promise<void>;
}

/** A work shift: a session lasts 12 hours from sign-in. */
export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** Whether a cookie value could be a session id at all (checked before asking the store). */
export const isSessionId = (value: string): boolean => SESSION_ID.test(value);

export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** The fingerprint of a secret hash that a session carries (not the hash itself). */
export const credentialOf = (secretHash: string): string => createHash('sha256').update(secretHash).digest('base64url').slice(0, 22);

const refOf = (sessionId: string): string => createHash('sha256').update(sessionId).digest('base64url');

const parseData = (json: string | null): SessionData | null => {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as Partial<SessionData>;
    return typeof v.personId === 'string' && typeof v.credential === 'string' ? { personId: v.personId, credential: v.credential } : null;
  } catch (err) {
    // A value that is not JSON is not a session of ours; anything else is a bug.
    if (err instanceof SyntaxError) return null;
    throw err;
  }
};

/** Sessions in Redis (`{prefix}session:{sha256 of id}`, expiring with the session). */
export class RedisSessionStore implements SessionStore {
  private readonly keys: AuthKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
  ) {
    this.keys = new AuthKeys(prefix);
  }

  async create(data: SessionData): Promise<string> {
    const id = newSessionId();
    await this.redis.set(this.keys.session(refOf(id)), JSON.stringify({ personId: data.personId, credential: data.credential }), 'PX', this.ttlMs);
    return id;
  }

  async get(sessionId: string): Promise<SessionData | null> {
    if (!isSessionId(sessionId)) return null;
    return parseData(await this.redis.get(this.keys.session(refOf(sessionId))));
  }

  async delete(sessionId: string): Promise<void> {
    if (!isSessionId(sessionId)) return;
    await this.redis.del(this.keys.session(refOf(sessionId)));
  }
}

/** Sessions in process memory, for unit tests (and nothing else: they die with the process). */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, { data: SessionData; until: number }>();

  constructor(
    readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  create(data: SessionData): Promise<string> {
    const id = newSessionId();
    this.sessions.set(id, { data: { personId: data.personId, credential: data.credential }, until: this.now() + this.ttlMs });
    return Promise.resolve(id);
  }

  get(sessionId: string): Promise<SessionData | null> {
    const found = this.sessions.get(sessionId);
    if (found && found.until <= this.now()) this.sessions.delete(sessionId);
    return Promise.resolve(found && found.until > this.now() ? found.data : null);
  }

  delete(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    return Promise.resolve();
  }
}
