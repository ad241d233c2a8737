/**
 * The knowledge base's article (Wissensartikel): one per concern citizens call about (an
 * administrative service, a local topic) or one "town facts" article per municipality. Agents read
 * the spoken answer aloud and the municipality's section first; editors keep them current.
 * Stored as YAML files (config/knowledge/, docs/knowledge-base.md) and loaded into the engine.
 */

/** `draft`: not shown to agents (a catalogue import, work in progress); `retired`: kept for history. */
export type ArticleStatus = 'draft' | 'published' | 'retired';

/** `service`: an administrative service (may carry a LeiKa key); `topic`: a local concern; `town-facts`: one per municipality. */
export type ArticleKind = 'service' | 'topic' | 'town-facts';

export interface ArticleLink {
  readonly title: string;
  /** https only. */
  readonly url: string;
}

/**
 * What holds for one municipality (or `kreis`, the county itself): it overrides or adds to the
 * general text. Every field is optional; an empty section says nothing.
 */
export interface LocalSection {
  /** The office that handles it there, e.g. "Bürgerbüro im Rathaus Quickborn". */
  readonly office?: string;
  readonly address?: string;
  /** Opening hours as agents read them out, e.g. "Mo–Fr 8–12 Uhr, Do 14–18 Uhr". */
  readonly hours?: string;
  /** The office's public phone number (what a citizen may dial). */
  readonly phone?: string;
  /** A local fee that replaces the general one. */
  readonly fee?: string;
  /** The county handles this for the municipality (e.g. vehicle registration). */
  readonly handledByCounty?: boolean;
  /** Id of the department in the town's directory (config: towns[].departments[].id) an agent transfers to. */
  readonly department?: string;
  /** Local details in a few sentences. */
  readonly text?: string;
}

export interface ArticleCheck {
  /** ISO date (YYYY-MM-DD) the content was last checked. */
  readonly on: string;
  /** Who checked it (a name or role, not a login id). */
  readonly by: string;
}

/** Where a draft came from when a catalogue import created or refreshed it. */
export interface ArticleSource {
  readonly catalogue: 'pvog';
  /** The catalogue's id of the service description. */
  readonly id: string;
  /** ISO timestamp of the import. */
  readonly fetchedAt: string;
  /** The catalogue's text as imported (kept so a re-import can show what changed upstream). */
  readonly text: string;
}

export interface Article {
  /** Lower-case slug, also the file name: [a-z0-9-], e.g. `reisepass`. */
  readonly id: string;
  readonly kind: ArticleKind;
  readonly status: ArticleStatus;
  readonly title: string;
  /** Other words callers use: "Perso", "Ausweis verloren", plural forms are not needed (stemming). */
  readonly synonyms: readonly string[];
  /** The national service catalogue key (LeiKa), 14 digits, for `service` articles that have one. */
  readonly leika?: string;
  /** What the agent says: a few sentences, not the catalogue's full text. */
  readonly answer: string;
  /** Documents to bring. */
  readonly documents: readonly string[];
  readonly fees?: string;
  readonly processingTime?: string;
  /** The responsible office in general (sections say which one locally). */
  readonly office?: string;
  readonly links: readonly ArticleLink[];
  readonly checked: ArticleCheck;
  /** Keyed by town id (config: towns[].id) or `kreis` for the county. */
  readonly sections: Readonly<Record<string, LocalSection>>;
  /** `town-facts` only: the town the article describes. */
  readonly municipality?: string;
  readonly source?: ArticleSource;
}

/** The key of the county's own section. */
export const COUNTY_SECTION = 'kreis';
