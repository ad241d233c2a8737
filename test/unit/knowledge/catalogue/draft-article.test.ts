import { describe, expect, it } from 'vitest';
import { ANSWER_MAX_CHARS, validateArticle } from '../../../../src/knowledge/article-schema.js';
import { slugOf, uniqueArticleId } from '../../../../src/knowledge/catalogue/article-id.js';
import type { CatalogueService } from '../../../../src/knowledge/catalogue/catalogue-service.js';
import { draftArticleOf, IMPORTED_BY } from '../../../../src/knowledge/catalogue/draft-article.js';
import { cutAtSentence, draftAnswer, REWRITE_MARKER, sentencesOf } from '../../../../src/knowledge/catalogue/spoken-answer.js';
import { formatArticleProblem } from '../../../../src/knowledge/article-problem.js';

const NOW = Date.parse('2026-11-02T09:00:00Z');

const service = (fields: Partial<CatalogueService> = {}): CatalogueService => ({
  id: 'L100012.LB.2003',
  leika: '99102013104000',
  title: 'Hundesteuer Anmeldung',
  regions: ['010560000000'],
  summary: 'Wenn Sie einen Hund halten, melden Sie ihn innerhalb von zwei Wochen an. Das gilt auch beim Zuzug.',
  text: 'Beschreibung\nWenn Sie einen Hund halten, melden Sie ihn innerhalb von zwei Wochen an. Das gilt auch beim Zuzug.',
  documents: ['Angaben zum Hund'],
  fees: 'laut Hundesteuersatzung',
  office: 'Steuerabteilung der Gemeinde',
  links: [{ title: 'Zuständigkeitsfinder', url: 'https://zufish.schleswig-holstein.de/leistung/99102013104000' }],
  ...fields,
});

describe('sentencesOf and cutAtSentence', () => {
  it('splits after a sentence, not after an abbreviation, an ordinal or a number', () => {
    expect(sentencesOf('Bringen Sie z. B. den Ausweis mit. Am 1. Januar gilt Nr. 5 nach § 6 Abs. 2 der Satzung! Fertig?')).toEqual([
      'Bringen Sie z. B. den Ausweis mit.',
      'Am 1. Januar gilt Nr. 5 nach § 6 Abs. 2 der Satzung!',
      'Fertig?',
    ]);
  });

  it('keeps whole sentences that fit, and a text that fits as it is', () => {
    expect(cutAtSentence('Eins zwei. Drei vier. Fünf sechs.', 21)).toBe('Eins zwei. Drei vier.');
    expect(cutAtSentence('Eins zwei.   Drei vier.', 100)).toBe('Eins zwei. Drei vier.');
  });

  it('a first sentence too long on its own is cut at a word and ends with "…"', () => {
    const cut = cutAtSentence('Ein sehr langer Satz ohne jedes Ende in Sicht', 20);
    expect(cut).toBe('Ein sehr langer…');
    expect([...cut].length).toBeLessThanOrEqual(20);
  });
});

describe('draftAnswer', () => {
  it('is marked for rewriting and within the answer limit, however long the catalogue paragraph', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Das ist der ${i + 1}. Satz des Katalogtexts über die Leistung.`).join(' ');
    const answer = draftAnswer(long, 'Titel');
    expect(answer.startsWith(`${REWRITE_MARKER} `)).toBe(true);
    expect([...answer].length).toBeLessThanOrEqual(ANSWER_MAX_CHARS);
    expect(answer).toMatch(/Leistung\.$/);
  });

  it('falls back to the title when the catalogue gives no text', () => {
    expect(draftAnswer('  ', 'Hundesteuer Anmeldung')).toBe(`${REWRITE_MARKER} Hundesteuer Anmeldung.`);
  });
});

describe('article ids from titles', () => {
  it('spells out umlauts and ß, keeps a-z, 0-9 and single hyphens', () => {
    expect(slugOf('Größe & Maße: Straßenschäden (Überblick) – Ärger')).toBe('groesse-masse-strassenschaeden-ueberblick-aerger');
    expect(slugOf('Café-Erlaubnis')).toBe('cafe-erlaubnis');
  });

  it('at most 60 characters, cut at a hyphen', () => {
    const slug = slugOf('Antrag auf Erteilung einer Erlaubnis zur Sondernutzung öffentlicher Straßen und Wege');
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe('antrag-auf-erteilung-einer-erlaubnis-zur-sondernutzung');
  });

  it('unique: a number is added when the id is taken; an empty title falls back', () => {
    expect(uniqueArticleId('Reisepass', 'x', new Set(['reisepass', 'reisepass-2']))).toBe('reisepass-3');
    expect(uniqueArticleId('§§', 'leistung-99102013104000', new Set())).toBe('leistung-99102013104000');
  });
});

describe('draftArticleOf', () => {
  it('a service draft keyed by LeiKa, with source, date and checker, that passes validation', () => {
    const article = draftArticleOf(service(), 'hundesteuer-anmeldung', NOW, 'Europe/Berlin');
    expect(article).toMatchObject({
      id: 'hundesteuer-anmeldung',
      kind: 'service',
      status: 'draft',
      title: 'Hundesteuer Anmeldung',
      leika: '99102013104000',
      documents: ['Angaben zum Hund'],
      fees: 'laut Hundesteuersatzung',
      office: 'Steuerabteilung der Gemeinde',
      checked: { on: '2026-11-02', by: IMPORTED_BY },
      sections: {},
      source: { catalogue: 'pvog', id: 'L100012.LB.2003', fetchedAt: '2026-11-02T09:00:00.000Z', text: service().text },
    });
    expect(article.answer).toBe(`${REWRITE_MARKER} ${service().summary}`);
    expect('processingTime' in article).toBe(false);
    const validation = validateArticle(article, { towns: [], today: '2026-11-02' }, 'articles/hundesteuer-anmeldung.yaml');
    expect(validation.ok ? [] : validation.problems.map(formatArticleProblem)).toEqual([]);
  });

  it('dates checked.on in the deployment time zone (just after midnight in Berlin is the next day)', () => {
    expect(draftArticleOf(service(), 'x', Date.parse('2026-11-01T23:30:00Z'), 'Europe/Berlin').checked.on).toBe('2026-11-02');
  });
});
