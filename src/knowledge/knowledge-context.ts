import type { Deployment } from '../config/deployment.js';

/** A town as the knowledge base sees it: its id, a name for messages and its departments' ids. */
export interface KnowledgeTown {
  readonly id: string;
  /** How editors name the town in messages ("Hasloh"); the id when left out. */
  readonly name?: string;
  readonly departments: readonly string[];
}

/**
 * What article validation checks references against: the deployment's towns and their
 * departments, and today's date (a check date may not lie after it).
 */
export interface KnowledgeContext {
  readonly towns: readonly KnowledgeTown[];
  /** Today as YYYY-MM-DD; when left out, today in Europe/Berlin. */
  readonly today?: string;
}

/** "Gemeinde Hasloh" → "Hasloh": editors read "gibt es in Hasloh nicht", not "in Gemeinde Hasloh". */
const shortTownName = (name: string): string => name.replace(/^(Stadt|Gemeinde|Amt|Flecken|Markt)\s+/u, '');

export const knowledgeContextOf = (deployment: Deployment, today?: string): KnowledgeContext => ({
  towns: deployment.towns.map((t) => ({ id: t.id, name: shortTownName(t.name), departments: t.departments.map((d) => d.id) })),
  ...(today === undefined ? {} : { today }),
});

/** YYYY-MM-DD of `at` (epoch ms) in `timeZone`. */
export const isoDateIn = (timeZone: string, at: number): string =>
  // The Swedish locale writes dates as YYYY-MM-DD.
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export const todayOf = (context: KnowledgeContext): string => context.today ?? isoDateIn('Europe/Berlin', Date.now());
