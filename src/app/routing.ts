import type { Deployment, EntryRouting } from '../config/index.js';
import type { RoutingRequest } from '../domain/call.js';
import type { SkillLevels } from '../domain/routing-steps.js';
import type { TownId } from '../domain/ids.js';
import type { ResolvedEntry } from './entry.js';

/**
 * What the deployment asks for a call in the queue: the entry's priority band; the entry's routing
 * steps, or else those of the municipality the call is about.
 */
export function routingFor(d: Deployment): (entry: ResolvedEntry, municipality: TownId | null) => RoutingRequest {
  const plain: EntryRouting = { priority: 0, steps: [], prefer: 'longest-idle', video: false };
  const entryOf = (e: ResolvedEntry): EntryRouting =>
    d.entries.find((x) => (e.kind === 'town' ? x.kind === 'town' && x.townId === e.townId : x.kind === '115' && (x.service ?? null) === e.service)) ?? plain;
  return (e, municipality) => {
    const entry = entryOf(e);
    const town = municipality === null ? undefined : d.towns.find((t) => t.id === municipality);
    const from = entry.steps.length > 0 ? entry : town && town.steps.length > 0 ? town : null;
    if (!from) return { priority: entry.priority, steps: [] };
    return { priority: entry.priority, steps: from.steps, ...(from.prefer === 'highest-level' ? { prefer: 'highest-level' as const } : {}) };
  };
}

/** Every agent's skill levels for dispatch: its own, plus `video` (level 1) for a video-capable endpoint. */
export const agentSkills = (d: Deployment): ReadonlyMap<Deployment['agents'][number]['id'], SkillLevels> =>
  new Map(d.agents.map((a) => [a.id, a.video ? { video: 1, ...a.skills } : { ...a.skills }]));
