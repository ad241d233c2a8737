import { describe, expect, it } from 'vitest';
import { foldGerman, germanStem, germanWords, StemCache } from '../../../src/knowledge/german-text.js';
import { indexedArticle } from '../../../src/knowledge/indexed-article.js';
import { COMMON_MIN_ARTICLES, MAX_COMPLETIONS, planQuery } from '../../../src/knowledge/search-query.js';
import { KnowledgeSearch, LOCAL_BOOST } from '../../../src/knowledge/search.js';
import { TermVocabulary } from '../../../src/knowledge/term-vocabulary.js';
import { article, SAMPLE_ARTICLES } from './sample-articles.js';

const search = new KnowledgeSearch(SAMPLE_ARTICLES);
/** Ids of the hits, best first. A trailing space means the agent finished the word (no prefix search). */
const ids = (query: string, municipality?: string): string[] =>
  search.search(query, municipality === undefined ? {} : { municipality }).map((h) => h.id);
const first = (query: string, municipality?: string): string | undefined => ids(query, municipality)[0];
/** What the sample index knows, for looking at a query's plan. */
const vocabulary = new TermVocabulary();
const stems = new StemCache();
for (const a of SAMPLE_ARTICLES) if (a.status === 'published') vocabulary.add(indexedArticle(a, stems).terms);
const plan = (query: string) => planQuery(query, vocabulary, search.stats().articles);

describe('knowledge search: German words', () => {
  it('finds an article by an inflected form of its words (Snowball German stem)', () => {
    expect(first('Reisepässe ')).toBe('reisepass');
    expect(first('Gewerbeanmeldungen ')).toBe('gewerbeanmeldung');
    // Matched as the same term, not by typo tolerance: the plan is one exact term.
    expect(plan('Reisepässe ')).toEqual([{ term: 'reisepass', word: 0, weight: 1, titlesOnly: false }]);
  });

  it('folds umlauts, their spelling with e, and ß both ways, and ignores case', () => {
    for (const query of ['Pässe ', 'Paesse ', 'Passe ', 'PÄSSE ']) expect(first(query), query).toBe('reisepass');
    for (const query of ['Straßenreinigung ', 'Strassenreinigung ', 'STRASSENREINIGUNG ']) expect(first(query), query).toBe('strassenreinigung');
    for (const query of ['Sperrmüll ', 'Sperrmuell ', 'Sperrmull ']) expect(first(query), query).toBe('sperrmuell');
    // Matched as the same word, not as a typo: without the fold, the stemmer leaves "paesse" apart from "pässe".
    expect(plan('Paesse ')).toEqual([{ term: 'pass', word: 0, weight: 1, titlesOnly: false }]);
    expect(plan('Sperrmuell ')).toEqual([{ term: 'sperrmull', word: 0, weight: 1, titlesOnly: false }]);
    expect(germanStem('paesse')).not.toBe(germanStem('pässe'));
  });

  it('stems an article\'s words as germanWords and germanStem do, whatever the letters', () => {
    const texts = [
      'Reisepässe, Gebühren (37,50 €) & Kfz-Zulassung: ÜBERSTRASSE—Straße; Paesse/Steuer!',
      '  Führungszeugnis  beantragen.\tQuelle 115 ',
      'Décomposé: Gebu\u0308hr und Pa\u0308sse', // decomposed umlauts: one word each, not split at the mark
      'ƁAUAMT İSTANBUL Ǆemal Øresund', // Latin capitals lower-cased to letters beyond Latin Extended-B, and to a letter and a mark
      'ẞTRASSE', // the capital ß
      'Ελλάδα Москва 東京 😀Pass', // not Latin at all
      '',
    ];
    const cache = new StemCache();
    for (const text of [...texts, ...texts]) {
      const stemmed: string[] = [];
      cache.addStems(text, stemmed);
      expect(stemmed, text).toEqual(germanWords(text).map(germanStem));
    }
  });

  it('keeps real vowel pairs apart from spelled-out umlauts', () => {
    expect(foldGerman('Gebuehr')).toBe('gebühr');
    expect(foldGerman('Oeffnungszeiten')).toBe('öffnungszeiten');
    expect(foldGerman('Steuer')).toBe('steuer');
    expect(foldGerman('Quelle')).toBe('quelle');
    expect(foldGerman('Straße')).toBe('strasse');
  });

  it('splits compounds the index does not know into parts it does', () => {
    expect(first('Personalausweisantrag ')).toBe('personalausweis');
    expect(first('Hundesteueranmeldung ')).toBe('hundesteuer');
    expect(first('Sperrmülltermin ')).toBe('sperrmuell');
    // The linking -s- of "Meldebescheinigungs|antrag" is dropped.
    expect(first('Meldebescheinigungsgebühr ')).toBe('meldebescheinigung');
    expect(plan('Hundesteueranmeldung ').map((t) => t.term)).toEqual(['hundesteueranmeld', 'hundesteu', 'anmeld']);
    // "gewerbes|teuer" reads the -s- as a linking element; only "gewerbe|steuer" splits completely.
    expect(ids('Gewerbesteuer ')).toEqual(expect.arrayContaining(['gewerbeanmeldung', 'hundesteuer']));
    // The whole word is no index term, and eight letters more than "hundesteu" are beyond typo tolerance.
    expect(vocabulary.has('hundesteueranmeld')).toBe(false);
  });

  it('finds an article by its synonyms, which count like the title', () => {
    expect(first('Perso ')).toBe('personalausweis');
    expect(first('Gewerbeschein ')).toBe('gewerbeanmeldung');
    expect(SAMPLE_ARTICLES.find((a) => a.id === 'personalausweis')?.answer).not.toMatch(/perso\b/i);
  });

  it('tolerates typos in longer words, not in short ones', () => {
    expect(first('Gewerbeanmeldnug ')).toBe('gewerbeanmeldung');
    expect(first('Persnoalausweis ')).toBe('personalausweis');
    expect(first('Hundsteuer ')).toBe('hundesteuer');
    // "Pas" and "Hnud" are one and two edits from "Pass" and "Hund": too short to guess.
    expect(ids('Pas ')).toEqual([]);
    expect(ids('Hnud ')).toEqual([]);
  });

  it('searches as the agent types: the last word is a prefix until a space follows it', () => {
    expect(first('reisep')).toBe('reisepass');
    expect(first('Hundest')).toBe('hundesteuer');
    expect(first('Ausweis verl')).toBe('ausweis-verloren');
    expect(first('personalausweisantr')).toBe('personalausweis');
    expect(ids('reisep ')).toEqual([]);
    // Two letters do not expand.
    expect(ids('re')).toEqual([]);
  });

  it('ranks the article matching every word of a multi-word query first', () => {
    const hits = ids('Ausweis verloren ');
    expect(hits[0]).toBe('ausweis-verloren');
    expect(hits).toContain('personalausweis');
    expect(first('wie melde ich meinen Hund an ')).toBe('hundesteuer');
  });

  it('counts the words of the query matched, not the terms a word was split into', () => {
    // "Personalausweis beantragen" matches the compound's two parts, the lost-documents article both words.
    expect(first('Personalausweisantrag Reisepass ')).toBe('ausweis-verloren');
  });
});

describe('knowledge search: the query plan', () => {
  const knowing = (...terms: string[]) => {
    const v = new TermVocabulary();
    v.add([terms]);
    return v;
  };

  it('completes the word being typed rather than splitting it', () => {
    const terms = planQuery('reisep', knowing('reis', 'reisepass'), 100).map((t) => t.term);
    expect(terms).toEqual(['reisep', 'reisepass']);
    // Finished, the same letters are a compound of known parts after all.
    expect(planQuery('reiseamt ', knowing('reis', 'amt'), 100).map((t) => t.term)).toEqual(['reiseamt', 'reis', 'amt']);
  });

  it('corrects a misspelled word as a whole rather than splitting off a known head', () => {
    // "Hund" is known too, but "Hundemrake" is the Hundemarke with two letters swapped.
    expect(plan('Hundemrake ').map((t) => t.term)).toEqual(['hundemrak', 'hundemark']);
  });

  it('allows edits by the length of the word as typed, not of its shorter stem', () => {
    // "Baukatre" (8 letters, stem "baukatr") is "Baukarte" with two letters swapped: two edits.
    expect(planQuery('Baukatre ', knowing('baukart'), 100).map((t) => t.term)).toEqual(['baukatr', 'baukart']);
  });

  it('finds a known part with its umlaut even where the misspelled rest keeps the stemmer from it', () => {
    expect(planQuery('Kinderfördernug ', knowing('kinderforder'), 100).map((t) => t.term)).toContain('kinderforder');
  });

  it('weighs completions below the words as typed, and takes the shortest few', () => {
    const many = Array.from({ length: 3 * MAX_COMPLETIONS }, (_, i) => `hundesteu${'x'.repeat(i)}`);
    const terms = planQuery('Hundes', knowing(...many), 100);
    expect(terms).toHaveLength(1 + MAX_COMPLETIONS);
    expect(terms.slice(1).map((t) => t.term)).toEqual(many.slice(0, MAX_COMPLETIONS));
    expect(terms.slice(1).every((t) => t.weight < 1 && t.weight > 0)).toBe(true);
  });

  it('looks up a term most articles of a large base hold in titles and synonyms only', () => {
    const base = (n: number) => Array.from({ length: n }, (_, i) =>
      article({ id: `a-${i}`, title: i < 3 ? `Antrag Nummer ${i}` : `Thema ${i}`, answer: 'Den Antrag stellen Sie im Bürgerbüro.' }));
    const large = base(COMMON_MIN_ARTICLES + 200);
    expect(new KnowledgeSearch(large).search('Antrag ', { limit: 50 }).map((h) => h.id)).toEqual(['a-0', 'a-1', 'a-2']);
    const small = base(COMMON_MIN_ARTICLES - 200);
    expect(new KnowledgeSearch(small).search('Antrag ', { limit: 50 })).toHaveLength(50);
  });
});

describe('knowledge search: the call\'s municipality', () => {
  it('ranks an article with a section for the municipality above an equally relevant one without', () => {
    const scores = (s: KnowledgeSearch, municipality?: string) =>
      Object.fromEntries(s.search('Fundsachen ', municipality === undefined ? {} : { municipality }).map((h) => [h.id, h.score]));
    const plain = scores(search);
    expect(plain['fundbuero']).toBeCloseTo(plain['fundsachen'] ?? NaN, 6);
    const local = scores(search, 'quickborn');
    expect(local['fundbuero']).toBeCloseTo((local['fundsachen'] ?? NaN) * LOCAL_BOOST, 6);
    // Indexed after its twin, which a tie therefore lists first.
    expect(ids('Fundsachen ', 'hasloh')).toEqual(['fundsachen', 'fundbuero']);
    expect(ids('Fundsachen ', 'quickborn')).toEqual(['fundbuero', 'fundsachen']);
  });

  it('says which section to show first', () => {
    const [hit] = search.search('Personalausweis beantragen ', { municipality: 'quickborn' });
    expect(hit).toMatchObject({ id: 'personalausweis', title: 'Personalausweis beantragen', kind: 'service', localSection: 'quickborn' });
    expect(search.search('Personalausweis beantragen ')[0]?.localSection).toBeUndefined();
    expect(search.search('Personalausweis beantragen ', { municipality: 'boenningstedt' })[0]?.localSection).toBeUndefined();
  });

  it('ranks the town facts of the call\'s town first and those of other towns last', () => {
    const rathaus = (municipality: string) => ids('Rathaus ', municipality).filter((id) => id === 'quickborn' || id === 'hasloh');
    expect(rathaus('quickborn')).toEqual(['quickborn', 'hasloh']);
    expect(rathaus('hasloh')).toEqual(['hasloh', 'quickborn']);
    expect(ids('Rathaus ', 'quickborn').at(-1)).toBe('hasloh');
  });
});

describe('knowledge search: what is searched', () => {
  it('searches published articles only', () => {
    expect(ids('Fischereischein ')).toEqual([]);
    expect(ids('Abwrackprämie ')).toEqual([]);
    expect(search.stats()).toEqual({ articles: SAMPLE_ARTICLES.length - 2, terms: expect.any(Number) as number });
  });

  it('takes edits without a rebuild: replace adds, updates and retires, remove takes out', () => {
    const edited = new KnowledgeSearch(SAMPLE_ARTICLES);
    const draft = SAMPLE_ARTICLES.find((a) => a.id === 'fischereischein');
    if (!draft) throw new Error('sample lacks the draft');
    edited.replace({ ...draft, status: 'published' });
    expect(edited.search('Fischereischein ')[0]?.id).toBe('fischereischein');

    edited.replace(article({ id: 'sperrmuell', kind: 'topic', title: 'Sperrmüll und Elektroschrott', answer: 'Alte Geräte nimmt der Recyclinghof an.' }));
    expect(edited.search('Elektroschrott ')[0]?.id).toBe('sperrmuell');
    expect(edited.search('Abholtermin ')).toEqual([]);

    edited.replace({ ...draft, status: 'retired' });
    expect(edited.search('Fischereischein ')).toEqual([]);
    expect(edited.remove('hundesteuer')).toBe(true);
    expect(edited.remove('hundesteuer')).toBe(false);
    expect(edited.search('Hundesteuer ')).toEqual([]);
    // A word no article holds any more is no longer a known part for compounds.
    expect(edited.search('Hundesteueranmeldung ').map((h) => h.id)).not.toContain('hundesteuer');
    expect(edited.stats().articles).toBe(search.stats().articles - 1);
  });

  it('keeps the vocabulary of known words equal to what the articles hold', () => {
    const without = new KnowledgeSearch(SAMPLE_ARTICLES.filter((a) => a.id !== 'hundesteuer'));
    const edited = new KnowledgeSearch(SAMPLE_ARTICLES);
    edited.remove('hundesteuer');
    expect(edited.stats()).toEqual(without.stats());
    expect(edited.stats().terms).toBeLessThan(search.stats().terms);
    const hundesteuer = SAMPLE_ARTICLES.find((a) => a.id === 'hundesteuer');
    if (hundesteuer) edited.replace(hundesteuer);
    expect(edited.stats()).toEqual(search.stats());
  });

  it('returns at most the limit', () => {
    expect(search.search('Bürgerbüro ').length).toBeGreaterThan(2);
    expect(search.search('Bürgerbüro ', { limit: 2 })).toHaveLength(2);
    expect(search.search('   ')).toEqual([]);
    expect(search.search('und oder ')).toEqual([]);
  });
});
