/**
 * The service targets (`serviceCenter.targets`, `towns[].targets`): the 115 promise and the
 * county's own bars, each with its amber band. The one source of truth for every consumer:
 * dashboard colours, reports, statistics verdicts, staffing advice, callback-note due times.
 *
 * Shares are fractions 0..1 (`0.75` is 75 %), in the file as in code. The file speaks seconds and
 * service hours; this type speaks milliseconds.
 */

export interface ServiceTargets {
  /** At least `share` of calls answered within `withinMs` of arrival; at least `amberFrom` (≤ share) is amber. */
  readonly serviceLevel: { readonly share: number; readonly withinMs: number; readonly amberFrom: number };
  /** Average speed of answer at most `maxMs`; at most `amberUpToMs` (≥ maxMs) is amber. */
  readonly asa: { readonly maxMs: number; readonly amberUpToMs: number };
  /** Abandonment rate at most `maxShare`; at most `amberUpTo` (≥ maxShare) is amber. */
  readonly abandonment: { readonly maxShare: number; readonly amberUpTo: number };
  /** First-contact resolution at least `minShare`; at least `amberFrom` (≤ minShare) is amber. */
  readonly fcr: { readonly minShare: number; readonly amberFrom: number };
  /**
   * A callback note is due `withinServiceMs` of service time after it is filed. Judged by the notes
   * overdue now: none is green, up to `amberUpToOverdue` amber, more red.
   */
  readonly noteReply: { readonly withinServiceMs: number; readonly amberUpToOverdue: number };
}

/** A town's own targets as written: any group, any field of it; the rest comes from the center. */
export type TargetOverrides = { readonly [K in keyof ServiceTargets]?: Partial<ServiceTargets[K]> };

export const HOUR_MS = 3_600_000;

/** Today's values: 75 % within 30 s, ASA 30 s, 5 % abandoned, 65 % FCR, notes due in 24 service hours. */
export const DEFAULT_SERVICE_TARGETS: ServiceTargets = {
  serviceLevel: { share: 0.75, withinMs: 30_000, amberFrom: 0.65 },
  asa: { maxMs: 30_000, amberUpToMs: 60_000 },
  abandonment: { maxShare: 0.05, amberUpTo: 0.1 },
  fcr: { minShare: 0.65, amberFrom: 0.55 },
  noteReply: { withinServiceMs: 24 * HOUR_MS, amberUpToOverdue: 0 },
};

/** `base` with `over`'s fields in place of its own, group by group. */
export const withOverrides = (base: ServiceTargets, over: TargetOverrides = {}): ServiceTargets => ({
  serviceLevel: { ...base.serviceLevel, ...over.serviceLevel },
  asa: { ...base.asa, ...over.asa },
  abandonment: { ...base.abandonment, ...over.abandonment },
  fcr: { ...base.fcr, ...over.fcr },
  noteReply: { ...base.noteReply, ...over.noteReply },
});

/**
 * The targets for calls (and notes) about `municipality`: the town's own where it has them, the
 * center's otherwise (also for `null`, the county itself, and for towns no longer configured).
 */
export const targetsFor = (
  d: { readonly serviceCenter: { readonly targets: ServiceTargets }; readonly towns: readonly { readonly id: string; readonly targets: ServiceTargets }[] },
  municipality: string | null,
): ServiceTargets => (municipality === null ? undefined : d.towns.find((t) => t.id === municipality))?.targets ?? d.serviceCenter.targets;
