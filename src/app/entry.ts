import type { Deployment } from '../config/index.js';
import type { EntryKind } from '../domain/call.js';
import type { TownId } from '../domain/ids.js';

export type ResolvedEntry = {
  readonly kind: EntryKind;
  readonly townId: TownId | null;
  /** The service name of a 115-kind entry (`Stasis(app,115,dgs)`), else null. */
  readonly service: string | null;
  readonly problem?: string;
};

/**
 * The dialplan hands over `Stasis(app,115)`, `Stasis(app,115,<service>)` or `Stasis(app,town,<townId>)`.
 * An entry the deployment does not know is still served, as a plain county call, so a dialplan
 * mistake never drops a citizen.
 */
export function resolveEntry(args: readonly string[], knownTowns: ReadonlySet<string>, knownServices: ReadonlySet<string> = new Set()): ResolvedEntry {
  const [kind, name] = args;
  if (kind === '115' && name === undefined) return { kind: '115', townId: null, service: null };
  if (kind === '115' && name !== undefined && knownServices.has(name)) return { kind: '115', townId: null, service: name };
  if (kind === 'town' && name && knownTowns.has(name)) return { kind: 'town', townId: name as TownId, service: null };
  return { kind: '115', townId: null, service: null, problem: `unexpected Stasis arguments ${JSON.stringify(args)}` };
}

/** Whether a resolved entry is one of the deployment's video entries (`video: true`, sign language). */
export function videoEntryOf(d: Pick<Deployment, 'entries'>): (entry: ResolvedEntry) => boolean {
  const services = new Set(d.entries.flatMap((e) => (e.kind === '115' && e.video ? [e.service ?? null] : [])));
  const towns = new Set(d.entries.flatMap((e) => (e.kind === 'town' && e.video ? [e.townId] : [])));
  return (entry) => (entry.kind === 'town' ? entry.townId !== null && towns.has(entry.townId) : services.has(entry.service));
}
