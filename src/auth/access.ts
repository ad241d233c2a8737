import type { AgentId, TownId } from '../domain/ids.js';
import type { Principal } from './principal.js';

/**
 * Whether `principal` may act as agent `agentId` (change that agent's state, file outcomes for its
 * calls): the agent themself, or an operator. Nobody signed in (null) may not.
 */
export const canActAsAgent = (principal: Principal | null, agentId: AgentId | string): boolean => {
  if (principal === null) return false;
  if (principal.role === 'operator') return true;
  return principal.role === 'agent' && principal.agentId === agentId;
};

/**
 * Whether `principal` may see (and handle) what belongs to town `townId`, such as its callback
 * notes: that town's staff, or an operator. Agents may not; that an agent may CREATE a note for
 * any town is for the notes routes to decide, not this predicate.
 */
export const canSeeTown = (principal: Principal | null, townId: TownId | string): boolean => {
  if (principal === null) return false;
  if (principal.role === 'operator') return true;
  return principal.role === 'town-staff' && principal.town === townId;
};

/**
 * Whether `principal` is a platform operator (an operator with `platform: true` in the deployment
 * file): may see every center of the platform, not only this one. API tokens never are.
 */
export const isPlatformOperator = (principal: Principal | null): boolean => principal?.role === 'operator' && principal.platform === true;
