import { ROUTE_ACCESS, type Access, type RouteAccess, type Scope } from './route-access.js';

/** How docs/security.md words a scope. */
const SCOPE_TEXT: Readonly<Record<Scope, string>> = {
  none: '',
  'own-agent': 'an agent: only their own `:id`',
  'own-town': 'town staff: only their own `:town`',
  'note-town': 'town staff: only notes of their town (others: 404)',
  'call-party': 'an agent: only the call they are on now; town staff: their town’s calls; both without `callerHash`; others: 404',
  'call-agent': 'an agent: only a call they took',
  'query-town': 'town staff: only their own `municipality`',
  'query-agent': 'an agent: only their own desk',
  'article-part': 'town staff: only their town’s section and town facts (others: 403)',
  'published-for-agents': 'an agent: published articles only (others: 404)',
  'platform-operator': 'only a platform operator (`platform: true`); other operators: 403',
};

const accessText = (access: Access): string => (access === 'open' ? 'open' : access === 'signed-in' ? 'signed in' : access.join(', '));

/**
 * The access table as the Markdown table docs/security.md holds between its markers
 * `<!-- route-access:start -->` and `<!-- route-access:end -->` (a unit test keeps them equal).
 */
export const accessTableMarkdown = (routes: readonly RouteAccess[] = ROUTE_ACCESS): string =>
  [
    '| route | who may call it | finer rule | kind | what |',
    '|---|---|---|---|---|',
    ...routes.map((r) => `| \`${r.method} ${r.url}\` | ${accessText(r.access)} | ${SCOPE_TEXT[r.scope]} | ${r.kind} | ${r.purpose} |`),
  ].join('\n');
