import { COUNTY_SECTION, type Article, type ArticleKind, type LocalSection } from './article.js';

/**
 * What the desk shows when a call from a municipality comes in, before the agent typed a word:
 * the municipality's town facts and the articles callers from there asked about most (the topics
 * filed with call outcomes, asked-topics.ts). While too few were asked, it is filled up with the
 * most general services of the municipality (`generalServices`).
 */

export const SUGGESTIONS_LIMIT = 6;

export interface Suggestion {
  readonly id: string;
  readonly title: string;
  readonly kind: ArticleKind;
  /** In how many calls from the municipality it was a topic (this month and the last); 0: a general suggestion. */
  readonly asked: number;
  /** The municipality's key when the article has a section for it. */
  readonly localSection?: string;
}

/** The town facts as the screen pop shows them: the answer and the town's own section. */
export interface TownFactsView {
  readonly id: string;
  readonly title: string;
  readonly answer: string;
  readonly section: LocalSection | null;
  readonly checkedOn: string;
  readonly stale: boolean;
}

export interface Suggestions {
  readonly municipality: string;
  readonly townFacts: TownFactsView | null;
  readonly articles: readonly Suggestion[];
}

/** A section that says something ("an empty section says nothing", article.ts). */
const says = (section: LocalSection | undefined): section is LocalSection => section !== undefined && Object.values(section).some((v) => v !== undefined && v !== '');

/** The published town facts of a municipality (the county has none). */
export const townFactsOf = (articles: readonly Article[], municipality: string): Article | undefined =>
  articles.find((a) => a.kind === 'town-facts' && a.status === 'published' && a.municipality === municipality);

/**
 * The most general services for a municipality, for when nothing was asked yet:
 * - a town: the published services its front office handles (the department its town facts name,
 *   usually the Bürgerbüro: passports, registration, certificates); without one, every service
 *   with a section for the town;
 * - the county (`kreis`, calls about no town, mostly 115): services with a county section and the
 *   federal ones that have no local section at all.
 * The broadest come first: those citizens ask for in the most ways (synonyms), then by title.
 */
export function generalServices(articles: readonly Article[], municipality: string): Article[] {
  const frontOffice = townFactsOf(articles, municipality)?.sections[municipality]?.department;
  const fits = (a: Article): boolean => {
    if (municipality === COUNTY_SECTION) return says(a.sections[COUNTY_SECTION]) || !Object.values(a.sections).some(says);
    const local = a.sections[municipality];
    return says(local) && (frontOffice === undefined || local.department === frontOffice);
  };
  return articles
    .filter((a) => a.kind === 'service' && a.status === 'published' && fits(a))
    .sort((a, b) => b.synonyms.length - a.synonyms.length || a.title.localeCompare(b.title, 'de'));
}

/** The most asked articles of a municipality first (ties by title), filled up with its general services. */
export function suggestArticles(articles: readonly Article[], asked: ReadonlyMap<string, number>, municipality: string, limit = SUGGESTIONS_LIMIT): Suggestion[] {
  const shown = articles.filter((a) => a.status === 'published' && a.kind !== 'town-facts');
  const mostAsked = shown
    .filter((a) => (asked.get(a.id) ?? 0) > 0)
    .sort((a, b) => (asked.get(b.id) ?? 0) - (asked.get(a.id) ?? 0) || a.title.localeCompare(b.title, 'de'));
  const picked = new Set(mostAsked.map((a) => a.id));
  const general = generalServices(articles, municipality).filter((a) => !picked.has(a.id));
  return [...mostAsked, ...general].slice(0, limit).map((a) => ({
    id: a.id,
    title: a.title,
    kind: a.kind,
    asked: Math.max(0, asked.get(a.id) ?? 0),
    ...(says(a.sections[municipality]) ? { localSection: municipality } : {}),
  }));
}
