/**
 * The statistics report with its verdicts: the targets it is held against and whether each is
 * met, in total (the center's targets, or the town's when the report is about one town) and per
 * municipality (each town by its own). Pure.
 */
import type { ServiceTargets } from '../config/service-targets.js';
import type { MunicipalityFigures, StatsReport } from './report.js';
import { targetsMet, type TargetsMet } from './verdicts.js';

export type JudgedReport = Omit<StatsReport, 'byMunicipality'> & {
  /** The targets `met` is judged by (durations in ms, shares 0..1). */
  readonly targets: ServiceTargets;
  readonly met: TargetsMet;
  readonly byMunicipality?: readonly (MunicipalityFigures & { readonly targets: ServiceTargets; readonly met: TargetsMet })[];
};

/** `targetsOf(null)`: the center's; `targetsOf(town)`: that town's (its own over the center's). */
export function withVerdicts(report: StatsReport, targetsOf: (municipality: string | null) => ServiceTargets): JudgedReport {
  const targets = targetsOf(report.municipality === 'all' ? null : report.municipality);
  const { byMunicipality, ...rest } = report;
  return {
    ...rest,
    targets,
    met: targetsMet(report.totals, targets),
    ...(byMunicipality
      ? {
          byMunicipality: byMunicipality.map((m) => {
            const t = targetsOf(m.municipality);
            return { ...m, targets: t, met: targetsMet(m, t) };
          }),
        }
      : {}),
  };
}
