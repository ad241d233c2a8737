import { COUNTY_SECTION } from './article.js';
import { askedMonths, topicChange } from './asked-topics.js';
import { isoDateIn } from './knowledge-context.js';
import type { KnowledgeBase } from './service.js';
import type { KnowledgeStore } from './store.js';
import { suggestArticles, townFactsOf, type Suggestions } from './suggestions.js';

export interface KnowledgeSuggestionsDeps {
  readonly store: Pick<KnowledgeStore, 'all' | 'asked' | 'countAsked'>;
  /** For the town facts' `stale` flag, as the article route has it. */
  readonly knowledge: Pick<KnowledgeBase, 'article'>;
  /** The service center's time zone: months begin at its midnight. */
  readonly timezone: string;
  readonly now: () => number;
}

/** The desk's suggestions per municipality, and the counting of call topics they are made from. */
export class KnowledgeSuggestions {
  constructor(private readonly d: KnowledgeSuggestionsDeps) {}

  private months(): [string, string] {
    return askedMonths(isoDateIn(this.d.timezone, this.d.now()));
  }

  /** `municipality`: a town id or `kreis`. */
  async forMunicipality(municipality: string, limit?: number): Promise<Suggestions> {
    const [stored, asked] = await Promise.all([this.d.store.all(), this.d.store.asked(municipality, this.months())]);
    const articles = stored.map((v) => v.article);
    const facts = townFactsOf(articles, municipality);
    const current = facts === undefined ? null : await this.d.knowledge.article(facts.id);
    return {
      municipality,
      townFacts:
        facts === undefined
          ? null
          : {
              id: facts.id,
              title: facts.title,
              answer: facts.answer,
              section: facts.sections[municipality] ?? null,
              checkedOn: facts.checked.on,
              stale: current?.stale ?? false,
            },
      articles: suggestArticles(articles, asked, municipality, limit),
    };
  }

  /**
   * A call's outcome was filed with `topics`; `before` are the topics of the outcome it replaces
   * (none for the first). Counts only the difference: a call counts once, with its latest topics.
   * `municipality`: the call's town, null for the county.
   */
  async topicsFiled(municipality: string | null, topics: readonly string[], before: readonly string[]): Promise<void> {
    await this.d.store.countAsked(this.months()[0], municipality ?? COUNTY_SECTION, topicChange(before, topics));
  }
}
