import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeployment } from '../../../src/config/load-deployment.js';
import type { Article } from '../../../src/knowledge/article.js';
import { loadKnowledgeDirectory, writeKnowledgeDirectory } from '../../../src/knowledge/article-files.js';
import { formatArticleProblem } from '../../../src/knowledge/article-problem.js';
import { knowledgeContextOf } from '../../../src/knowledge/knowledge-context.js';

/** The sample county's knowledge base as shipped: config/knowledge/ checked against config/county.yaml. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KNOWLEDGE = join(ROOT, 'config/knowledge');
const deployment = loadDeployment(join(ROOT, 'config/county.yaml'));
const context = knowledgeContextOf(deployment);
const tmp = mkdtempSync(join(tmpdir(), 'county-knowledge-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const filesUnder = (dir: string): string[] =>
  ['articles', 'towns'].flatMap((folder) => readdirSync(join(dir, folder)).map((name) => `${folder}/${name}`)).sort();

let articles: readonly Article[] = [];
beforeAll(async () => {
  const loaded = await loadKnowledgeDirectory(KNOWLEDGE, context);
  // Printed in full so that a failing run says what to fix.
  expect(loaded.ok ? [] : loaded.problems.map(formatArticleProblem)).toEqual([]);
  if (loaded.ok) articles = loaded.articles;
});

describe('the sample county’s knowledge base (config/knowledge)', () => {
  it('has at least 40 published service and topic articles', () => {
    const content = articles.filter((a) => a.kind === 'service' || a.kind === 'topic');
    expect(content.length).toBeGreaterThanOrEqual(40);
    expect(content.every((a) => a.status === 'published')).toBe(true);
  });

  it('has one town-facts article for each town of the deployment', () => {
    const towns = articles.filter((a) => a.kind === 'town-facts').map((a) => a.municipality);
    expect(towns.sort()).toEqual(deployment.towns.map((t) => t.id).sort());
  });

  it('covers what callers ask about most, each with synonyms and a checked date', () => {
    const ids = new Set(articles.map((a) => a.id));
    for (const id of ['personalausweis', 'reisepass', 'wohnsitz-anmelden', 'gewerbe-anmelden', 'wohngeld', 'kfz-zulassung', 'briefwahl']) {
      expect(ids.has(id), id).toBe(true);
    }
    for (const a of articles) expect(a.synonyms.length, a.id).toBeGreaterThan(0);
  });

  it('sends vehicle registration to the county for every town', () => {
    const kfz = articles.find((a) => a.id === 'kfz-zulassung')!;
    for (const town of deployment.towns) expect(kfz.sections[town.id]?.handledByCounty, town.id).toBe(true);
    expect(kfz.sections['kreis']?.office).toMatch(/Zulassungsstelle/);
  });

  it('files → articles → files gives the same bytes', async () => {
    const out = join(tmp, 'written');
    await writeKnowledgeDirectory(out, articles);
    expect(filesUnder(out)).toEqual(filesUnder(KNOWLEDGE));
    for (const file of filesUnder(KNOWLEDGE)) expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(KNOWLEDGE, file), 'utf8'));
  });

  it('writing the loaded articles back changes no file', async () => {
    const copy = join(tmp, 'copy');
    cpSync(KNOWLEDGE, copy, { recursive: true });
    expect(await writeKnowledgeDirectory(copy, articles)).toEqual([]);
  });
});
