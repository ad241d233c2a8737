import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDeployment } from '../../../src/config/load-deployment.js';
import { loadKnowledgeDirectory } from '../../../src/knowledge/article-files.js';
import { formatArticleProblem } from '../../../src/knowledge/article-problem.js';
import { knowledgeContextOf } from '../../../src/knowledge/knowledge-context.js';
import { KnowledgeSearch } from '../../../src/knowledge/search.js';

/** The search over the sample county's shipped articles (config/knowledge/), as agents would type. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let search = new KnowledgeSearch([]);
beforeAll(async () => {
  const loaded = await loadKnowledgeDirectory(join(ROOT, 'config/knowledge'), knowledgeContextOf(loadDeployment(join(ROOT, 'config/county.yaml'))));
  expect(loaded.ok ? [] : loaded.problems.map(formatArticleProblem)).toEqual([]);
  if (loaded.ok) search = new KnowledgeSearch(loaded.articles);
});

const first = (query: string, municipality?: string): string | undefined =>
  search.search(query, municipality === undefined ? {} : { municipality })[0]?.id;

describe('the search over the sample county’s articles', () => {
  it.each([
    ['Perso', 'personalausweis'],
    ['Reisepässe ', 'reisepass'],
    ['reisep', 'reisepass'],
    ['Personalausweisantrag ', 'personalausweis'],
    ['Hundesteueranmeldung ', 'hund-anmelden'],
    ['Sperrmülltermin ', 'sperrmuell'],
    ['Gewerbeanmeldnug ', 'gewerbe-anmelden'],
    ['Ausweis verloren ', 'ausweis-verloren'],
    ['Fuehrerschein ', 'fuehrerschein'],
    ['Kfz abmelden ', 'kfz-abmeldung'],
    ['Wohnsitzanmeldung ', 'wohnsitz-anmelden'],
    ['Elterngeldantrag ', 'elterngeld'],
  ])('%j finds %s first', (query, id) => {
    expect(first(query)).toBe(id);
  });

  it('puts the facts of the call’s town first', () => {
    for (const town of ['quickborn', 'boenningstedt', 'hasloh']) expect(first('Bürgerbüro Öffnungszeiten ', town)).toBe(town);
  });
});
