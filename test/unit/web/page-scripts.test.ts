/**
 * Every page the engine serves runs only its own bundled script (src/web/client/, bundled by
 * src/web/page-scripts.ts): no code inside the HTML, and a content-hashed URL that the server
 * answers with JavaScript that browsers may keep for good.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deniedPageHtml, loginForm, signedInPage } from '../../../src/auth/login-page.js';
import { dashboardHtml, problemHtml as dashboardProblemHtml } from '../../../src/dashboard/page.js';
import { chooseAgentHtml, deskHtml, problemHtml as deskProblemHtml } from '../../../src/desk/page.js';
import { agentId, callId } from '../../../src/domain/ids.js';
import { isEngineError } from '../../../src/errors.js';
import { knowledgeEditorHtml } from '../../../src/knowledge/editor-page.js';
import { inboxHtml } from '../../../src/notes/inbox-page.js';
import { reportHtml, reportProblemHtml } from '../../../src/reports/page.js';
import { platformHtml } from '../../../src/platform/page.js';
import { platformView } from '../../../src/platform/view.js';
import { pageScriptRoutes } from '../../../src/web/page-script-routes.js';
import { buildPageScripts, PAGE_SCRIPT_SOURCES, type PageScript, type PageScripts } from '../../../src/web/page-scripts.js';
import { setup } from '../reports/setup.js';

const COUNTY = { id: 'kreis-pinneberg', name: 'Service-Center Kreis Pinneberg' };

let scripts: PageScripts;
let app: FastifyInstance;
let pages: Record<string, string>;

/** The pages that run a script, and which. */
const SCRIPTED: Record<string, PageScript> = { 'agent desk': 'desk', dashboard: 'dashboard', 'town inbox': 'inbox', 'knowledge editors': 'knowledge' };

beforeAll(async () => {
  scripts = await buildPageScripts();
  app = Fastify();
  pageScriptRoutes(app, scripts);
  const report = await setup().service.report({ municipality: 'quickborn', fromDate: '2026-11-01', toDate: '2026-11-30', month: '2026-11' });
  pages = {
    'agent desk': deskHtml({
      agentId: 'agent-1',
      agentName: 'Anna Petersen',
      signedInAs: 'Anna Petersen',
      county: COUNTY,
      timezone: 'Europe/Berlin',
      view: {
        at: 1,
        agent: { id: agentId('agent-1'), status: 'busy', since: 1, callId: callId('c1'), pauseReason: null, wrapUpUntil: null, version: 3, name: 'Anna Petersen' },
        call: null,
      },
      scriptUrl: scripts.url('desk'),
    }),
    'desk: choose an agent': chooseAgentHtml([{ id: 'agent-1', name: 'Anna Petersen' }]),
    'desk: refused': deskProblemHtml('Kein Zugang', 'Sie können nur Ihren eigenen Arbeitsplatz sehen.'),
    dashboard: dashboardHtml({ signedInAs: 'Birte Thomsen', county: COUNTY, timezone: 'Europe/Berlin', live: null, figures: null, staffing: false, chartCss: '', scriptUrl: scripts.url('dashboard') }),
    'dashboard: refused': dashboardProblemHtml('Kein Zugang', 'Das Lagebild ist für die Teamleitung des Service-Centers.'),
    'town inbox': inboxHtml({ town: 'quickborn', townName: 'Stadt Quickborn', timezone: 'Europe/Berlin', notes: [], scriptUrl: scripts.url('inbox') }),
    'knowledge editors': knowledgeEditorHtml({
      data: { articles: [], role: 'editor', municipalities: [{ id: 'quickborn', name: 'Stadt Quickborn' }], names: {}, template: 'id: neuer-artikel\n', month: '2026-12' },
      signedInAs: 'Lena Voss',
      timezone: 'Europe/Berlin',
      scriptUrl: scripts.url('knowledge'),
    }),
    'sign-in': loginForm({ next: '/desk', error: 'Kennung oder Passwort ist falsch.' }),
    'signed in': signedInPage({ id: 'teamlead', name: 'Birte Thomsen', role: 'operator' }),
    'no access': deniedPageHtml('Diese Seite ist für Ihre Rolle nicht freigegeben.'),
    report: reportHtml({ report, signedInAs: 'Birte Thomsen', choices: [{ id: 'quickborn', name: 'Stadt Quickborn' }] }),
    'report: problem': reportProblemHtml('Bericht nicht möglich', 'Bitte prüfen Sie den Zeitraum.', ['Monat fehlt']),
    'platform overview': platformHtml({
      view: platformView({ centers: ['kreis-pinneberg', 'kreis-segeberg'], posts: new Map(), self: 'kreis-pinneberg', now: 1 }),
      signedInAs: 'Jan Sievers',
      timezone: 'Europe/Berlin',
    }),
  };
});

afterAll(async () => {
  await app?.close();
});

/** Every `<script>` element of a page: its attributes and its content. */
const scriptsOf = (html: string): { attributes: string; content: string }[] =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attributes: m[1] ?? '', content: m[2] ?? '' }));

describe('page scripts', () => {
  it('no page has code inside its HTML: a <script> loads a file, or holds JSON data', () => {
    const inline: string[] = [];
    for (const [name, html] of Object.entries(pages)) {
      expect(scriptsOf(html).length, name).toBe((html.match(/<script\b/gi) ?? []).length);
      for (const { attributes, content } of scriptsOf(html)) {
        const loads = /\ssrc="[^"]+"/.test(attributes) && content.trim() === '';
        const data = /\stype="application\/json"/.test(attributes) && !/\ssrc=/.test(attributes);
        if (!loads && !data) inline.push(`${name}: <script${attributes}>${content.slice(0, 60)}`);
      }
      // Nor code in attributes (the Content-Security-Policy would block it anyway).
      expect(html, name).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
      expect(html, name).not.toMatch(/javascript:/i);
    }
    expect(inline).toEqual([]);
  });

  it('each scripted page loads its own bundle: JavaScript at a content-hashed URL, cached for good', async () => {
    for (const [name, script] of Object.entries(SCRIPTED)) {
      const sources = scriptsOf(pages[name] ?? '').flatMap(({ attributes }) => /\ssrc="([^"]+)"/.exec(attributes)?.[1] ?? []);
      expect(sources, name).toEqual([scripts.url(script)]);
      expect(scripts.url(script)).toMatch(new RegExp(`^/assets/${script}-[0-9a-f]{16}\\.js$`));
      const res = await app.inject({ url: scripts.url(script) });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body).toBe(scripts.bundle(script).body);
      expect(() => new Script(res.body), name).not.toThrow();
    }
  });

  it('pages without a script load none', () => {
    for (const [name, html] of Object.entries(pages)) if (!(name in SCRIPTED)) expect(html, name).not.toMatch(/<script\b[^>]*\ssrc=/i);
  });

  it('any other name under /assets/ is 404', async () => {
    for (const url of ['/assets/desk.js', '/assets/desk-0000000000000000.js', '/assets/..%2Fpackage.json', `${scripts.url('desk')}.map`]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('the same sources give the same URLs; the hash follows the content', async () => {
    const again = await buildPageScripts();
    for (const script of Object.keys(SCRIPTED).map((n) => SCRIPTED[n]!)) expect(again.url(script)).toBe(scripts.url(script));
    expect(new Set(Object.values(SCRIPTED).map((s) => scripts.url(s))).size).toBe(4);
  });
});

describe('a page script that does not bundle stops the start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'page-scripts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const withDesk = (name: string, source: string) => {
    const path = join(dir, name);
    writeFileSync(path, source);
    return buildPageScripts({ ...PAGE_SCRIPT_SOURCES, desk: path });
  };

  it('names the file, line and column of a syntax error', async () => {
    const err: unknown = await withDesk('broken.ts', "const ready = true;\nif (ready) {\n  document.title = 'Arbeitsplatz'\n").catch((e: unknown) => e);
    expect(isEngineError(err, 'PAGE_SCRIPT_BUNDLE_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/^page scripts could not be bundled \(src\/web\/client\/\): .*broken\.ts:4:0: /);
  });

  it('refuses an import that does not resolve', async () => {
    const err: unknown = await withDesk('missing.ts', "import { gone } from './gone.js';\ngone();\n").catch((e: unknown) => e);
    expect(isEngineError(err, 'PAGE_SCRIPT_BUNDLE_FAILED')).toBe(true);
    expect((err as Error).message).toContain('./gone.js');
  });

  it('refuses what esbuild only warns about: it is a bug no test may have run yet', async () => {
    const err: unknown = await withDesk('warned.ts', 'const limits = { goodMs: 30_000, goodMs: 60_000 };\nconsole.log(limits);\n').catch((e: unknown) => e);
    expect(isEngineError(err, 'PAGE_SCRIPT_BUNDLE_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/warned\.ts:1:\d+: Duplicate key "goodMs"/);
  });
});
