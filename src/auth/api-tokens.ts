import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AgentId, TownId } from '../domain/ids.js';
import type { Principal } from './principal.js';

/**
 * API tokens for scripts and machines: `Authorization: Bearer ovr_<id>_<secret>`.
 *
 * - `id`: 12 hex characters, public (listed, logged), so a token is looked up by id, not by scanning;
 * - `secret`: 32 random bytes, base64url. Stored only as its SHA-256: a slow hash (scrypt) protects
 *   guessable passwords, but a 256-bit random secret cannot be guessed, and a fast hash keeps every
 *   request cheap, so a flood of bearer requests costs no scrypt. Compared in constant time.
 *
 * Each token has a name, a role (agent with its agentId, town-staff with its town, operator, editor) and an
 * expiry (default 90 days, at most 365); it can be revoked. The engine shows the token once, at creation.
 */

export type ApiTokenGrant =
  | { readonly role: 'agent'; readonly agentId: AgentId }
  | { readonly role: 'town-staff'; readonly town: TownId }
  | { readonly role: 'operator' }
  | { readonly role: 'editor' };

/** What the engine tells about a token: everything but its secret. */
export type ApiTokenInfo = ApiTokenGrant & {
  readonly id: string;
  readonly name: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Who created it: a person id, a token's principal id, or `cli`. */
  readonly createdBy: string;
};

/** As stored: with the SHA-256 of the secret (base64url). */
export type StoredApiToken = ApiTokenInfo & { readonly secretSha256: string };

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

const TOKEN = /^ovr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const TOKEN_ID = /^[0-9a-f]{12}$/;

export const newTokenId = (): string => randomBytes(6).toString('hex');
export const newTokenSecret = (): string => randomBytes(32).toString('base64url');
export const formatToken = (id: string, secret: string): string => `ovr_${id}_${secret}`;
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

/** The id and secret of a well-formed token, or null. */
export const parseToken = (token: string): { readonly id: string; readonly secret: string } | null => {
  const m = TOKEN.exec(token);
  return m?.[1] && m[2] ? { id: m[1], secret: m[2] } : null;
};

/** Whether `secret` is the one whose SHA-256 is stored, in constant time. */
export const secretMatches = (secret: string, stored: StoredApiToken): boolean => {
  const given = Buffer.from(sha256(secret));
  const expected = Buffer.from(stored.secretSha256);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/** The principal a request with this token acts as: `token:<id>`, named after the token. */
export const principalOfToken = (t: ApiTokenInfo): Principal => {
  const id = `token:${t.id}`;
  switch (t.role) {
    case 'agent':
      return { id, name: t.name, role: 'agent', agentId: t.agentId };
    case 'town-staff':
      return { id, name: t.name, role: 'town-staff', town: t.town };
    case 'operator':
      return { id, name: t.name, role: 'operator' };
    case 'editor':
      return { id, name: t.name, role: 'editor' };
  }
};

/** The token without its secret's hash (what lists and logs may show). */
export const infoOf = ({ secretSha256: _hidden, ...info }: StoredApiToken): ApiTokenInfo => info;
