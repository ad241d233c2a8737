import type { FastifyInstance } from 'fastify';
import type { KnowledgeSuggestions } from './suggestion-service.js';

export interface SuggestionRoutesDeps {
  readonly suggestions: Pick<KnowledgeSuggestions, 'forMunicipality'>;
  /** Town ids and `kreis`. */
  readonly municipalities: readonly string[];
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * `GET /api/knowledge/suggestions?municipality=<town|kreis>`: what the desk shows at a call from
 * there: `{municipality, townFacts, articles: [{id, title, kind, asked, localSection?}]}`, the most
 * asked articles first (src/knowledge/suggestions.ts). Agents and operators (src/auth/route-access.ts).
 */
export function suggestionRoutes(app: FastifyInstance, deps: SuggestionRoutesDeps): void {
  const municipalities = new Set(deps.municipalities);
  app.get<{ Querystring: { municipality?: string } }>('/api/knowledge/suggestions', async (request, reply) => {
    const { municipality } = request.query;
    if (municipality === undefined || !municipalities.has(municipality)) {
      return reply.code(400).send(errorBody('BAD_REQUEST', `municipality must be one of ${[...municipalities].join(', ')}`));
    }
    return reply.header('cache-control', 'no-store').send(await deps.suggestions.forMunicipality(municipality));
  });
}
