import type { Article, LocalSection } from '../../src/knowledge/article.js';
import { randomStream, type Random } from '../../test/support/seeded-random.js';

/**
 * A synthetic knowledge base for the search benchmark: German-looking articles (compound titles
 * as the administration coins them, answers of common office words and a long tail of rarer
 * ones) and the queries agents type, drawn from the articles. Seeded: the same sizes give the
 * same corpus and queries, run after run.
 */

export type QueryKind = 'exact' | 'stemmed' | 'compound' | 'typo' | 'prefix' | 'multi-word';
export const QUERY_KINDS: readonly QueryKind[] = ['exact', 'stemmed', 'compound', 'typo', 'prefix', 'multi-word'];

export interface BenchQuery {
  readonly kind: QueryKind;
  readonly text: string;
  /** The title compound of the article the query was drawn from. */
  readonly compound: string;
}

const HEADS = `Hunde Gewerbe Personal Reise Sperr Kinder Eltern Bau Wohn Park Anwohner Fischerei Jagd Waffen Melde Geburts Sterbe
  Ehe Führungs Schul Kita Wasser Abwasser Abfall Grund Zweitwohnungs Vergnügungs Straßen Friedhofs Feuerwehr Sozial Miet Renten
  Pflege Betreuungs Unterhalts Einbürgerungs Aufenthalts Fahr Führer Bewohner Baum Lärm Verkehrs Markt Sonder Gaststätten Spiel
  Wahl Brief Vereins Garten Kampfmittel Schornstein Denkmal Hausnummern Bestattungs Urnen Pacht Jugend Senioren Integrations`.split(/\s+/);
const TAILS = `steuer anmeldung abmeldung ummeldung ausweis pass schein genehmigung erlaubnis bescheinigung urkunde antrag gebühr
  zuschuss beihilfe geld karte termin auskunft zeugnis zulassung beratung bescheid platz nutzung reinigung abholung müll
  vertrag förderung`.split(/\s+/);
const ACTIONS = ['beantragen', 'verlängern', 'ändern', 'abholen', 'melden', 'kündigen', 'ersetzen', 'verloren', 'erstatten', 'prüfen'];
const OFFICES = ['Bürgerbüro', 'Ordnungsamt', 'Standesamt', 'Fachdienst Straßenverkehr', 'Steuerabteilung', 'Sozialamt', 'Bauaufsicht', 'Jugendamt'];
const DOCUMENTS = ['Personalausweis oder Reisepass', 'Biometrisches Passfoto', 'Meldebescheinigung', 'Geburtsurkunde', 'Nachweis über das Einkommen',
  'Mietvertrag', 'Vollmacht', 'Bisheriger Bescheid', 'Kontoverbindung', 'Lageplan'];
const COMMON = `Sie der die das und im beim Bürgerbüro Antrag Unterlagen Gebühr online persönlich Termin Wochen Euro Nachweis
  Gemeinde Kreis Formular bearbeitet vorlegen mitbringen innerhalb Frist schriftlich Bescheid erhalten zuständig Verwaltung
  Bearbeitung dauert Tage kostenlos möglich notwendig Öffnungszeiten telefonisch Servicecenter Rathaus Anschrift Änderung`.split(/\s+/);
const TOWNS = ['quickborn', 'boenningstedt', 'hasloh', 'kreis'];
const SYLLABLES = `ber lin gen schaft ung keit heit lich ter ver be ge an ab zu aus ein um mal stein feld dorf hof berg wald bach
  tal kamp moor wiesen holz land mark stadt amt rat bau werk haus`.split(/\s+/);

/** Rarer words that answers mention: Zipf-like, a few often, most rarely, as in real texts. */
function lexicon(random: Random, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + random.int(3);
    const word = Array.from({ length: n }, () => random.pick(SYLLABLES)).join('');
    words.add(word.charAt(0).toUpperCase() + word.slice(1));
  }
  return [...words];
}

const zipf = (random: Random, size: number): number => Math.min(size - 1, Math.floor(size ** random.next()) - 1);

export function syntheticArticles(count: number, seed = 115): Article[] {
  const random = randomStream(seed, 'knowledge-articles');
  const rare = lexicon(random, Math.max(2_000, count * 2));
  return Array.from({ length: count }, (_, i) => {
    const head = random.pick(HEADS);
    const tail = random.pick(TAILS);
    const compound = `${head}${tail}`;
    const title = random.chance(0.5) ? compound : `${compound} ${random.pick(ACTIONS)}`;
    const sentence = (): string =>
      Array.from({ length: 8 + random.int(8) }, () => (random.chance(0.6) ? random.pick(COMMON) : (rare[zipf(random, rare.length)] ?? 'Amt'))).join(' ');
    const answer = [`${compound}: ${sentence()}.`, ...Array.from({ length: 3 + random.int(4) }, () => `${sentence()}.`)].join(' ');
    const sections: Record<string, LocalSection> = {};
    for (const town of TOWNS) {
      if (random.chance(0.3)) sections[town] = { office: `${random.pick(OFFICES)} ${town}`, text: `${sentence()}.` };
    }
    const townFacts = random.chance(0.01);
    return {
      id: `artikel-${i}`,
      kind: townFacts ? 'town-facts' : random.chance(0.8) ? 'service' : 'topic',
      status: 'published',
      title,
      // Other words for the same thing: "Steuer für Hunde", "Hundesteuer ändern".
      synonyms: Array.from({ length: random.int(3) }, () =>
        random.chance(0.5) ? `${tail.charAt(0).toUpperCase()}${tail.slice(1)} für ${head}` : `${compound} ${random.pick(ACTIONS)}`),
      answer,
      documents: Array.from({ length: random.int(5) }, () => random.pick(DOCUMENTS)),
      office: random.pick(OFFICES),
      links: [],
      checked: { on: '2025-01-15', by: 'Redaktion' },
      sections,
      ...(townFacts ? { municipality: random.pick(TOWNS.slice(0, 3)) } : {}),
    } satisfies Article;
  });
}

/** The title's first word: the compound the article is about. */
const compoundOf = (a: Article): string => a.title.split(' ')[0] ?? a.title;

/** Whether a hit's title is about what the query asked for: its compound (for a prefix, one the prefix starts). */
export function isAbout(query: BenchQuery, title: string): boolean {
  const compound = (title.split(' ')[0] ?? '').toLowerCase();
  return query.kind === 'prefix' ? compound.startsWith(query.text.toLowerCase()) : compound === query.compound.toLowerCase();
}

/** Queries as agents type them (no space after the last word): the kinds in turn, each from a random article. */
export function benchQueries(articles: readonly Article[], count: number, seed = 115): BenchQuery[] {
  const random = randomStream(seed, 'knowledge-queries');
  const query = (kind: QueryKind): BenchQuery => {
    const a = random.pick(articles);
    const word = compoundOf(a);
    return { kind, text: textFor(kind, word, random), compound: word };
  };
  return Array.from({ length: count }, (_, i) => query(QUERY_KINDS[i % QUERY_KINDS.length] ?? 'exact'));
}

function textFor(kind: QueryKind, word: string, random: Random): string {
  switch (kind) {
    case 'exact':
      return word;
    case 'stemmed':
      // Plurals and cases, and umlauts spelled out as a keyboard without them does.
      return `${word}${random.pick(['en', 'e', 'n', 's'])}`.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');
    case 'compound':
      return `${word}${random.pick(['antrag', 'termin', 'formular', 'gebühr', 'frist'])}`;
    case 'typo': {
      const at = 2 + random.int(Math.max(1, word.length - 4));
      return `${word.slice(0, at)}${word.charAt(at + 1)}${word.charAt(at)}${word.slice(at + 2)}`;
    }
    case 'prefix':
      return word.slice(0, Math.min(word.length, 4 + random.int(5)));
    case 'multi-word':
      return `${word} ${random.pick(ACTIONS)}`;
  }
}
