/**
 * The catalogue import end to end on a copy of the sample county's knowledge directory, from the
 * recorded answers (no network): drafts keyed by LeiKa with source and date, a second import that
 * shows one upstream change and leaves every editor's text alone, and refusals that write nothing.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDeployment } from '../../../../src/config/load-deployment.js';
import type { Article } from '../../../../src/knowledge/article.js';
import { loadKnowledgeDirectory, writeKnowledgeDirectory } from '../../../../src/knowledge/article-files.js';
import { importCatalogue, type CatalogueImportOutcome } from '../../../../src/knowledge/catalogue/catalogue-import.js';
import type { CatalogueSource } from '../../../../src/knowledge/catalogue/catalogue-source.js';
import { recordedCatalogue, type CatalogueRecording } from '../../../../src/knowledge/catalogue/recorded-catalogue.js';
import { isoDateIn, knowledgeContextOf } from '../../../../src/knowledge/knowledge-context.js';
import { fixture, ID, KREIS_PINNEBERG_ARS, LEIKA, withChangedText } from './fixture.js';

const context = knowledgeContextOf(loadDeployment('config/county.yaml'));
const tmp = mkdtempSync(join(tmpdir(), 'catalogue-import-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let copies = 0;
const copyOfSampleKnowledge = (): string => {
  const dir = join(tmp, `knowledge-${++copies}`);
  cpSync('config/knowledge', dir, { recursive: true });
  return dir;
};

/** Every file of the directory with its text. */
const snapshot = (dir: string): Map<string, string> =>
  new Map(['articles', 'towns'].flatMap((folder) => readdirSync(join(dir, folder)).map((name) => [`${folder}/${name}`, readFileSync(join(dir, folder, name), 'utf8')] as const)));

/** The source block is written last (article-yaml.ts): everything before it is the editors'. */
const withoutSourceBlock = (text: string): string => text.replace(/\nsource:\n[\s\S]*$/, '\n');

/** Counts the requests, to show a refused import did not even ask the catalogue. */
const counting = (source: CatalogueSource): CatalogueSource & { readonly calls: number } => {
  let calls = 0;
  return {
    origin: source.origin,
    get calls() {
      return calls;
    },
    listPage: (r) => (calls++, source.listPage(r)),
    description: (id, ars) => (calls++, source.description(id, ars)),
  };
};

const run = (dir: string, recording: CatalogueRecording, source: CatalogueSource = recordedCatalogue(recording, 'fixture'), dryRun = false): Promise<CatalogueImportOutcome> =>
  importCatalogue({ dir, context, source, ars: KREIS_PINNEBERG_ARS, leika: [], pageSize: 50, dryRun, now: Date.now(), timeZone: 'Europe/Berlin' });

const articlesOf = async (dir: string): Promise<Map<string, Article>> => {
  const loaded = await loadKnowledgeDirectory(dir, context);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  return new Map(loaded.articles.map((a) => [a.id, a]));
};

describe('catalogue import into a copy of config/knowledge', () => {
  it('creates drafts keyed by LeiKa with source and date; a re-import shows the one upstream change and keeps every editor text', async () => {
    const dir = copyOfSampleKnowledge();
    // An editor has linked the published passport article to its LeiKa key.
    const reisepass = (await articlesOf(dir)).get('reisepass')!;
    await writeKnowledgeDirectory(dir, [{ ...reisepass, leika: LEIKA.reisepass }]);
    const linked = readFileSync(join(dir, 'articles/reisepass.yaml'), 'utf8');

    const first = await run(dir, fixture());
    if (!first.ok) throw new Error(`import refused: ${JSON.stringify(first)}`);
    expect(first.report.created.map((c) => [c.id, c.leika])).toEqual([
      ['gewerbe-anmelden-2', LEIKA.gewerbe],
      ['hundesteuer-anmeldung', LEIKA.hundesteuer],
      ['wohngeld-als-mietzuschuss-beantragen', LEIKA.wohngeld],
      ['schwerbehindertenausweis-beantragen', LEIKA.schwerbehindertenausweis],
    ]);
    expect(first.report.created[0]?.resembles).toBe('gewerbe-anmelden');
    expect(first.report.changedUpstream.map((c) => [c.id, c.before])).toEqual([['reisepass', '']]);
    expect(first.fetched.skipped.map((s) => s.id)).toEqual([ID.ohneLeika]);
    expect(first.fetched.superseded.map((s) => s.id)).toEqual([ID.reisepassBund]);

    const today = isoDateIn('Europe/Berlin', Date.now());
    const afterFirst = await articlesOf(dir);
    for (const { id, leika } of first.report.created) {
      const draft = afterFirst.get(id)!;
      expect(draft).toMatchObject({ kind: 'service', status: 'draft', leika, checked: { on: today, by: 'Import PVOG' }, source: { catalogue: 'pvog' } });
      expect(draft.source?.fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(draft.source?.text).toContain('Beschreibung\n');
    }
    expect(afterFirst.get('hundesteuer-anmeldung')?.source?.id).toBe(ID.hundesteuer);
    // The linked article: its file is what the editor left, plus the source block.
    const reisepassNow = readFileSync(join(dir, 'articles/reisepass.yaml'), 'utf8');
    expect(withoutSourceBlock(reisepassNow)).toBe(linked);
    expect(afterFirst.get('reisepass')?.source?.id).toBe(ID.reisepassLand);

    // The editor rewrites a draft for the phone, adds a town's section and publishes it.
    const draft = afterFirst.get('hundesteuer-anmeldung')!;
    await writeKnowledgeDirectory(dir, [
      { ...draft, status: 'published', answer: 'Ihren Hund melden Sie innerhalb von zwei Wochen bei Ihrer Gemeinde an.', synonyms: ['Hundemarke'], sections: { quickborn: { office: 'Steuerabteilung im Rathaus Quickborn', department: 'buergerbuero' } } },
    ]);
    const beforeSecond = snapshot(dir);

    const changed = withChangedText(ID.hundesteuer, '06', '<p>Wenn Sie einen Hund halten, melden Sie ihn innerhalb von vier Wochen bei Ihrer Stadt, Gemeinde oder Ihrem Amt zur Hundesteuer an. Das gilt auch, wenn Sie mit Ihrem Hund zuziehen.</p><p>Sie erhalten eine Steuermarke, die Ihr Hund außerhalb Ihrer Wohnung oder Ihres Grundstücks sichtbar tragen muss.</p>');
    const second = await run(dir, changed);
    if (!second.ok) throw new Error(`import refused: ${JSON.stringify(second)}`);
    expect(second.report.created).toEqual([]);
    expect(second.report.changedUpstream.map((c) => c.id)).toEqual(['hundesteuer-anmeldung']);
    expect(second.report.changedUpstream[0]?.diff).toEqual([
      expect.stringMatching(/^- Wenn Sie einen Hund halten, melden Sie ihn innerhalb von zwei Wochen/),
      expect.stringMatching(/^\+ Wenn Sie einen Hund halten, melden Sie ihn innerhalb von vier Wochen/),
    ]);
    expect([...second.report.updatedSource].sort()).toEqual(['gewerbe-anmelden-2', 'reisepass', 'schwerbehindertenausweis-beantragen', 'wohngeld-als-mietzuschuss-beantragen']);

    // Byte for byte, every file is what it was but for the source block; no file came or went.
    const afterSecond = snapshot(dir);
    expect([...afterSecond.keys()].sort()).toEqual([...beforeSecond.keys()].sort());
    for (const [name, text] of beforeSecond) expect(withoutSourceBlock(afterSecond.get(name)!), name).toBe(withoutSourceBlock(text));
    const untouched = second.report.untouched.map((id) => [...beforeSecond.keys()].find((n) => n.endsWith(`/${id}.yaml`))!);
    for (const name of untouched) expect(afterSecond.get(name), name).toBe(beforeSecond.get(name));
    expect((await articlesOf(dir)).get('hundesteuer-anmeldung')?.source?.text).toContain('innerhalb von vier Wochen');
  });

  it('refuses a directory with a broken file: nothing fetched, nothing written, every problem listed', async () => {
    const dir = copyOfSampleKnowledge();
    writeFileSync(join(dir, 'articles/kaputt.yaml'), 'id: kaputt\nkind: service\nstatus: veroeffentlicht\n');
    const before = snapshot(dir);
    const source = counting(recordedCatalogue(fixture(), 'fixture'));
    const outcome = await run(dir, fixture(), source);
    expect(outcome.ok).toBe(false);
    if (outcome.ok || outcome.stage !== 'files') throw new Error('expected the files to be refused');
    expect(outcome.problems.every((p) => p.file === 'articles/kaputt.yaml')).toBe(true);
    expect(outcome.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['status', 'title', 'answer', 'checked']));
    expect(source.calls).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('writes nothing when the catalogue fails part way, or in a dry run', async () => {
    const dir = copyOfSampleKnowledge();
    const before = snapshot(dir);
    const incomplete = fixture();
    delete (incomplete.descriptions as Record<string, unknown>)[ID.wohngeld];
    const failed = await run(dir, incomplete);
    expect(failed).toMatchObject({ ok: false, stage: 'catalogue', error: { code: 'CATALOGUE_UNAVAILABLE' } });
    expect(snapshot(dir)).toEqual(before);

    const dry = await run(dir, fixture(), undefined, true);
    expect(dry).toMatchObject({ ok: true, written: false });
    expect(dry.ok && dry.files).toHaveLength(5);
    expect(snapshot(dir)).toEqual(before);
  });
});
