import { z } from 'zod';
import { formatPath, type ConfigProblem } from '../config/config-error.js';
import { agentId as toAgentId, townId as toTownId } from '../domain/ids.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, TOKEN_NAME, type ApiTokenGrant } from './api-tokens.js';

/** Agents and towns a token may be for (the deployment's); left out: any kebab-case id. */
export interface TokenTargets {
  readonly agents?: readonly string[];
  readonly towns?: readonly string[];
}

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case id');

const body = z
  .object({
    name: z.string().regex(TOKEN_NAME, 'must be 1 to 64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit'),
    role: z.enum(['agent', 'town-staff', 'operator', 'editor']),
    agentId: kebab.optional(),
    town: kebab.optional(),
    expiresInDays: z.number().int('must be whole days').min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
  })
  .strict();

export type TokenRequest = { readonly name: string; readonly grant: ApiTokenGrant; readonly expiresAt: number };

/**
 * Checks a request to create a token (`POST /api/tokens`, `npm run api-token -- create`) and
 * lists every problem at once: `{name, role, agentId? | town?, expiresInDays?}`, where an agent
 * token needs `agentId` (and nothing else), a town-staff token `town`, an operator or editor token neither.
 */
export const parseTokenRequest = (
  input: unknown,
  targets: TokenTargets,
  now: number,
): { readonly ok: true; readonly request: TokenRequest } | { readonly ok: false; readonly problems: readonly ConfigProblem[] } => {
  const parsed = body.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  const { name, role, agentId, town, expiresInDays } = parsed.data;
  const problems: ConfigProblem[] = [];
  const need = (field: 'agentId' | 'town', value: string | undefined, known: readonly string[] | undefined, forRole: boolean) => {
    if (!forRole && value !== undefined) problems.push({ path: field, message: `only for role "${field === 'agentId' ? 'agent' : 'town-staff'}"` });
    if (forRole && value === undefined) problems.push({ path: field, message: `is required for role "${role}"` });
    if (forRole && value !== undefined && known !== undefined && !known.includes(value)) {
      problems.push({ path: field, message: `unknown ${field === 'agentId' ? 'agent' : 'town'} "${value}" (known: ${known.map((k) => `"${k}"`).join(', ')})` });
    }
  };
  need('agentId', agentId, targets.agents, role === 'agent');
  need('town', town, targets.towns, role === 'town-staff');
  if (problems.length > 0) return { ok: false, problems };
  const grant: ApiTokenGrant =
    role === 'agent' ? { role, agentId: toAgentId(agentId ?? '') } : role === 'town-staff' ? { role, town: toTownId(town ?? '') } : { role };
  return { ok: true, request: { name, grant, expiresAt: now + expiresInDays * 86_400_000 } };
};
