import type { Deployment, EntryRouting } from '../config/index.js';
import type { RoutingRequest } from '../domain/call.js';
import type { TownId } from '../domain/ids.js';
import type { ResolvedEntry } from './entry.js';

/**
 * What the deployment asks for a call in the queue: the entry's priority band; the entry's needed
 * skills, or else those of the municipality the call is about, with their widening.
 */
export function routingFor(d: Deployment): (entry: ResolvedEntry, municipality: TownId | null) => RoutingRequest {
  const plain: EntryRouting = { priority: 0, needs: [], widenAfterMs: null, video: false };
  const entryOf = (e: ResolvedEntry): EntryRouting =>
    d.entries.find((x) => (e.kind === 'town' ? x.kind === 'town' && x.townId === e.townId : x.kind === '115' && (x.service ?? null) === e.service)) ?? plain;
  return (e, municipality) => {
    const entry = entryOf(e);
    const town = municipality === null ? undefined : d.towns.find((t) => t.id === municipality);
    const needs = entry.needs.length > 0 ? { skills: entry.needs, widenAfterMs: entry.widenAfterMs } : town && town.needs.length > 0 ? { skills: town.needs, widenAfterMs: town.widenAfterMs } : null;
    return { priority: entry.priority, needs };
  };
}

/** Every agent's skills for dispatch: its own, plus `video` for a video-capable endpoint. */
export const agentSkills = (d: Deployment): ReadonlyMap<Deployment['agents'][number]['id'], readonly string[]> =>
  new Map(d.agents.map((a) => [a.id, a.video ? [...a.skills, 'video'] : [...a.skills]]));
