import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { COUNTY_SECTION } from './article.js';
import { newArticleTemplate } from './article-template.js';
import { KNOWLEDGE_HEADERS, knowledgeEditorHtml, type EditorRole } from './editor-page.js';
import { isoDateIn } from './knowledge-context.js';
import type { KnowledgeBase } from './service.js';

export interface KnowledgeEditorRoutesDeps {
  readonly knowledge: Pick<KnowledgeBase, 'list'>;
  /** The deployment's towns, in its order. */
  readonly towns: readonly { readonly id: string; readonly name: string }[];
  /** Person id → name (the deployment's people), for who saved a version. */
  readonly names: ReadonlyMap<string, string>;
  /** The county's time zone (today's date and month, the times shown). */
  readonly timezone: string;
  readonly now: () => number;
  /** The page script's URL (src/web/page-scripts.ts `PageScripts.url('knowledge')`). */
  readonly scriptUrl: string;
}

const principalOf = (request: FastifyRequest): Principal | null => request.principal ?? null;

/**
 * `GET /knowledge`: the editors' page (editors, operators, town staff). The access table
 * (src/auth/route-access.ts) sends nobody signed in to the sign-in page and shows agents a German
 * 403 page before this handler runs. Everything the page does goes through the JSON API.
 */
export function knowledgeEditorRoutes(app: FastifyInstance, deps: KnowledgeEditorRoutesDeps): void {
  const municipalities = [...deps.towns, { id: COUNTY_SECTION, name: 'Kreis (eigener Abschnitt)' }];
  const names = Object.fromEntries([['import', 'Import'], ...deps.names]);

  app.get('/knowledge', async (request, reply) => {
    const principal = principalOf(request);
    // The route guard has let in only these roles; the check keeps the type honest.
    if (principal === null || principal.role === 'agent') return reply.code(403).send();
    const role: EditorRole = principal.role;
    const town = principal.role === 'town-staff' ? (principal.town as string) : undefined;
    const today = isoDateIn(deps.timezone, deps.now());
    const data = {
      articles: await deps.knowledge.list(true),
      role,
      ...(town === undefined ? {} : { town }),
      municipalities,
      names,
      template: newArticleTemplate(today, deps.towns.map((t) => t.id)),
      month: today.slice(0, 7),
    };
    const townName = deps.towns.find((t) => t.id === town)?.name;
    return reply
      .headers(KNOWLEDGE_HEADERS)
      .send(knowledgeEditorHtml({ data, signedInAs: principal.name, ...(townName === undefined ? {} : { townName }), timezone: deps.timezone, scriptUrl: deps.scriptUrl }));
  });
}
