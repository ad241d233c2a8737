/**
 * How the desk orders what an article says per municipality (no DOM here): the call's
 * municipality first, the county next when it handles the matter for the town, the others after
 * (all of them, for a caller whose town is a partner center's).
 */
import type { KbArticle, KbSection } from './knowledge-wire.js';

/** The county's section key (src/knowledge/article.ts COUNTY_SECTION). */
export const COUNTY = 'kreis';

/** One line of a section as the desk shows it; `fromTownFacts`: taken from the town's facts article. */
export interface FactLine {
  readonly label: string;
  readonly value: string;
  readonly fromTownFacts?: boolean;
}

const says = (s: KbSection | undefined): s is KbSection => s !== undefined && Object.values(s).some((v) => v !== undefined && v !== '');

export interface SectionOrder {
  /** The call's municipality's key, when the article says something for it. */
  readonly local: string | null;
  /** The county's section, shown open: the county does this for the call's town (or the call is the county's). */
  readonly county: boolean;
  /** Every other section that says something, shown collapsed. */
  readonly others: readonly string[];
}

/**
 * `foreign`: the caller's town belongs to a partner center (a handed-over caller): no section here
 * is theirs, not even this county's, so every one is shown collapsed.
 */
export function sectionOrder(article: KbArticle, municipality: string | null, foreign = false): SectionOrder {
  const keys = Object.keys(article.sections).filter((k) => says(article.sections[k]));
  if (foreign) return { local: null, county: false, others: keys };
  const local = municipality !== null && keys.includes(municipality) ? municipality : null;
  const localSection = local === null ? undefined : article.sections[local];
  const county = local !== COUNTY && keys.includes(COUNTY) && (localSection?.handledByCounty === true || municipality === null);
  return { local, county, others: keys.filter((k) => k !== local && !(county && k === COUNTY)) };
}

/**
 * The lines of a section. Where the article names the same department as the town's facts (the
 * Bürgerbüro, usually) but leaves out its address, hours or phone, those come from the town facts:
 * the agent has them at hand without opening a second article.
 */
export function factLines(section: KbSection, townFacts: KbSection | null = null): FactLine[] {
  const sameOffice = townFacts !== null && section.department !== undefined && section.department === townFacts.department;
  const lines: FactLine[] = [];
  const add = (label: string, own: string | undefined, fromFacts?: string) => {
    if (own) lines.push({ label, value: own });
    else if (sameOffice && fromFacts) lines.push({ label, value: fromFacts, fromTownFacts: true });
  };
  add('Stelle', section.office);
  add('Adresse', section.address, townFacts?.address);
  add('Öffnungszeiten', section.hours, townFacts?.hours);
  add('Telefon', section.phone, townFacts?.phone);
  add('Gebühr hier', section.fee);
  if (section.handledByCounty) lines.push({ label: 'Zuständig', value: 'der Kreis, für die Gemeinde' });
  return lines;
}

/** `2026-12-04` → `04.12.2026`. */
export const germanDate = (iso: string): string => {
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}.${m}.${y}` : iso;
};
