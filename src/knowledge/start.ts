import { dirname, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CenterBoard } from '../app/center-board.js';
import type { Deployment } from '../config/deployment.js';
import { COUNTY_SECTION } from './article.js';
import { formatArticleProblem } from './article-problem.js';
import { readKnowledgeFiles } from './article-files.js';
import { knowledgeContextOf } from './knowledge-context.js';
import { PartnerKnowledge } from './partner-knowledge.js';
import type { KnowledgeRoutesDeps } from './routes.js';
import { KnowledgeBase } from './service.js';
import { KnowledgeStore } from './store.js';
import type { SuggestionRoutesDeps } from './suggestion-routes.js';
import { KnowledgeSuggestions } from './suggestion-service.js';

export interface KnowledgeStart {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly deployment: Deployment;
  /** The deployment file: `knowledge.dir` is relative to its directory. */
  readonly configPath: string;
  /**
   * The platform's board: where the partners' engines post their key prefixes (their knowledge,
   * read only). Left out (tests): no partner's knowledge is reachable.
   */
  readonly board?: Pick<CenterBoard, 'read'>;
  readonly now: () => number;
  readonly log: Logger;
}

/**
 * The knowledge base of a running engine. An empty one (the deployment's first start) is loaded
 * from the files in `knowledge.dir`; afterwards Redis holds the articles and their versions, and
 * the files are what editors import and export. Files with problems are not loaded (all or
 * nothing): the problems are logged, and the engine serves calls with an empty knowledge base.
 */
export async function startKnowledge(s: KnowledgeStart): Promise<{
  readonly knowledge: KnowledgeBase;
  readonly routeDeps: KnowledgeRoutesDeps;
  /** The desk's suggestions, and the counting of call topics they come from. */
  readonly suggestions: KnowledgeSuggestions;
  readonly suggestionRouteDeps: SuggestionRoutesDeps;
}> {
  const store = new KnowledgeStore(s.redis, s.keyPrefix);
  const knowledge = new KnowledgeBase({
    store,
    context: knowledgeContextOf(s.deployment),
    staleAfterDays: s.deployment.knowledge.staleAfterDays,
    now: s.now,
    log: s.log,
  });
  const dir = resolve(dirname(s.configPath), s.deployment.knowledge.dir);
  const read = await readKnowledgeFiles(dir);
  const seeded = read.problems.length > 0 ? { ok: false as const, problems: read.problems } : await knowledge.seed(read.files);
  if (!seeded.ok) {
    s.log.error({ dir, problems: seeded.problems.slice(0, 50).map(formatArticleProblem), count: seeded.problems.length }, 'knowledge files not loaded: fix them and import them (docs/knowledge-base.md)');
  } else if ('skipped' in seeded) {
    s.log.info({ dir }, 'knowledge base kept as stored (the files are loaded into an empty one only)');
  } else {
    s.log.info({ dir, articles: seeded.created.length }, 'knowledge base loaded from the files');
  }
  const municipalities = [...s.deployment.towns.map((t) => t.id as string), COUNTY_SECTION];
  const suggestions = new KnowledgeSuggestions({ store, knowledge, timezone: s.deployment.serviceCenter.timezone, now: s.now });
  // For the callers a partner hands over: its knowledge, read only under the prefix it posts.
  const partners = new PartnerKnowledge({
    redis: s.redis,
    board: s.board ?? { read: () => Promise.resolve(null) },
    partners: s.deployment.serviceCenter.partners.map((p) => p.partner),
    staleAfterDays: s.deployment.knowledge.staleAfterDays,
    timezone: s.deployment.serviceCenter.timezone,
    now: s.now,
    log: s.log,
  });
  return { knowledge, routeDeps: { knowledge, municipalities, partners }, suggestions, suggestionRouteDeps: { suggestions, municipalities, partners } };
}
