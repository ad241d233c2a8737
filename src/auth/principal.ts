import type { AgentId, TownId } from '../domain/ids.js';

/**
 * Who is calling the HTTP API, once authenticated:
 * - `agent`: a county agent; changes only their own state and files outcomes for their own calls;
 * - `town-staff`: a clerk of one municipality; sees and changes only that town's callback notes;
 * - `operator`: the service center's team lead; sees everything of this center; a platform
 *   operator (`platform: true`, only people from the deployment file, never an API token) also
 *   sees every center of the platform (`GET /platform`);
 * - `editor`: keeps the knowledge base (articles, imports); sees no calls, notes or statistics.
 */
export type Role = 'agent' | 'town-staff' | 'operator' | 'editor';

export type Principal =
  | { readonly id: string; readonly name: string; readonly role: 'agent'; readonly agentId: AgentId }
  | { readonly id: string; readonly name: string; readonly role: 'town-staff'; readonly town: TownId }
  | { readonly id: string; readonly name: string; readonly role: 'operator'; readonly platform?: true }
  | { readonly id: string; readonly name: string; readonly role: 'editor' };
