import type { ArticleLink } from '../article.js';

/**
 * One service description of the national service catalogue (PVOG), in plain text and in the
 * knowledge base's terms: what an import turns into a draft article, or compares with the text an
 * article was drafted from. Built from the API's answer by pvog-service.ts.
 */
export interface CatalogueService {
  /** The catalogue's id of the description, e.g. `L100001.LB.1234567`. */
  readonly id: string;
  /** The national catalogue key (LeiKa), 14 digits. */
  readonly leika: string;
  readonly title: string;
  /** The regional keys (ARS, 12 digits) the description is written for: `000000000000` federal, `01…` Land, longer prefixes county and town. */
  readonly regions: readonly string[];
  /** The description's first paragraph, plain text: what a draft answer is shortened from. */
  readonly summary: string;
  /** The full text, plain: one heading line per part, then its paragraphs, one per line. */
  readonly text: string;
  readonly documents: readonly string[];
  readonly fees?: string;
  readonly processingTime?: string;
  /** The responsible office(s) named by the catalogue. */
  readonly office?: string;
  /** The official pages (https only): the portal the description comes from, online applications. */
  readonly links: readonly ArticleLink[];
}
