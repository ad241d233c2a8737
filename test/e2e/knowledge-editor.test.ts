import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInAndOpen } from '../support/browser.js';
import { api } from '../support/http-api.js';
import { zipEntries } from '../support/zip-entries.js';
import { SHOWN_MS, useBrowserCounties } from './browser-fixture.js';
import type { County } from './county-fixture.js';
import { LONG_AGO, saveCheckedOn } from './stale-article.js';
/** Chromium logs every answer with an error status; these are the ones the tests provoke. */
const PROVOKED = /Failed to load resource: the server responded with a status of (403|409|422)/;

interface StoredArticle {
  readonly version: number;
  readonly savedBy: string;
  readonly article: { readonly title: string; readonly answer: string; readonly synonyms: readonly string[]; readonly sections: Record<string, { office?: string; hours?: string }> };
}

const stored = async (c: County, id: string) => api<StoredArticle>(c.engine.url, 'GET', `/api/knowledge/articles/${id}`, 'teamlead');

/**
 * The knowledge editors' page (GET /knowledge) in Debian's headless Chromium against the real
 * engine on the real stack: signed in through the login form as the editor, as Hasloh's town staff;
 * articles saved as their YAML text, the engine's refusals shown as the page shows them.
 */
describe('the knowledge editors’ page in a headless browser', () => {
  const counties = useBrowserCounties({ label: 'knowledge editor test', viewport: { width: 1440, height: 1000 }, provokedConsoleErrors: PROVOKED });

  /** Opens an article from the list; resolves once its text is in the editor. */
  async function openArticle(page: Page, id: string, title: string): Promise<string> {
    await page.locator(`#article-rows tr[data-id="${id}"]`).getByRole('button', { name: title }).click();
    await page.locator('#editor-title', { hasText: `${title} (${id})` }).waitFor({ timeout: SHOWN_MS });
    return page.locator('#article-text').inputValue();
  }

  const save = (page: Page) => page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const message = (page: Page, text: string | RegExp) => page.locator('#editor-message', { hasText: text }).waitFor({ timeout: SHOWN_MS });

  it('the editor adds a synonym to reisepass: agents find it by that word, version 2 is theirs; a bad save lists every problem and changes nothing', async () => {
    const c = await counties.open({ agents: ['agent-1'] });
    // An agent's search that finds nothing: a knowledge gap of this month.
    expect((await api(c.engine.url, 'GET', '/api/knowledge/search?q=Zeppelinlandeplatz&final=1', 'agent-1')).status).toBe(200);
    expect((await api<{ hits: unknown[] }>(c.engine.url, 'GET', '/api/knowledge/search?q=Weltreisedokument', 'agent-1')).body.hits).toEqual([]);
    // One article was last checked long ago.
    await saveCheckedOn(c, 'fundsachen', LONG_AGO.on);
    const { page, problems } = await counties.newPage();
    await logInAndOpen(page, c.engine.url, '/knowledge', 'redaktion');
    await page.getByRole('heading', { name: 'Wissensdatenbank', exact: true }).waitFor();
    // Overdue for its check: flagged in the list, with the date it was checked, and counted.
    const overdue = page.locator('#article-rows tr[data-id="fundsachen"] td:last-child');
    expect(await overdue.textContent()).toBe('Prüfung fällig');
    expect(await overdue.getAttribute('title')).toBe(`zuletzt geprüft am ${LONG_AGO.on}`);
    expect(await page.locator('#list-count').textContent()).toBe('57 von 57 Artikeln, davon 1 mit fälliger Prüfung');

    // The list: every article of the sample, as imported; a filter narrows it.
    const row = page.locator('#article-rows tr[data-id="reisepass"]');
    expect(await row.locator('td').allTextContents()).toEqual(['Reisepass beantragen', 'Leistung', 'veröffentlicht', '1', expect.stringMatching(/^Import, \d\d\.\d\d\.\d{4}$/), '']);
    await page.locator('#filter-text').fill('reisepass');
    await page.locator('#list-count', { hasText: /^4 von 57 Artikeln$/ }).waitFor({ timeout: SHOWN_MS });
    await page.locator('#filter-municipality').selectOption('hasloh');
    await page.locator('#filter-text').fill('');
    expect(await page.locator('#article-rows tr[data-id="hasloh"]').count()).toBe(1);
    expect(await page.locator('#article-rows tr[data-id="quickborn"]').count()).toBe(0);
    await page.locator('#filter-municipality').selectOption('');
    // This month's search that found nothing.
    await page.locator('#gap-rows tr', { hasText: 'zeppelinlandeplatz' }).waitFor({ timeout: SHOWN_MS });

    // Open reisepass, add a synonym, save.
    const original = await openArticle(page, 'reisepass', 'Reisepass beantragen');
    expect(original).toBe(readFileSync(new URL('../../config/knowledge/articles/reisepass.yaml', import.meta.url), 'utf8'));
    await page.locator('#article-text').fill(original.replace('synonyms:\n', 'synonyms:\n  - Weltreisedokument\n'));
    await save(page);
    await message(page, 'Gespeichert als Version 2 (geändert: synonyms).');
    await page.locator('#editor-info', { hasText: /^Version 2, gespeichert von Lena Voss am / }).waitFor({ timeout: SHOWN_MS });
    await row.locator('td:nth-child(4)', { hasText: /^2$/ }).waitFor({ timeout: SHOWN_MS });

    // The agent's next search finds it by the new word.
    const search = await api<{ hits: { id: string }[] }>(c.engine.url, 'GET', '/api/knowledge/search?q=Weltreisedokument', 'agent-1');
    expect(search.status).toBe(200);
    expect(search.body.hits[0]?.id).toBe('reisepass');

    // The versions: 2 by the editor with synonyms changed, 1 from the import; version 1 read-only.
    const v2 = page.locator('#version-rows tr[data-version="2"]');
    await v2.waitFor({ timeout: SHOWN_MS });
    expect(await v2.locator('td').allTextContents()).toEqual(['2', 'Lena Voss', expect.stringMatching(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/), 'synonyms', 'Ansehen']);
    expect(await page.locator('#version-rows tr[data-version="1"] td:nth-child(2)').textContent()).toBe('Import');
    await page.locator('#version-rows tr[data-version="1"]').getByRole('button', { name: 'Ansehen' }).click();
    await page.locator('#version-title', { hasText: /^Version 1 vom .* \(nur lesen\)$/ }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#version-text').inputValue()).toBe(original);
    expect(await page.locator('#version-text').getAttribute('readonly')).not.toBeNull();

    // A bad save: an empty answer and a department Hasloh does not have. Every problem at once, nothing saved.
    const current = await page.locator('#article-text').inputValue();
    const bad = current.replace(/^answer: >-\n(?: {2}.*\n)+/m, 'answer: ""\n').replace(/( {2}hasloh:\n(?: {4}.*\n)*? {4}department: )buergerbuero/, '$1bauamt');
    expect(bad).not.toBe(current);
    await page.locator('#article-text').fill(bad);
    await save(page);
    await message(page, 'Nicht gespeichert: 2 Probleme im Text. Bitte beheben und erneut speichern.');
    const listed = await page.locator('#problems li').allTextContents();
    expect(listed).toEqual([
      expect.stringMatching(/^answer: darf nicht leer sein \(Zeile \d+\)$/),
      expect.stringMatching(/^sections\.hasloh\.department: Fachbereich „bauamt“ gibt es in Hasloh nicht; vorhanden: buergerbuero \(Zeile \d+\)$/),
    ]);
    expect(await page.locator('#article-text').inputValue()).toBe(bad);
    await counties.screenshot(page, c, 'knowledge-problems');
    const after = await stored(c, 'reisepass');
    expect(after.body.version).toBe(2);
    expect(after.body.article.answer).toMatch(/^Den Reisepass beantragen Sie/);
    expect(after.body.article.synonyms).toContain('Weltreisedokument');

    // The export: every article as its file, in a ZIP with the folders of config/knowledge/.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Alle Dateien herunterladen (.zip)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^wissensdatenbank-\d{4}-\d\d-\d\d\.zip$/);
    const zipPath = join(counties.logs().dir, `knowledge-export-${c.prefix.replace(/:$/, '')}.zip`);
    await download.saveAs(zipPath);
    const entries = zipEntries(readFileSync(zipPath));
    expect(entries).toHaveLength(57);
    expect(entries.filter((e) => e.name.startsWith('towns/')).map((e) => e.name)).toEqual(['towns/boenningstedt.yaml', 'towns/hasloh.yaml', 'towns/quickborn.yaml']);
    expect(entries.find((e) => e.name === 'articles/reisepass.yaml')?.text).toContain('  - Weltreisedokument\n');
    expect(problems).toEqual([]);
  });

  it('Hasloh’s town staff may not change Quickborn’s section (the German 403 says what they may), but their own; a save over a newer version is a conflict', async () => {
    const c = await counties.open({ agents: ['agent-1'] });
    const { page, problems } = await counties.newPage();
    await logInAndOpen(page, c.engine.url, '/knowledge', 'clerk-hasloh');
    await page.locator('#staff-hint', { hasText: 'sections.hasloh' }).waitFor();
    expect(await page.locator('#btn-new').count()).toBe(0);
    expect(await page.locator('#transfer-section').count()).toBe(0);
    expect(await page.locator('#gaps-section').count()).toBe(0);

    const original = await openArticle(page, 'reisepass', 'Reisepass beantragen');
    expect(await page.locator('#btn-retire').isHidden()).toBe(true);
    const quickborn = original.replace('office: Bürgerbüro im Rathaus Quickborn', 'office: Rathaus Quickborn, Zimmer 1');
    expect(quickborn).not.toBe(original);
    await page.locator('#article-text').fill(quickborn);
    await save(page);
    await message(page, 'Nicht gespeichert: Sie dürfen nur den Abschnitt „hasloh“ und den Ortsartikel Ihrer Gemeinde ändern.');
    expect(await page.locator('#editor-message').textContent()).toContain('Bitte nehmen Sie die Änderungen außerhalb von sections.hasloh zurück');
    expect(await page.locator('#btn-reload').isVisible()).toBe(true);
    await counties.screenshot(page, c, 'knowledge-town-staff-refused');
    expect((await stored(c, 'reisepass')).body.version).toBe(1);

    // "Neu laden": the stored text back in the editor, the refused one beside it, read-only.
    await page.getByRole('button', { name: 'Neu laden' }).click();
    await page.locator('#version-title', { hasText: 'Ihre nicht gespeicherte Fassung (nur lesen)' }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#version-text').inputValue()).toBe(quickborn);
    expect(await page.locator('#article-text').inputValue()).toBe(original);

    const hasloh = original.replace('    office: Bürgerbüro der Gemeinde Hasloh\n', '    office: Bürgerbüro der Gemeinde Hasloh\n    hours: Di und Do 8–12 Uhr\n');
    expect(hasloh).not.toBe(original);
    await page.locator('#article-text').fill(hasloh);
    await save(page);
    await message(page, 'Gespeichert als Version 2 (geändert: sections.hasloh).');
    const after = await stored(c, 'reisepass');
    expect(after.body).toMatchObject({ version: 2, savedBy: 'clerk-hasloh' });
    expect(after.body.article.sections['hasloh']?.hours).toBe('Di und Do 8–12 Uhr');
    expect(after.body.article.sections['quickborn']?.office).toBe('Bürgerbüro im Rathaus Quickborn');
    await page.locator('#version-rows tr[data-version="2"] td:nth-child(2)', { hasText: 'Torben Schulz' }).waitFor({ timeout: SHOWN_MS });

    // Meanwhile the editor saves too: the clerk's next save from version 2 is a conflict, and nothing is lost.
    const theirs = (await page.locator('#article-text').inputValue()).replace('title: Reisepass beantragen', 'title: Reisepass beantragen (Erwachsene)');
    const editorSave = await api<{ version: number }>(c.engine.url, 'POST', '/api/knowledge/articles/reisepass', 'redaktion', { yaml: theirs, expectedVersion: 2 });
    expect(editorSave.body).toMatchObject({ version: 3 });
    const mine = (await page.locator('#article-text').inputValue()).replace('    hours: Di und Do 8–12 Uhr\n', '    hours: Di und Do 8–12 Uhr, Do 15–18 Uhr\n');
    await page.locator('#article-text').fill(mine);
    await save(page);
    await message(page, /^Nicht gespeichert: inzwischen hat jemand anderes diesen Artikel gespeichert\./);
    await page.getByRole('button', { name: 'Neu laden' }).click();
    await page.locator('#editor-title', { hasText: 'Reisepass beantragen (Erwachsene) (reisepass)' }).waitFor({ timeout: SHOWN_MS });
    await page.locator('#editor-info', { hasText: /^Version 3, gespeichert von Lena Voss/ }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#version-text').inputValue()).toBe(mine);
    expect((await stored(c, 'reisepass')).body.article.sections['hasloh']?.hours).toBe('Di und Do 8–12 Uhr');
    expect(problems).toEqual([]);
  });

  it('an import with one broken file lists every problem and changes nothing; the files fixed, it reports what it created and updated', async () => {
    const c = await counties.open({ agents: ['agent-1'] });
    const { page, problems } = await counties.newPage();
    await logInAndOpen(page, c.engine.url, '/knowledge', 'redaktion');
    const sample = (path: string) => readFileSync(new URL(`../../config/knowledge/${path}`, import.meta.url), 'utf8');
    const file = (name: string, text: string) => ({ name, mimeType: 'application/yaml', buffer: Buffer.from(text, 'utf8') });
    const retitled = sample('articles/reisepass.yaml').replace('title: Reisepass beantragen', 'title: Reisepass beantragen oder verlängern');
    const facts = sample('towns/hasloh.yaml').replace('    hours: Di und Do 8–12 Uhr, Do zusätzlich 15–18 Uhr', '    hours: Di und Do 8–12 Uhr');
    const fresh = sample('articles/fundsachen.yaml').replace('id: fundsachen', 'id: fundtiere').replace(/^title: .*$/m, 'title: Fundtiere melden').replace(/^leika: .*\n/m, '');
    const broken = fresh.replace('id: fundtiere', 'id: fundraeder').replace(/^title: .*$/m, 'title: Fundräder\ngebuehr: 5 Euro').replace(/url: https:/, 'url: http:');

    await page.locator('#import-files').setInputFiles([file('reisepass.yaml', retitled), file('hasloh.yaml', facts), file('fundtiere.yaml', fresh), file('fundraeder.yaml', broken)]);
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.locator('#transfer-message', { hasText: /^Nichts importiert: 2 Probleme in den Dateien\./ }).waitFor({ timeout: SHOWN_MS });
    const listed = await page.locator('#import-problems li').allTextContents();
    expect(listed).toHaveLength(2);
    expect(listed.every((p) => p.startsWith('articles/fundraeder.yaml: '))).toBe(true);
    expect(listed.join('\n')).toContain('unbekanntes Feld „gebuehr“');
    expect(listed.join('\n')).toMatch(/links\[0\]\.url: /);
    await counties.screenshot(page, c, 'knowledge-import-problems');
    expect((await stored(c, 'reisepass')).body).toMatchObject({ version: 1, article: { title: 'Reisepass beantragen' } });
    expect((await stored(c, 'hasloh')).body.version).toBe(1);
    expect((await stored(c, 'fundtiere')).status).toBe(404);

    // Without the broken file: town facts went to towns/, the rest to articles/.
    await page.locator('#import-files').setInputFiles([file('reisepass.yaml', retitled), file('hasloh.yaml', facts), file('fundtiere.yaml', fresh), file('fundsachen.yaml', sample('articles/fundsachen.yaml'))]);
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.locator('#transfer-message', { hasText: 'Importiert: 1 neu (fundtiere), 2 geändert (reisepass, hasloh), 1 unverändert.' }).waitFor({ timeout: SHOWN_MS });
    expect(await page.locator('#import-problems li').count()).toBe(0);
    await page.locator('#article-rows tr[data-id="fundtiere"]', { hasText: 'Fundtiere melden' }).waitFor({ timeout: SHOWN_MS });
    expect((await stored(c, 'reisepass')).body).toMatchObject({ version: 2, savedBy: 'redaktion', article: { title: 'Reisepass beantragen oder verlängern' } });
    expect((await stored(c, 'hasloh')).body.article.sections['hasloh']?.hours).toBe('Di und Do 8–12 Uhr');
    expect(problems).toEqual([]);
  });
});
