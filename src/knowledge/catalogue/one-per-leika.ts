import type { CatalogueService } from './catalogue-service.js';

/** A description left out because another one for the same LeiKa key was written for a narrower region. */
export interface SupersededDescription {
  readonly id: string;
  readonly leika: string;
  readonly keptId: string;
}

/** How narrow a region is: the digits of its ARS before the trailing zeros (federal 0, Land 2, county 5, town 12). */
const depth = (ars: string): number => ars.replace(/0+$/, '').length;
const narrowest = (s: CatalogueService): number => Math.max(0, ...s.regions.map(depth));

/**
 * One description per LeiKa key, since an article has one: the catalogue lists a federal, a Land
 * and a county text for the same service side by side. The one written for the narrowest region
 * wins (it names the local office); between equals the smaller id, so every run picks the same.
 * Keeps the order of first appearance.
 */
export const onePerLeika = (services: readonly CatalogueService[]): { services: CatalogueService[]; superseded: SupersededDescription[] } => {
  const best = new Map<string, CatalogueService>();
  for (const s of services) {
    const current = best.get(s.leika);
    const better = current === undefined || narrowest(s) > narrowest(current) || (narrowest(s) === narrowest(current) && s.id < current.id);
    if (better) best.set(s.leika, s);
  }
  const kept = services.filter((s) => best.get(s.leika) === s);
  const superseded = services.filter((s) => best.get(s.leika) !== s).map((s) => ({ id: s.id, leika: s.leika, keptId: best.get(s.leika)?.id ?? '' }));
  return { services: kept, superseded };
};
