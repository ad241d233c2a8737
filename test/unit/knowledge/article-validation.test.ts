import { describe, expect, it } from 'vitest';
import { formatArticleProblem, type ArticleProblem } from '../../../src/knowledge/article-problem.js';
import { ANSWER_MAX_CHARS, validateArticle } from '../../../src/knowledge/article-schema.js';
import type { KnowledgeContext } from '../../../src/knowledge/knowledge-context.js';

const context: KnowledgeContext = {
  towns: [
    { id: 'quickborn', name: 'Quickborn', departments: ['buergerbuero', 'ordnungsamt', 'bauamt'] },
    { id: 'hasloh', name: 'Hasloh', departments: ['buergerbuero'] },
  ],
  today: '2026-06-15',
};

/** A valid article as parsed from YAML, with `changes` merged in (undefined removes a field). */
const raw = (changes: Record<string, unknown> = {}): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    id: 'reisepass',
    kind: 'service',
    status: 'published',
    title: 'Reisepass beantragen',
    synonyms: ['Pass'],
    leika: '12345678901234',
    answer: 'Den Reisepass beantragen Sie im Bürgerbüro.',
    documents: ['Personalausweis'],
    links: [{ title: '115', url: 'https://www.115.de' }],
    checked: { on: '2026-06-01', by: 'Redaktion' },
    sections: { hasloh: { department: 'buergerbuero' }, kreis: { office: 'Kreis Pinneberg' } },
  };
  const merged = { ...base, ...changes };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
};

const problemsOf = (input: unknown, fileName = 'reisepass.yaml'): readonly ArticleProblem[] => {
  const result = validateArticle(input, context, fileName);
  if (result.ok) throw new Error('expected the article to be rejected');
  return result.problems;
};

/** The one problem at `path`; fails when there is none or several. */
const problemAt = (input: unknown, path: string, fileName?: string): ArticleProblem => {
  const at = problemsOf(input, fileName).filter((p) => p.path === path);
  expect(at, `problems at ${path}`).toHaveLength(1);
  return at[0]!;
};

describe('validateArticle: a valid article', () => {
  it('is accepted as an Article, lists defaulting to empty', () => {
    const result = validateArticle(raw({ synonyms: undefined, documents: undefined, links: undefined, sections: undefined }), context, 'reisepass.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.article.id).toBe('reisepass');
    expect(result.article.synonyms).toEqual([]);
    expect(result.article.sections).toEqual({});
  });

  it('needs no file name', () => {
    expect(validateArticle(raw({ id: 'anything' }), context).ok).toBe(true);
  });
});

describe('validateArticle: each rule rejects with a message an editor understands', () => {
  it('names the file, the field and the town, as one line', () => {
    const p = problemAt(raw({ sections: { hasloh: { department: 'bauamt' } } }), 'sections.hasloh.department');
    expect(formatArticleProblem(p)).toBe('reisepass.yaml: sections.hasloh.department: Fachbereich „bauamt“ gibt es in Hasloh nicht; vorhanden: buergerbuero');
  });

  it('reports every problem of the file at once', () => {
    const problems = problemsOf(
      raw({ id: 'Reisepass', leika: '123', links: [{ title: 'x', url: 'http://example.org' }], answer: '', sections: { elmshorn: {} }, farbe: 'blau' }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['answer', 'farbe', 'id', 'id', 'leika', 'links[0].url', 'sections.elmshorn']);
    for (const p of problems) expect(p.file).toBe('reisepass.yaml');
  });

  it('unknown fields are errors, at every level, each named', () => {
    const problems = problemsOf(raw({ titel: 'x', checked: { on: '2026-06-01', by: 'R', von: 'x' }, sections: { hasloh: { telefon: '1' } } }));
    expect(problems.map((p) => p.path).sort()).toEqual(['checked.von', 'sections.hasloh.telefon', 'titel']);
    const titel = problems.find((p) => p.path === 'titel')!;
    expect(titel.message).toMatch(/unbekanntes Feld „titel“ \(vertippt\?\); erlaubt sind: id, kind, status, title/);
    expect(problems.find((p) => p.path === 'sections.hasloh.telefon')!.message).toMatch(/erlaubt sind: office, address, hours, phone/);
  });

  it('a missing field, a wrong kind, an empty value', () => {
    expect(problemAt(raw({ title: undefined }), 'title').message).toBe('fehlt (Pflichtfeld)');
    expect(problemAt(raw({ kind: 'leistung' }), 'kind').message).toBe('„leistung“ ist nicht erlaubt; möglich: service, topic, town-facts');
    expect(problemAt(raw({ fees: null }), 'fees').message).toMatch(/ist leer/);
    expect(problemAt(raw({ synonyms: ['Pass', ' '] }), 'synonyms[1]').message).toBe('darf nicht leer sein');
    expect(problemAt(raw({ synonyms: 'Pass' }), 'synonyms').message).toBe('muss eine Liste sein, ist aber Text');
  });

  it('id: a slug of at most 60 characters, equal to the file name', () => {
    expect(problemAt(raw({ id: 'führerschein' }), 'id', 'führerschein.yaml').message).toMatch(/nur Kleinbuchstaben a–z, Ziffern und Bindestriche/);
    expect(problemAt(raw({ id: 'a'.repeat(61) }), 'id', `${'a'.repeat(61)}.yaml`).message).toBe('höchstens 60 Zeichen');
    expect(problemAt(raw({ id: 'pass' }), 'id', 'articles/reisepass.yaml').message).toBe(
      'die Kennung „pass“ muss wie die Datei heißen („reisepass“): Datei umbenennen oder Kennung anpassen',
    );
  });

  it('leika: exactly 14 digits, quoted, and only on services', () => {
    expect(problemAt(raw({ leika: '1234567890123' }), 'leika').message).toMatch(/genau 14 Ziffern/);
    expect(problemAt(raw({ leika: '1234 5678 9012 34' }), 'leika').message).toMatch(/genau 14 Ziffern/);
    expect(problemAt(raw({ leika: 12345678901234 }), 'leika').message).toMatch(/in Anführungszeichen/);
    expect(problemAt(raw({ kind: 'topic' }), 'leika').message).toBe('nur Leistungen (kind: service) haben einen LeiKa-Schlüssel, dieser Artikel ist kind: topic');
  });

  it('links: https only', () => {
    expect(problemAt(raw({ links: [{ title: 'Stadt', url: 'http://www.quickborn.de' }] }), 'links[0].url').message).toMatch(/https/);
    expect(problemAt(raw({ links: [{ title: 'Stadt', url: 'www.quickborn.de' }] }), 'links[0].url').message).toMatch(/vollständige https-Adresse/);
    expect(problemAt(raw({ links: [{ url: 'https://www.115.de' }] }), 'links[0].title').message).toBe('fehlt (Pflichtfeld)');
  });

  it('checked.on: a real ISO date, not after today', () => {
    expect(problemAt(raw({ checked: { on: '04.06.2026', by: 'R' } }), 'checked.on').message).toMatch(/JJJJ-MM-TT/);
    expect(problemAt(raw({ checked: { on: '2026-02-30', by: 'R' } }), 'checked.on').message).toMatch(/gültiges Datum/);
    expect(problemAt(raw({ checked: { on: '2026-06-16', by: 'R' } }), 'checked.on').message).toBe(
      'das Prüfdatum 2026-06-16 liegt in der Zukunft (heute ist 2026-06-15): eingetragen wird der Tag, an dem der Inhalt geprüft wurde',
    );
    expect(validateArticle(raw({ checked: { on: '2026-06-15', by: 'R' } }), context).ok).toBe(true);
    expect(problemAt(raw({ checked: { on: '2026-06-01' } }), 'checked.by').message).toBe('fehlt (Pflichtfeld)');
  });

  it('answer: not empty, and short enough to be read aloud', () => {
    expect(problemAt(raw({ answer: '  ' }), 'answer').message).toBe('darf nicht leer sein');
    expect(validateArticle(raw({ answer: 'ä'.repeat(ANSWER_MAX_CHARS) }), context).ok).toBe(true);
    const long = problemAt(raw({ answer: 'a'.repeat(ANSWER_MAX_CHARS + 1) }), 'answer').message;
    expect(long).toMatch(/701 Zeichen, höchstens 700/);
    expect(long).toMatch(/am Telefon vorgelesen/);
  });

  it('municipality: required for town facts, a known town, and only there', () => {
    const townFacts = (changes: Record<string, unknown>) => raw({ kind: 'town-facts', leika: undefined, ...changes });
    expect(validateArticle(townFacts({ municipality: 'hasloh' }), context).ok).toBe(true);
    expect(problemAt(townFacts({}), 'municipality').message).toBe('fehlt: ein Ortsartikel (kind: town-facts) nennt die Gemeinde, die er beschreibt (quickborn, hasloh)');
    expect(problemAt(townFacts({ municipality: 'elmshorn' }), 'municipality').message).toBe('unbekannte Gemeinde „elmshorn“; möglich: quickborn, hasloh');
    expect(problemAt(raw({ municipality: 'hasloh' }), 'municipality').message).toMatch(/nur Ortsartikel \(kind: town-facts\) haben das Feld municipality/);
  });

  it('sections: keyed by known towns or kreis', () => {
    expect(problemAt(raw({ sections: { elmshorn: { office: 'x' } } }), 'sections.elmshorn').message).toBe(
      'unbekannte Gemeinde „elmshorn“; Abschnitte gibt es für quickborn, hasloh und kreis (der Kreis selbst)',
    );
    expect(validateArticle(raw({ sections: { quickborn: {}, hasloh: {}, kreis: {} } }), context).ok).toBe(true);
  });

  it('sections: a department from that town’s directory; none for the county', () => {
    expect(validateArticle(raw({ sections: { quickborn: { department: 'bauamt' } } }), context).ok).toBe(true);
    expect(problemAt(raw({ sections: { kreis: { department: 'buergerbuero' } } }), 'sections.kreis.department').message).toMatch(
      /der Kreis hat in der Konfiguration keine Fachbereiche/,
    );
    expect(problemAt(raw({ sections: { kreis: { handledByCounty: true } } }), 'sections.kreis.handledByCounty').message).toMatch(
      /gehört in die Abschnitte der Gemeinden/,
    );
  });

  it('sections: field types', () => {
    expect(problemAt(raw({ sections: { hasloh: { phone: 41066030 } } }), 'sections.hasloh.phone').message).toMatch(/in Anführungszeichen/);
    expect(problemAt(raw({ sections: { hasloh: { phone: 'ruf an' } } }), 'sections.hasloh.phone').message).toMatch(/nur aus Ziffern/);
    expect(problemAt(raw({ sections: { hasloh: { handledByCounty: 'ja' } } }), 'sections.hasloh.handledByCounty').message).toBe(
      'muss true oder false sein, ist aber Text',
    );
  });

  it('source: a catalogue import’s origin', () => {
    const source = { catalogue: 'pvog', id: 'x1', fetchedAt: '2026-06-01T08:00:00Z', text: 'Katalogtext' };
    expect(validateArticle(raw({ status: 'draft', source }), context).ok).toBe(true);
    expect(problemAt(raw({ source: { ...source, catalogue: 'leika' } }), 'source.catalogue').message).toBe('muss „pvog“ sein');
    expect(problemAt(raw({ source: { ...source, fetchedAt: 'gestern' } }), 'source.fetchedAt').message).toMatch(/Zeitpunkt/);
  });

  it('rules still report when the rest of the file is broken', () => {
    const problems = problemsOf({ id: 'x', kind: 'service', sections: { hasloh: { department: 'bauamt' } }, checked: { on: '2099-01-01' } }, 'y.yaml');
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['id', 'status', 'title', 'answer', 'checked.by', 'checked.on', 'sections.hasloh.department']));
  });

  it('something that is not an article at all', () => {
    expect(problemsOf(['a', 'b'])).toEqual([{ file: 'reisepass.yaml', path: '', message: 'muss ein Abschnitt mit Feldern sein, ist aber eine Liste' }]);
  });
});
