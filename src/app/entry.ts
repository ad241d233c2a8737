import type { EntryKind } from '../domain/call.js';
import type { TownId } from '../domain/ids.js';

export type ResolvedEntry = { readonly kind: EntryKind; readonly townId: TownId | null; readonly problem?: string };

/**
 * The dialplan hands over `Stasis(app,115)` or `Stasis(app,town,<townId>)`. A town the deployment
 * does not know is still served, as a county call, so a dialplan mistake never drops a citizen.
 */
export function resolveEntry(args: readonly string[], knownTowns: ReadonlySet<string>): ResolvedEntry {
  const [kind, town] = args;
  if (kind === '115') return { kind: '115', townId: null };
  if (kind === 'town' && town && knownTowns.has(town)) return { kind: 'town', townId: town as TownId };
  return { kind: '115', townId: null, problem: `unexpected Stasis arguments ${JSON.stringify(args)}` };
}
