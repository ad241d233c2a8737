import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../../src/adapters/http/http-server.js';
import { ManualClock, MemoryCenterBoard } from '../../../src/adapters/memory/index.js';
import type { CenterState } from '../../../src/app/center-board.js';
import type { Article } from '../../../src/knowledge/article.js';
import { PartnerKnowledge, type PartnerStore } from '../../../src/knowledge/partner-knowledge.js';
import { knowledgeRoutes } from '../../../src/knowledge/routes.js';
import type { KnowledgeBase } from '../../../src/knowledge/service.js';
import type { ArticleVersion } from '../../../src/knowledge/store.js';
import { suggestionRoutes } from '../../../src/knowledge/suggestion-routes.js';
import { signedIn } from '../../support/signed-in.js';
import { article, SAMPLE_ARTICLES } from './sample-articles.js';

const NOW = Date.parse('2026-12-05T10:00:00Z');

const quickbornFacts = article({
  id: 'quickborn',
  kind: 'town-facts',
  municipality: 'quickborn',
  title: 'Stadt Quickborn – Rathaus und Bürgerbüro',
  answer: 'Das Rathaus Quickborn liegt am Rathausplatz.',
  sections: { quickborn: { office: 'Bürgerbüro Quickborn', hours: 'Mo–Fr 8–12 Uhr', department: 'buergerbuero' } },
});
const draft = article({ id: 'reisepass-entwurf', title: 'Reisepass Express (Entwurf)', answer: 'Noch nicht freigegeben.', status: 'draft', synonyms: ['Reisepass'] });
const retired = article({ id: 'kinderreisepass', title: 'Kinderreisepass', answer: 'Gibt es nicht mehr.', status: 'retired', synonyms: ['Reisepass'] });

/**
 * Pinneberg's knowledge base as Segeberg's engine sees it: only the reads a view may make, each
 * counted; any other method of a store (a save, a gap, a count) is not there to be called.
 */
class FakePartnerStore implements PartnerStore {
  reads = { revision: 0, all: 0, asked: 0 };
  private rev = 1;
  constructor(
    private articles: Article[],
    private readonly counts: Map<string, number> = new Map(),
  ) {}

  edit(articles: Article[]): void {
    this.articles = articles;
    this.rev++;
  }

  revision(): Promise<number> {
    this.reads.revision++;
    return Promise.resolve(this.rev);
  }

  all(): Promise<ArticleVersion[]> {
    this.reads.all++;
    return Promise.resolve(this.articles.map((a) => ({ version: 1, savedAt: NOW, savedBy: 'import', changed: [], article: a })));
  }

  asked(municipality: string): Promise<Map<string, number>> {
    this.reads.asked++;
    return Promise.resolve(municipality === 'quickborn' ? this.counts : new Map<string, number>());
  }
}

const post = (center: string, prefix?: string): CenterState => ({
  center,
  app: `overflow-${center}`,
  ...(prefix === undefined ? {} : { prefix }),
  open: true,
  loggedIn: 1,
  freeAgents: 1,
  waiting: 0,
  window: { calls: 0, withinTarget: 0 },
  targetShare: 0.75,
  at: NOW,
});

/** Segeberg's engine with Pinneberg (posting its prefix) and Steinburg (posting none: an older engine) as partners. */
async function segeberg(store = new FakePartnerStore([...SAMPLE_ARTICLES.filter((a) => a.id !== quickbornFacts.id), quickbornFacts, draft, retired], new Map([['ausweis-verloren', 4]]))) {
  const clock = new ManualClock(NOW);
  const board = new MemoryCenterBoard(clock);
  await board.post(post('kreis-pinneberg', 'pi:'), 6_000);
  await board.post(post('kreis-steinburg'), 6_000);
  const prefixes: string[] = [];
  const partners = new PartnerKnowledge({
    redis: undefined as never,
    board,
    partners: ['kreis-pinneberg', 'kreis-steinburg', 'kreis-stormarn'],
    staleAfterDays: 365,
    timezone: 'Europe/Berlin',
    now: () => clock.now(),
    log: pino({ level: 'silent' }),
    storeOf: (prefix) => {
      prefixes.push(prefix);
      return store;
    },
  });
  return { clock, board, partners, store, prefixes };
}

describe('a partner center’s knowledge, read only', () => {
  it('reads the partner’s articles under the prefix its engine posts, and searches them with its town first', async () => {
    const { partners, prefixes } = await segeberg();
    const found = await partners.of('kreis-pinneberg');
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(prefixes).toEqual(['pi:']);
    const hits = await found.view.search('Personalausweis', { municipality: 'quickborn' });
    expect(hits[0]).toMatchObject({ id: 'personalausweis', localSection: 'quickborn' });
    expect((await found.view.article('personalausweis'))?.article.sections.quickborn?.office).toBe('Bürgerbüro im Rathaus Quickborn');
  });

  it('hides drafts and retired articles, from search and by id, whoever asks', async () => {
    const { partners } = await segeberg();
    const found = await partners.of('kreis-pinneberg');
    if (!found.ok) throw new Error('no view');
    const ids = (await found.view.search('Reisepass', {})).map((h) => h.id);
    expect(ids).not.toContain('reisepass-entwurf');
    expect(ids).not.toContain('kinderreisepass');
    expect(await found.view.article('reisepass-entwurf')).toBeNull();
    expect(await found.view.article('kinderreisepass')).toBeNull();
  });

  it('rebuilds its index only when the partner’s revision moved (an editor there saved)', async () => {
    const { partners, store } = await segeberg();
    const found = await partners.of('kreis-pinneberg');
    if (!found.ok) throw new Error('no view');
    await found.view.search('Ausweis', {});
    await found.view.search('Ausweis', {});
    expect(store.reads.all).toBe(1);
    store.edit([...SAMPLE_ARTICLES, article({ id: 'zauber', title: 'Zauberschein', answer: 'Gibt es in Pinneberg.' })]);
    expect((await found.view.search('Zauberschein', {}))[0]?.id).toBe('zauber');
    expect(store.reads.all).toBe(2);
    // The same view is kept between requests while the prefix stays.
    const again = await partners.of('kreis-pinneberg');
    expect(again.ok && again.view).toBe(found.view);
  });

  it('suggests from the partner’s own topic counts and town facts', async () => {
    const { partners } = await segeberg();
    const found = await partners.of('kreis-pinneberg');
    if (!found.ok) throw new Error('no view');
    const s = await found.view.suggestions('quickborn');
    expect(s.townFacts).toMatchObject({ id: 'quickborn', section: { hours: 'Mo–Fr 8–12 Uhr' } });
    expect(s.articles[0]).toMatchObject({ id: 'ausweis-verloren', asked: 4 });
  });

  it('knows no center that is not a partner, and none whose engine posts no prefix or nothing at all', async () => {
    const { partners } = await segeberg();
    expect(await partners.of('kreis-dithmarschen')).toEqual({ ok: false, reason: 'unknown' });
    expect(await partners.of('kreis-steinburg')).toEqual({ ok: false, reason: 'unavailable' });
    expect(await partners.of('kreis-stormarn')).toEqual({ ok: false, reason: 'unavailable' });
  });
});

/** Segeberg's knowledge routes, its own base a stand-in that must not be asked for a partner's caller. */
async function server() {
  const { partners, store } = await segeberg();
  const own = {
    search: () => Promise.reject(new Error('own knowledge asked')),
    article: () => Promise.reject(new Error('own knowledge asked')),
  } as unknown as KnowledgeBase;
  const who = signedIn();
  const app = buildHttpServer({
    log: pino({ level: 'silent' }),
    readiness: () => Promise.resolve({ ari: true, redis: true }),
    queue: () => Promise.resolve({} as never),
    call: () => Promise.resolve(null),
    auth: who.auth,
    routes: [
      (scope) => void scope.register(knowledgeRoutes, { knowledge: own, municipalities: ['bad-segeberg', 'kreis'], partners }),
      (scope) => suggestionRoutes(scope, { suggestions: { forMunicipality: () => Promise.reject(new Error('own suggestions asked')) }, municipalities: ['bad-segeberg', 'kreis'], partners }),
    ],
  });
  const get = async (url: string, person: string) => app.inject({ method: 'GET', url, headers: await who.headers(person) });
  return { get, store };
}

describe('the knowledge routes with center=', () => {
  it('an agent searches the partner’s knowledge with the caller’s town there first (no gap recorded)', async () => {
    const { get } = await server();
    const res = await get('/api/knowledge/search?center=kreis-pinneberg&municipality=quickborn&q=Personalausweis&final=1', 'agent-1');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ hits: { id: string; localSection?: string }[] }>().hits[0]).toMatchObject({ id: 'personalausweis', localSection: 'quickborn' });
  });

  it('an agent opens the partner’s article; a draft there is not found', async () => {
    const { get } = await server();
    const res = await get('/api/knowledge/articles/personalausweis?center=kreis-pinneberg', 'agent-1');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ article: Article; stale: boolean; yaml: string }>()).toMatchObject({ article: { id: 'personalausweis' }, stale: true });
    expect((await get('/api/knowledge/articles/reisepass-entwurf?center=kreis-pinneberg', 'teamlead')).statusCode).toBe(404);
  });

  it('an operator gets the town’s suggestions from the partner', async () => {
    const { get } = await server();
    const res = await get('/api/knowledge/suggestions?center=kreis-pinneberg&municipality=quickborn', 'teamlead');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ municipality: 'quickborn', townFacts: { id: 'quickborn' } });
  });

  it('refuses a center that is not a partner (400), says when the partner’s knowledge is out of reach (404)', async () => {
    const { get } = await server();
    for (const url of ['/api/knowledge/search?q=Pass&center=kreis-dithmarschen', '/api/knowledge/articles/reisepass?center=kreis-dithmarschen', '/api/knowledge/suggestions?municipality=quickborn&center=kreis-dithmarschen']) {
      const res = await get(url, 'agent-1');
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
    }
    const out = await get('/api/knowledge/search?q=Pass&center=kreis-steinburg', 'agent-1');
    expect(out.statusCode).toBe(404);
    expect(out.json<{ error: { code: string } }>().error.code).toBe('NO_PARTNER_KNOWLEDGE');
  });

  it('refuses a municipality that is no town id, and town staff may not ask for suggestions', async () => {
    const { get } = await server();
    expect((await get('/api/knowledge/search?q=Pass&center=kreis-pinneberg&municipality=Quick%20born', 'agent-1')).statusCode).toBe(400);
    expect((await get('/api/knowledge/suggestions?center=kreis-pinneberg', 'agent-1')).statusCode).toBe(400);
    expect((await get('/api/knowledge/suggestions?center=kreis-pinneberg&municipality=quickborn', 'clerk-quickborn')).statusCode).toBe(403);
  });
});
