import type { Article, ArticleSource } from '../article.js';
import { isoDateIn } from '../knowledge-context.js';
import type { CatalogueService } from './catalogue-service.js';
import { draftAnswer } from './spoken-answer.js';

/** Who `checked.by` names on an imported draft. */
export const IMPORTED_BY = 'Import PVOG';

/** The source block of an article drafted from (or compared with) this description at `now` (epoch ms). */
export const sourceOf = (service: CatalogueService, now: number): ArticleSource => ({
  catalogue: 'pvog',
  id: service.id,
  fetchedAt: new Date(now).toISOString(),
  text: service.text,
});

/**
 * A new draft article from a catalogue description: not shown to agents until an editor has
 * rewritten the answer and published it. The answer is the first paragraph, shortened and marked
 * for rewriting; the full text stays in `source` for the editor and for the next comparison.
 */
export const draftArticleOf = (service: CatalogueService, id: string, now: number, timeZone: string): Article => ({
  id,
  kind: 'service',
  status: 'draft',
  title: service.title,
  synonyms: [],
  leika: service.leika,
  answer: draftAnswer(service.summary, service.title),
  documents: service.documents,
  ...(service.fees === undefined ? {} : { fees: service.fees }),
  ...(service.processingTime === undefined ? {} : { processingTime: service.processingTime }),
  ...(service.office === undefined ? {} : { office: service.office }),
  links: service.links,
  checked: { on: isoDateIn(timeZone, now), by: IMPORTED_BY },
  sections: {},
  source: sourceOf(service, now),
});
