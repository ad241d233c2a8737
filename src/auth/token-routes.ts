import type { FastifyInstance } from 'fastify';
import { TOKEN_ID } from './api-tokens.js';
import { errorBody, requireRole, tokensOf, type AuthOptions } from './plugin.js';
import { parseTokenRequest } from './token-request.js';

/**
 * Managing API tokens, operators only:
 *
 * - `POST /api/tokens` `{name, role, agentId? | town?, expiresInDays?}` → 201 `{token, …info}`: the
 *   token is shown this once; 400 `BAD_REQUEST` with every problem in `error.problems`;
 * - `GET /api/tokens` → the tokens not expired nor revoked, without secrets;
 * - `DELETE /api/tokens/:id` → 204, or 404 when there is no such token.
 */
export function tokenRoutes(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const tokens = tokensOf(options);
  const now = options.now ?? Date.now;
  const operator = { preHandler: requireRole('operator') };

  app.post('/api/tokens', operator, async (request, reply) => {
    const parsed = parseTokenRequest(request.body, options.tokenTargets ?? {}, now());
    if (!parsed.ok) {
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message: 'the token request has problems', problems: parsed.problems } });
    }
    const createdBy = request.principal?.id ?? 'unknown';
    const { token, info } = await tokens.create({ ...parsed.request, createdBy });
    request.log.info({ tokenId: info.id, name: info.name, role: info.role, expiresAt: info.expiresAt, by: createdBy }, 'api token created');
    return reply.code(201).send({ token, ...info });
  });

  app.get('/api/tokens', operator, async () => ({ tokens: await tokens.list() }));

  app.delete<{ Params: { id: string } }>('/api/tokens/:id', operator, async (request, reply) => {
    const { id } = request.params;
    if (!TOKEN_ID.test(id) || !(await tokens.revoke(id))) return reply.code(404).send(errorBody('NOT_FOUND', `no token ${id}`));
    request.log.info({ tokenId: id, by: request.principal?.id }, 'api token revoked');
    return reply.code(204).send();
  });
  return Promise.resolve();
}
