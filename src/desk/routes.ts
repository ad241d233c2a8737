import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DeskView } from '../app/desk-feed.js';
import type { Principal } from '../auth/index.js';
import type { AgentId } from '../domain/ids.js';
import { chooseAgentHtml, DESK_HEADERS, deskHtml, problemHtml } from './page.js';

export interface DeskRoutesDeps {
  /** The agent's live view (src/app/desk-feed.ts `DeskFeed`). */
  readonly desk: { view(agent: AgentId): Promise<DeskView | null> };
  /** Agent ids of the deployment, with names. */
  readonly agentNames: ReadonlyMap<string, string>;
  /** The service center: a callback note about a call attributed to no town is the county's. */
  readonly county: { readonly id: string; readonly name: string };
  /** The county's time zone, for the times shown. Default Europe/Berlin. */
  readonly timezone?: string;
  /** The page script's URL (src/web/page-scripts.ts `PageScripts.url('desk')`). */
  readonly scriptUrl: string;
  /** The deployment's towns, for the names of knowledge articles' sections. */
  readonly towns?: readonly { readonly id: string; readonly name: string }[];
}

/** Set by src/auth's authPlugin on every request; undefined only without it. */
const principalOf = (request: FastifyRequest): Principal | null => request.principal ?? null;

/**
 * The agent desktop:
 *
 * - `GET /desk`: the signed-in agent's desktop; an operator gives `?agent=<id>` (without it, a
 *   page to choose the agent). Nobody signed in: 303 to `/login?next=/desk` (the query kept), so
 *   the sign-in comes back here. Town staff, or an agent asking for another agent's desk: 403.
 *
 * The page's script is one of the engine's page scripts (`GET /assets/:file`, src/web/).
 * Everything the page does goes through the JSON API (`/api/agents/:id/…`, `/api/calls/:id/…`,
 * `/api/notes`), which checks every request itself.
 */
export function deskRoutes(app: FastifyInstance, deps: DeskRoutesDeps): void {
  const timezone = deps.timezone ?? 'Europe/Berlin';
  const page = (reply: FastifyReply, status: number, html: string): FastifyReply => reply.code(status).headers(DESK_HEADERS).send(html);

  app.get<{ Querystring: { agent?: string } }>('/desk', async (request, reply) => {
    const principal = principalOf(request);
    if (!principal) {
      const query = request.url.indexOf('?');
      const here = query >= 0 ? `/desk${request.url.slice(query)}` : '/desk';
      return reply.code(303).header('cache-control', 'no-store').header('location', `/login?next=${encodeURIComponent(here)}`).send();
    }
    const asked = typeof request.query.agent === 'string' && request.query.agent !== '' ? request.query.agent : undefined;
    let agentId: string;
    if (principal.role === 'agent') {
      if (asked !== undefined && asked !== principal.agentId) {
        return page(reply, 403, problemHtml('Kein Zugang', 'Sie können nur Ihren eigenen Arbeitsplatz sehen.'));
      }
      agentId = principal.agentId;
    } else if (principal.role === 'operator') {
      if (asked === undefined) return page(reply, 200, chooseAgentHtml([...deps.agentNames].map(([id, name]) => ({ id, name }))));
      agentId = asked;
    } else {
      return page(reply, 403, problemHtml('Kein Zugang', 'Der Arbeitsplatz ist für die Agentinnen und Agenten des Service-Centers und die Teamleitung.'));
    }
    const agentName = deps.agentNames.get(agentId);
    if (agentName === undefined) return page(reply, 404, problemHtml('Unbekannter Arbeitsplatz', `Es gibt keinen Arbeitsplatz „${agentId}“.`));
    const view = await deps.desk.view(agentId as AgentId);
    return page(reply, 200, deskHtml({ agentId, agentName, signedInAs: principal.name, county: deps.county, timezone, view, scriptUrl: deps.scriptUrl, towns: deps.towns ?? [] }));
  });
}
