/**
 * Whether each amber band fits its target, on the values in force: the center's block over
 * today's defaults, a town's block over the center's. Reads the raw YAML defensively (like
 * deployment-cross-check.ts), so a bad band is reported next to every other problem.
 */
import { DEFAULT_SERVICE_TARGETS as D } from './service-targets.js';

type Path = readonly (string | number)[];

/** A RawProblem of deployment-cross-check.ts (declared here too: that file imports this one). */
interface RawProblem {
  readonly path: Path;
  readonly message: string;
}

interface Band {
  readonly group: string;
  readonly target: string;
  readonly amber: string;
  /** `atLeast`: more is better, amber lies below the target; `atMost`: amber lies above it. */
  readonly kind: 'atLeast' | 'atMost';
  readonly defaults: readonly [target: number, amber: number];
}

const BANDS: readonly Band[] = [
  { group: 'serviceLevel', target: 'share', amber: 'amberFrom', kind: 'atLeast', defaults: [D.serviceLevel.share, D.serviceLevel.amberFrom] },
  { group: 'asa', target: 'maxSec', amber: 'amberUpToSec', kind: 'atMost', defaults: [D.asa.maxMs / 1000, D.asa.amberUpToMs / 1000] },
  { group: 'abandonment', target: 'maxShare', amber: 'amberUpTo', kind: 'atMost', defaults: [D.abandonment.maxShare, D.abandonment.amberUpTo] },
  { group: 'fcr', target: 'minShare', amber: 'amberFrom', kind: 'atLeast', defaults: [D.fcr.minShare, D.fcr.amberFrom] },
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numberAt = (block: unknown, group: string, field: string): number | undefined => {
  const g = isRecord(block) ? block[group] : undefined;
  const v = isRecord(g) ? g[field] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

interface Layer {
  readonly block: unknown;
  readonly path: Path;
}

/**
 * Problems of one block (`own`) whose values fall back to `inherited` blocks (nearest first) and
 * then to the defaults. Reported only where `own` wrote the target or the band itself: a band
 * that comes whole from the center is the center's problem.
 */
const bandProblems = (own: Layer, inherited: readonly unknown[], from: string): RawProblem[] =>
  BANDS.flatMap((b) => {
    const ownTarget = numberAt(own.block, b.group, b.target);
    const ownAmber = numberAt(own.block, b.group, b.amber);
    if (ownTarget === undefined && ownAmber === undefined) return [];
    const inheritedOf = (field: string): number | undefined => inherited.map((blk) => numberAt(blk, b.group, field)).find((v) => v !== undefined);
    const target = ownTarget ?? inheritedOf(b.target) ?? b.defaults[0];
    const amber = ownAmber ?? inheritedOf(b.amber) ?? b.defaults[1];
    const fits = b.kind === 'atLeast' ? amber <= target : amber >= target;
    if (fits) return [];
    const where = (written: boolean): string => (written ? '' : ` (${from})`);
    const message =
      b.kind === 'atLeast'
        ? `the amber band ${b.amber}: ${amber}${where(ownAmber !== undefined)} must not be above the target ${b.target}: ${target}${where(ownTarget !== undefined)}: amber shows a figure just BELOW the target (equal: no amber band)`
        : `the amber band ${b.amber}: ${amber}${where(ownAmber !== undefined)} must not be below the target ${b.target}: ${target}${where(ownTarget !== undefined)}: amber shows a figure just ABOVE the target (equal: no amber band)`;
    return [{ path: [...own.path, b.group, ownAmber !== undefined ? b.amber : b.target], message }];
  });

/** Every band problem of `serviceCenter.targets` and of each `towns[].targets`; and the old notes option said twice. */
export const crossCheckTargets = (raw: Record<string, unknown>): RawProblem[] => {
  const center = isRecord(raw.serviceCenter) ? raw.serviceCenter.targets : undefined;
  const problems = bandProblems({ block: center, path: ['serviceCenter', 'targets'] }, [], 'the default');
  const towns = Array.isArray(raw.towns) ? raw.towns : [];
  towns.forEach((t, i) => {
    if (isRecord(t)) problems.push(...bandProblems({ block: t.targets, path: ['towns', i, 'targets'] }, [center], 'from serviceCenter.targets or the default'));
  });
  const notes = isRecord(raw.notes) ? raw.notes : undefined;
  if (notes?.dueServiceHours !== undefined && numberAt(center, 'noteReply', 'withinServiceHours') !== undefined) {
    problems.push({
      path: ['notes', 'dueServiceHours'],
      message: 'is the older name of serviceCenter.targets.noteReply.withinServiceHours, which is set too: remove notes.dueServiceHours',
    });
  }
  return problems;
};
