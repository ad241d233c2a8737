import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/auth/index.js';
import { loadDeployment } from '../../../src/config/load-deployment.js';
import type { AgentId, TownId } from '../../../src/domain/ids.js';
import { formatArticleProblem } from '../../../src/knowledge/article-problem.js';
import { newArticleTemplate } from '../../../src/knowledge/article-template.js';
import { readArticleYaml } from '../../../src/knowledge/article-yaml.js';
import { knowledgeEditorHtml, type KnowledgeEditorData } from '../../../src/knowledge/editor-page.js';
import { knowledgeEditorRoutes } from '../../../src/knowledge/editor-routes.js';
import { knowledgeContextOf } from '../../../src/knowledge/knowledge-context.js';
import type { ArticleSummary } from '../../../src/knowledge/service.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const deployment = loadDeployment(join(ROOT, 'config/county.yaml'));
const TOWNS = deployment.towns.map((t) => ({ id: t.id, name: t.name }));
const SCRIPT = '/assets/knowledge-0123456789abcdef.js';
/** 2026-12-10 09:00 in Berlin. */
const NOW = Date.parse('2026-12-10T08:00:00Z');

const HOSTILE = '</script><script>alert(1)</script><b onclick="x">&';
const summary = (over: Partial<ArticleSummary> = {}): ArticleSummary => ({
  id: 'reisepass',
  title: 'Reisepass beantragen',
  kind: 'service',
  status: 'published',
  sections: ['hasloh', 'quickborn'],
  version: 2,
  savedAt: NOW - 3_600_000,
  savedBy: 'redaktion',
  checkedOn: '2026-12-04',
  stale: false,
  ...over,
});

const dataFor = (role: KnowledgeEditorData['role'], articles: readonly ArticleSummary[] = [summary()]): KnowledgeEditorData => ({
  articles,
  role,
  ...(role === 'town-staff' ? { town: 'hasloh' } : {}),
  municipalities: [...TOWNS, { id: 'kreis', name: 'Kreis' }],
  names: { redaktion: 'Lena Voss', import: 'Import' },
  template: newArticleTemplate('2026-12-10', TOWNS.map((t) => t.id)),
  month: '2026-12',
});

/** The JSON block the page script reads. */
const embedded = (html: string): unknown => JSON.parse(/<script type="application\/json" id="knowledge-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null');

describe('the knowledge editors’ page', () => {
  it('embeds the list as JSON that cannot end its script element, and escapes every text in the HTML', () => {
    const data = dataFor('editor', [summary({ title: HOSTILE, id: 'boese' })]);
    const html = knowledgeEditorHtml({ data, signedInAs: `Lena ${HOSTILE}`, timezone: 'Europe/Berlin', scriptUrl: SCRIPT });
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<title>Wissensdatenbank</title>');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b onclick');
    expect(html).toContain('Angemeldet: Lena &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=&quot;x&quot;&gt;&amp;');
    expect(embedded(html)).toEqual(data);
    expect((html.match(/<script\b/g) ?? []).length).toBe(2);
    expect(html).toContain(`<script src="${SCRIPT}" defer></script>`);
  });

  it('editors and operators get import, export, the knowledge gaps and "Neuer Artikel"; town staff a hint on what is theirs', () => {
    const editor = knowledgeEditorHtml({ data: dataFor('operator'), signedInAs: 'Birte', timezone: 'Europe/Berlin', scriptUrl: SCRIPT });
    for (const id of ['btn-new', 'import-files', 'import-folder', 'btn-export', 'gaps-month', 'article-text', 'versions-panel']) expect(editor, id).toContain(`id="${id}"`);
    expect(editor).not.toContain('id="staff-hint"');
    expect(editor).toContain('<input type="month" id="gaps-month" value="2026-12">');

    const staff = knowledgeEditorHtml({ data: dataFor('town-staff'), signedInAs: 'Torben Schulz', townName: 'Gemeinde Hasloh', timezone: 'Europe/Berlin', scriptUrl: SCRIPT });
    for (const id of ['btn-new', 'import-files', 'btn-export', 'gaps-month']) expect(staff, id).not.toContain(`id="${id}"`);
    expect(staff).toContain('id="staff-hint"');
    expect(staff).toContain('<code>sections.hasloh</code>');
    expect(staff).toContain('den Ortsartikel von Gemeinde Hasloh');
    expect(embedded(staff)).toMatchObject({ role: 'town-staff', town: 'hasloh' });
  });

  it('the filter offers every town of the deployment and the county', () => {
    const html = knowledgeEditorHtml({ data: dataFor('editor'), signedInAs: 'Lena', timezone: 'Europe/Berlin', scriptUrl: SCRIPT });
    for (const t of TOWNS) expect(html).toContain(`<option value="${t.id}">${t.name}</option>`);
    expect(html).toContain('<option value="kreis">Kreis</option>');
  });
});

describe('the template of a new article', () => {
  it('is a valid draft as it stands, naming the towns a section may be for', () => {
    const template = newArticleTemplate('2026-12-10', TOWNS.map((t) => t.id));
    const { validation } = readArticleYaml(template, 'articles/neuer-artikel.yaml', { ...knowledgeContextOf(deployment), today: '2026-12-10' });
    expect(validation.ok ? [] : validation.problems.map(formatArticleProblem)).toEqual([]);
    expect(validation.ok && validation.article).toMatchObject({ id: 'neuer-artikel', status: 'draft', checked: { on: '2026-12-10' } });
    expect(template).toContain('quickborn, boenningstedt, hasloh, kreis');
  });
});

describe('GET /knowledge', () => {
  const people: Record<string, Principal> = {
    redaktion: { id: 'redaktion', name: 'Lena Voss', role: 'editor' },
    'clerk-hasloh': { id: 'clerk-hasloh', name: 'Torben Schulz', role: 'town-staff', town: 'hasloh' as TownId },
    'agent-1': { id: 'agent-1', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId },
  };
  const server = () => {
    const app = Fastify();
    app.decorateRequest('principal', null);
    app.addHook('onRequest', (req, _reply, done) => {
      (req as { principal: Principal | null }).principal = people[String(req.headers['x-test-person'])] ?? null;
      done();
    });
    const listed: boolean[] = [];
    knowledgeEditorRoutes(app, {
      knowledge: { list: (all) => (listed.push(all), Promise.resolve([summary(), summary({ id: 'hasloh', title: 'Gemeinde Hasloh', kind: 'town-facts', municipality: 'hasloh', sections: [] })])) },
      towns: TOWNS,
      names: new Map([['redaktion', 'Lena Voss']]),
      timezone: 'Europe/Berlin',
      now: () => NOW,
      scriptUrl: SCRIPT,
    });
    return { app, listed, get: (person: string) => app.inject({ method: 'GET', url: '/knowledge', headers: { 'x-test-person': person } }) };
  };

  it('serves the page with every article (drafts and retired ones too), today’s template and month, under the scripted-page headers', async () => {
    const s = server();
    const res = await s.get('redaktion');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(s.listed).toEqual([true]);
    const data = embedded(res.body) as KnowledgeEditorData;
    expect(data.articles.map((a) => a.id)).toEqual(['reisepass', 'hasloh']);
    expect(data).toMatchObject({ role: 'editor', month: '2026-12', names: { import: 'Import', redaktion: 'Lena Voss' } });
    expect(data.template).toContain('on: 2026-12-10');
    expect(data).not.toHaveProperty('town');
    expect(res.body).toContain('Angemeldet: Lena Voss');
  });

  it('town staff get their town and its name in the hint', async () => {
    const res = await server().get('clerk-hasloh');
    expect(res.statusCode).toBe(200);
    expect(embedded(res.body)).toMatchObject({ role: 'town-staff', town: 'hasloh' });
    expect(res.body).toContain('den Ortsartikel von Gemeinde Hasloh');
  });

  it('an agent reaching the handler (no route guard in this test) gets nothing', async () => {
    expect((await server().get('agent-1')).statusCode).toBe(403);
  });
});
