import type { FastifyInstance } from 'fastify';
import type { PartnerKnowledge } from './partner-knowledge.js';
import { PARTNER_MUNICIPALITY, partnerViewFor } from './routes.js';
import type { KnowledgeSuggestions } from './suggestion-service.js';

export interface SuggestionRoutesDeps {
  readonly suggestions: Pick<KnowledgeSuggestions, 'forMunicipality'>;
  /** Town ids and `kreis`. */
  readonly municipalities: readonly string[];
  /** The partners' knowledge, for `center=`; without it, every `center=` is unknown. */
  readonly partners?: Pick<PartnerKnowledge, 'of'>;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * `GET /api/knowledge/suggestions?municipality=<town|kreis>`: what the desk shows at a call from
 * there: `{municipality, townFacts, articles: [{id, title, kind, asked, localSection?}]}`, the most
 * asked articles first (src/knowledge/suggestions.ts). Agents and operators (src/auth/route-access.ts).
 * With `center=<partner id>`: from that partner's knowledge and topic counts (read only), for a
 * caller it handed over; `municipality` is then the town's id there.
 */
export function suggestionRoutes(app: FastifyInstance, deps: SuggestionRoutesDeps): void {
  const municipalities = new Set(deps.municipalities);
  app.get<{ Querystring: { municipality?: string; center?: string } }>('/api/knowledge/suggestions', async (request, reply) => {
    const { municipality, center } = request.query;
    if (center !== undefined) {
      if (municipality === undefined || !PARTNER_MUNICIPALITY.test(municipality)) return reply.code(400).send(errorBody('BAD_REQUEST', 'municipality must be a town id of the partner center, or kreis'));
      const view = await partnerViewFor(reply, deps.partners, center);
      return view === null ? reply : reply.header('cache-control', 'no-store').send(await view.suggestions(municipality));
    }
    if (municipality === undefined || !municipalities.has(municipality)) {
      return reply.code(400).send(errorBody('BAD_REQUEST', `municipality must be one of ${[...municipalities].join(', ')}`));
    }
    return reply.header('cache-control', 'no-store').send(await deps.suggestions.forMunicipality(municipality));
  });
}
