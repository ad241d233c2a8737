import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Article } from '../../../src/knowledge/article.js';
import { loadKnowledgeDirectory, writeKnowledgeDirectory } from '../../../src/knowledge/article-files.js';
import { formatArticleProblem, type ArticleProblem } from '../../../src/knowledge/article-problem.js';
import { articleToYaml, parseArticleYaml } from '../../../src/knowledge/article-yaml.js';
import type { KnowledgeContext } from '../../../src/knowledge/knowledge-context.js';

const context: KnowledgeContext = {
  towns: [
    { id: 'quickborn', name: 'Quickborn', departments: ['buergerbuero', 'ordnungsamt', 'bauamt'] },
    { id: 'hasloh', name: 'Hasloh', departments: ['buergerbuero'] },
  ],
  today: '2026-06-15',
};

const tmp = mkdtempSync(join(tmpdir(), 'knowledge-files-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const newDir = (): string => {
  const dir = join(tmp, `k${++dirs}`);
  mkdirSync(join(dir, 'articles'), { recursive: true });
  mkdirSync(join(dir, 'towns'), { recursive: true });
  return dir;
};

const article = (fields: Partial<Article> & Pick<Article, 'id'>): Article => ({
  kind: 'service',
  status: 'published',
  title: `Titel ${fields.id}`,
  synonyms: [],
  answer: 'Eine kurze Antwort.',
  documents: [],
  links: [],
  checked: { on: '2026-06-01', by: 'Redaktion' },
  sections: {},
  ...fields,
});

/** Texts that tempt a YAML writer to lose something: spaces, quotes, markers, line breaks, umlauts. */
const TRICKY: Article = article({
  id: 'schwierige-texte',
  title: 'Titel: mit Doppelpunkt # und Raute',
  synonyms: ['- Spiegelstrich', '"zitiert"', 'true', '0815', '2026-01-01', '  führende Leerzeichen', 'nachlaufend  '],
  leika: '01234567890123',
  answer: `Zwei  Leerzeichen, „Anführungszeichen“ und 'einfache', ein Doppelpunkt: hier. ${'Ein langer Satz ohne Umbruch. '.repeat(8)}Ende.`,
  documents: ['Kurz', `Lang ${'und lang '.repeat(12)}`, 'Zeile eins\nZeile zwei\n\n  eingerückt'],
  fees: '70 Euro (ab 24 Jahren); 37,50 Euro darunter',
  links: [{ title: 'Behördennummer 115', url: 'https://www.115.de/?a=1&b=2#x' }],
  sections: {
    quickborn: { phone: '04106 611-0', handledByCounty: false, department: 'buergerbuero', text: 'Text mit\nZeilenumbruch und nachlaufendem Leerzeichen \nam Zeilenende.' },
    kreis: { phone: '115', text: '' + 'x'.repeat(150) },
    hasloh: {},
  },
  source: { catalogue: 'pvog', id: 'S100', fetchedAt: '2026-06-01T08:00:00Z', text: 'Katalog\n\n- Punkt eins\n- Punkt zwei\n' },
});

describe('articleToYaml and parseArticleYaml', () => {
  it('round trip: an article survives writing and reading, and writes the same bytes again', () => {
    const text = articleToYaml(TRICKY);
    const read = parseArticleYaml(text, 'articles/schwierige-texte.yaml', context);
    expect(read.ok ? [] : read.problems.map(formatArticleProblem)).toEqual([]);
    if (!read.ok) return;
    expect(read.article).toEqual(TRICKY);
    expect(articleToYaml(read.article)).toBe(text);
  });

  it('writes a fixed key order, whatever order the article was built in, and leaves out empty lists', () => {
    const shuffled = Object.fromEntries(Object.entries(TRICKY).reverse()) as unknown as Article;
    expect(articleToYaml(shuffled)).toBe(articleToYaml(TRICKY));
    const keys = articleToYaml(article({ id: 'x' }))
      .split('\n')
      .filter((l) => /^\w/.test(l))
      .map((l) => l.split(':')[0]);
    expect(keys).toEqual(['id', 'kind', 'status', 'title', 'answer', 'checked']);
    expect(articleToYaml(TRICKY).indexOf('  quickborn:')).toBeLessThan(articleToYaml(TRICKY).indexOf('  kreis:'));
  });

  it('writes the spoken answer and long texts in block style', () => {
    const text = articleToYaml(TRICKY);
    expect(text).toMatch(/^answer: >-\n {2}Zwei {2}Leerzeichen/m);
    expect(articleToYaml(article({ id: 'kurz', answer: 'Ja.' }))).toContain('answer: >-\n  Ja.\n');
  });

  it('points a problem at its line', () => {
    const text = articleToYaml(article({ id: 'x', sections: { hasloh: { department: 'bauamt' } } }));
    const read = parseArticleYaml(text, 'articles/x.yaml', context);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('department: bauamt')) + 1;
    expect(read.problems).toEqual([
      { file: 'articles/x.yaml', path: 'sections.hasloh.department', message: 'Fachbereich „bauamt“ gibt es in Hasloh nicht; vorhanden: buergerbuero', line },
    ]);
  });
});

describe('writeKnowledgeDirectory and loadKnowledgeDirectory', () => {
  const articles = [TRICKY, article({ id: 'reisepass', leika: '12345678901234' }), article({ id: 'hasloh', kind: 'town-facts', municipality: 'hasloh' })];

  it('articles → files → articles gives equal articles, town facts under towns/', async () => {
    const dir = newDir();
    expect((await writeKnowledgeDirectory(dir, articles)).sort()).toEqual(['articles/reisepass.yaml', 'articles/schwierige-texte.yaml', 'towns/hasloh.yaml']);
    const loaded = await loadKnowledgeDirectory(dir, context);
    expect(loaded.ok ? [] : loaded.problems.map(formatArticleProblem)).toEqual([]);
    if (!loaded.ok) return;
    expect([...loaded.articles].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...articles].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('writing unchanged articles touches no file', async () => {
    const dir = newDir();
    await writeKnowledgeDirectory(dir, articles);
    const before = readFileSync(join(dir, 'articles/reisepass.yaml'));
    expect(await writeKnowledgeDirectory(dir, articles)).toEqual([]);
    expect(readFileSync(join(dir, 'articles/reisepass.yaml')).equals(before)).toBe(true);
    expect(await writeKnowledgeDirectory(dir, [{ ...articles[1]!, title: 'Neu' }])).toEqual(['articles/reisepass.yaml']);
    expect(readdirSync(join(dir, 'articles')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('a missing directory is one problem, not an exception', async () => {
    const loaded = await loadKnowledgeDirectory(join(tmp, 'gibt-es-nicht'), context);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]!.message).toMatch(/ist nicht lesbar/);
  });
});

describe('a bad set of files', () => {
  const write = (dir: string, file: string, content: unknown) =>
    writeFileSync(join(dir, file), typeof content === 'string' ? content : stringify(content));
  const yamlOf = (a: Article) => articleToYaml(a);

  const dir = newDir();
  write(dir, 'articles/reisepass.yaml', yamlOf(article({ id: 'reisepass', leika: '12345678901234' })));
  write(dir, 'articles/syntax.yaml', 'id: syntax\ntitle: [nicht geschlossen\n');
  write(dir, 'articles/doppelt.yaml', 'id: doppelt\nid: doppelt\n');
  write(dir, 'articles/leer.yaml', '');
  write(dir, 'articles/falsch.yaml', {
    ...article({ id: 'falsch-benannt', leika: '12345678901234' }),
    links: [{ title: 'alt', url: 'http://www.quickborn.de' }],
    sections: { hasloh: { department: 'bauamt' } },
  });
  write(dir, 'articles/ort.yaml', yamlOf(article({ id: 'ort', kind: 'town-facts', municipality: 'quickborn' })));
  write(dir, 'articles/alt.yml', yamlOf(article({ id: 'alt' })));
  write(dir, 'articles/notiz.txt', 'not an article, ignored');
  write(dir, 'towns/quickborn.yaml', yamlOf(article({ id: 'quickborn', kind: 'town-facts', municipality: 'quickborn' })));
  write(dir, 'towns/reisepass.yaml', yamlOf(article({ id: 'reisepass' })));

  const expected: [file: string, path: string, message: RegExp][] = [
    ['articles/alt.yml', '', /enden auf \.yaml/],
    ['articles/doppelt.yaml', '', /ein Feld steht zweimal/],
    ['articles/falsch.yaml', 'id', /muss wie die Datei heißen \(„falsch“\)/],
    ['articles/falsch.yaml', 'links[0].url', /https/],
    ['articles/falsch.yaml', 'sections.hasloh.department', /Fachbereich „bauamt“ gibt es in Hasloh nicht/],
    ['articles/leer.yaml', '', /die Datei ist leer/],
    // falsch.yaml comes first: though broken itself, its key still counts.
    ['articles/reisepass.yaml', 'leika', /LeiKa-Schlüssel 12345678901234 steht schon in articles\/falsch\.yaml/],
    ['articles/ort.yaml', 'kind', /gehören in das Verzeichnis towns\//],
    ['articles/syntax.yaml', '', /YAML-Syntaxfehler/],
    ['towns/quickborn.yaml', 'municipality', /für „quickborn“ gibt es schon einen Ortsartikel \(articles\/ort\.yaml\)/],
    ['towns/reisepass.yaml', 'id', /die Kennung „reisepass“ gibt es schon in articles\/reisepass\.yaml/],
    ['towns/reisepass.yaml', 'kind', /gehören in das Verzeichnis articles\//],
  ];

  it('loads nothing and lists every problem of every file', async () => {
    const loaded = await loadKnowledgeDirectory(dir, context);
    expect(loaded.ok).toBe(false);
    expect('articles' in loaded).toBe(false);
    if (loaded.ok) return;
    const unmatched = loaded.problems.filter((p) => !expected.some(([file, path, message]) => p.file === file && p.path === path && message.test(p.message)));
    expect(unmatched.map(formatArticleProblem)).toEqual([]);
    for (const [file, path, message] of expected) {
      expect(loaded.problems.some((p: ArticleProblem) => p.file === file && p.path === path && message.test(p.message)), `${file}: ${path}: ${message}`).toBe(true);
    }
  });

  it('lists problems in file order', async () => {
    const loaded = await loadKnowledgeDirectory(dir, context);
    if (loaded.ok) throw new Error('expected problems');
    const files = loaded.problems.map((p) => p.file);
    expect(files).toEqual([...files].sort());
  });
});
