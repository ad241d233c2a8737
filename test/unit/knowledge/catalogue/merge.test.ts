import { describe, expect, it } from 'vitest';
import type { Article } from '../../../../src/knowledge/article.js';
import type { CatalogueService } from '../../../../src/knowledge/catalogue/catalogue-service.js';
import { lineChanges, shortLineDiff } from '../../../../src/knowledge/catalogue/line-diff.js';
import { mergeCatalogue } from '../../../../src/knowledge/catalogue/merge.js';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const LATER = Date.parse('2026-12-01T09:00:00Z');

const service = (leika: string, title: string, text = `Beschreibung\n${title}: der Katalogtext.`): CatalogueService => ({
  id: `L1.LB.${leika.slice(-4)}`,
  leika,
  title,
  regions: ['010560000000'],
  summary: `${title}: der Katalogtext.`,
  text,
  documents: [],
  links: [],
});

/** An article as an editor left it: own title, answer, synonyms, sections, published. */
const edited = (fields: Partial<Article> & Pick<Article, 'id'>): Article => ({
  kind: 'service',
  status: 'published',
  title: 'Hund anmelden (Hundesteuer)',
  synonyms: ['Hundemarke'],
  answer: 'Melden Sie Ihren Hund innerhalb von zwei Wochen bei Ihrer Gemeinde an.',
  documents: ['Chipnummer des Hundes'],
  fees: 'laut Satzung',
  links: [],
  checked: { on: '2026-10-01', by: 'Redaktion' },
  sections: { quickborn: { office: 'Steueramt Quickborn', department: 'buergerbuero' }, kreis: { phone: '115' } },
  ...fields,
});

const withoutSource = ({ source: _source, ...rest }: Article): Omit<Article, 'source'> => rest;

describe('mergeCatalogue', () => {
  it('a LeiKa key no article has becomes a draft; the id comes from the title and is unique', () => {
    const existing = [edited({ id: 'reisepass-beantragen' })];
    const { articles, report } = mergeCatalogue(existing, [service('99085001012000', 'Reisepass beantragen')], NOW);
    expect(articles.map((a) => [a.id, a.status, a.leika])).toEqual([['reisepass-beantragen-2', 'draft', '99085001012000']]);
    expect(report.created).toEqual([{ id: 'reisepass-beantragen-2', leika: '99085001012000', title: 'Reisepass beantragen', resembles: 'reisepass-beantragen' }]);
    expect(report.untouched).toEqual(['reisepass-beantragen']);
  });

  it('an article with the key keeps every editor field: only source is set', () => {
    const mine = edited({ id: 'hund-anmelden', leika: '99102013104000' });
    const { articles, report } = mergeCatalogue([mine], [service('99102013104000', 'Hundesteuer Anmeldung')], NOW);
    expect(articles).toHaveLength(1);
    expect(withoutSource(articles[0]!)).toEqual(mine);
    expect(articles[0]!.source).toEqual({ catalogue: 'pvog', id: 'L1.LB.4000', fetchedAt: '2026-11-02T09:00:00.000Z', text: 'Beschreibung\nHundesteuer Anmeldung: der Katalogtext.' });
    // It had no catalogue text before: the whole text is new to the editor.
    expect(report.changedUpstream).toEqual([
      { id: 'hund-anmelden', leika: '99102013104000', title: 'Hund anmelden (Hundesteuer)', before: '', after: articles[0]!.source!.text, diff: ['+ Beschreibung', '+ Hundesteuer Anmeldung: der Katalogtext.'] },
    ]);
    expect(report.created).toEqual([]);
  });

  it('the same text again: the source is refreshed (new date), reported as unchanged', () => {
    const first = mergeCatalogue([], [service('99102013104000', 'Hundesteuer Anmeldung')], NOW).articles[0]!;
    const editorsDraft: Article = { ...first, answer: 'Neu formuliert.', sections: { hasloh: { text: 'Im Amt Pinnau.' } } };
    const { articles, report } = mergeCatalogue([editorsDraft], [service('99102013104000', 'Hundesteuer Anmeldung')], LATER);
    expect(report.updatedSource).toEqual([first.id]);
    expect(report.changedUpstream).toEqual([]);
    expect(withoutSource(articles[0]!)).toEqual(withoutSource(editorsDraft));
    expect(articles[0]!.source?.fetchedAt).toBe('2026-12-01T09:00:00.000Z');
  });

  it('a changed catalogue text is reported with a line diff, the article still keeps its fields', () => {
    const before = 'Beschreibung\nAnmeldung innerhalb von zwei Wochen.\n\nKosten\nlaut Satzung';
    const after = 'Beschreibung\nAnmeldung innerhalb von vier Wochen.\n\nKosten\nlaut Satzung';
    const mine = edited({ id: 'hund-anmelden', leika: '99102013104000', source: { catalogue: 'pvog', id: 'L1.LB.4000', fetchedAt: '2026-11-02T09:00:00.000Z', text: before } });
    const { articles, report } = mergeCatalogue([mine], [service('99102013104000', 'Hundesteuer Anmeldung', after)], LATER);
    expect(report.changedUpstream).toEqual([
      { id: 'hund-anmelden', leika: '99102013104000', title: 'Hund anmelden (Hundesteuer)', before, after, diff: ['- Anmeldung innerhalb von zwei Wochen.', '+ Anmeldung innerhalb von vier Wochen.'] },
    ]);
    expect(withoutSource(articles[0]!)).toEqual(withoutSource(mine));
    expect(articles[0]!.source?.text).toBe(after);
  });

  it('nothing to write when the source is already what the import would set', () => {
    const first = mergeCatalogue([], [service('99102013104000', 'Hundesteuer Anmeldung')], NOW).articles[0]!;
    const again = mergeCatalogue([first], [service('99102013104000', 'Hundesteuer Anmeldung')], NOW);
    expect(again.articles).toEqual([]);
    expect(again.report.updatedSource).toEqual([first.id]);
  });

  it('a retired article with the key is refreshed, not replaced by a new draft, unless another one has the key', () => {
    const retired = edited({ id: 'hund-alt', status: 'retired', leika: '99102013104000' });
    const current = edited({ id: 'hund-neu', leika: '99102013104000' });
    expect(mergeCatalogue([retired], [service('99102013104000', 'Hund')], NOW).articles.map((a) => [a.id, a.status])).toEqual([['hund-alt', 'retired']]);
    expect(mergeCatalogue([retired, current], [service('99102013104000', 'Hund')], NOW).articles.map((a) => a.id)).toEqual(['hund-neu']);
  });

  it('a second description for the same key is ignored: the first one stands', () => {
    const { articles } = mergeCatalogue([], [service('99102013104000', 'Eins'), service('99102013104000', 'Zwei')], NOW);
    expect(articles.map((a) => a.title)).toEqual(['Eins']);
  });
});

describe('line diff', () => {
  it('removed lines before added ones, unchanged lines left out', () => {
    expect(lineChanges('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual(['- b', '+ B', '+ e']);
    expect(lineChanges('', 'x')).toEqual(['+ x']);
    expect(lineChanges('x', '')).toEqual(['- x']);
  });

  it('short: long lines clipped, at most 12 lines and a count of the rest', () => {
    const before = Array.from({ length: 20 }, (_, i) => `Zeile ${i}`).join('\n');
    const diff = shortLineDiff(before, `${'x'.repeat(300)}`);
    expect(diff).toHaveLength(13);
    expect(diff[12]).toBe('… und 9 weitere geänderte Zeilen');
    expect(shortLineDiff('a', 'y'.repeat(300))[1]).toHaveLength(160);
  });
});
