import type { Article, LocalSection } from '../../../src/knowledge/article.js';

/**
 * A small knowledge base as the county's editors would write it, for the search tests: the
 * content files under config/knowledge/ change with the content, these do not.
 */
export function article(fields: Partial<Article> & Pick<Article, 'id' | 'title' | 'answer'>): Article {
  return {
    kind: 'service',
    status: 'published',
    synonyms: [],
    documents: [],
    links: [],
    checked: { on: '2025-01-15', by: 'Redaktion Servicecenter' },
    sections: {},
    ...fields,
  };
}

const quickbornOffice: LocalSection = { office: 'Bürgerbüro im Rathaus Quickborn', hours: 'Mo–Fr 8–12 Uhr, Do 14–18 Uhr' };

export const SAMPLE_ARTICLES: readonly Article[] = [
  article({
    id: 'personalausweis',
    title: 'Personalausweis beantragen',
    synonyms: ['Perso', 'Ausweis', 'Personalausweis verlängern'],
    answer: 'Den Antrag auf einen Personalausweis stellen Sie persönlich im Bürgerbüro Ihres Wohnorts. Die Herstellung dauert etwa drei Wochen; Sie werden benachrichtigt, wenn er abgeholt werden kann.',
    documents: ['Bisheriger Personalausweis oder Geburtsurkunde', 'Ein biometrisches Passfoto'],
    fees: '37 Euro (unter 24 Jahren 22,80 Euro)',
    office: 'Bürgerbüro',
    sections: { quickborn: quickbornOffice, hasloh: { office: 'Bürgerbüro im Amt Pinnau', text: 'Hasloh hat kein eigenes Bürgerbüro.' } },
  }),
  article({
    id: 'ausweis-verloren',
    title: 'Personalausweis oder Reisepass verloren',
    synonyms: ['Ausweis verloren', 'Ausweis gestohlen', 'Verlustanzeige'],
    answer: 'Melden Sie den Verlust sofort dem Bürgerbüro oder der Polizei. Das verlorene Dokument wird gesperrt; danach beantragen Sie ein neues.',
    documents: ['Anderer Lichtbildausweis, falls vorhanden'],
    office: 'Bürgerbüro',
  }),
  article({
    id: 'reisepass',
    title: 'Reisepass beantragen',
    synonyms: ['Pass', 'Kinderreisepass', 'Expresspass'],
    answer: 'Reisepässe beantragen Sie im Bürgerbüro. Die Herstellung dauert vier bis sechs Wochen, als Expresspass wenige Tage gegen Aufpreis.',
    documents: ['Bisheriger Reisepass', 'Ein biometrisches Passfoto'],
    fees: '70 Euro',
    office: 'Bürgerbüro',
    sections: { quickborn: quickbornOffice },
  }),
  article({
    id: 'hundesteuer',
    kind: 'topic',
    title: 'Hundesteuer',
    synonyms: ['Hund anmelden', 'Hundemarke'],
    answer: 'Wer einen Hund hält, meldet ihn innerhalb von zwei Wochen bei der Steuerabteilung der Gemeinde an und erhält eine Hundemarke. Die Steuer wird jährlich fällig.',
    office: 'Steuerabteilung der Gemeinde',
  }),
  article({
    id: 'sperrmuell',
    kind: 'topic',
    title: 'Sperrmüll',
    synonyms: ['Sperrgut', 'Möbel entsorgen'],
    answer: 'Sperrmüll holt die GAB (Gesellschaft für Abfallwirtschaft) auf Abruf ab, zweimal im Jahr ohne Gebühr. Den Abholtermin vergibt die GAB online oder am Telefon.',
  }),
  article({
    id: 'gewerbeanmeldung',
    title: 'Gewerbeanmeldung',
    synonyms: ['Gewerbe anmelden', 'Gewerbeschein'],
    answer: 'Ein Gewerbe melden Sie vor Beginn der Tätigkeit beim Gewerbeamt an. Die Anmeldung geht auch online.',
    documents: ['Personalausweis', 'Bei Handwerksbetrieben die Eintragung in die Handwerksrolle'],
    fees: '26 Euro',
    office: 'Gewerbeamt',
  }),
  article({
    id: 'strassenreinigung',
    kind: 'topic',
    title: 'Straßenreinigung und Winterdienst',
    synonyms: ['Gehweg reinigen', 'Schnee räumen'],
    answer: 'Anlieger reinigen den Gehweg vor ihrem Grundstück und räumen ihn im Winter von Schnee und Eis.',
  }),
  article({
    id: 'meldebescheinigung',
    title: 'Meldebescheinigung',
    synonyms: ['Wohnsitzbescheinigung'],
    answer: 'Eine Meldebescheinigung bestätigt Ihren Wohnsitz. Sie erhalten sie im Bürgerbüro oder online.',
    fees: '10 Euro',
    office: 'Bürgerbüro',
  }),
  article({
    id: 'fundsachen',
    kind: 'topic',
    title: 'Fundsachen',
    answer: 'Gefundene Gegenstände geben Sie beim Fundamt ab. Verlierer fragen dort nach.',
  }),
  article({
    id: 'fundbuero',
    kind: 'topic',
    title: 'Fundsachen',
    answer: 'Gefundene Gegenstände geben Sie beim Fundamt ab. Verlierer fragen dort nach.',
    sections: { quickborn: { text: 'Das Fundamt ist im Ordnungsamt, Zimmer 12.' } },
  }),
  article({
    id: 'quickborn',
    kind: 'town-facts',
    municipality: 'quickborn',
    title: 'Stadt Quickborn',
    answer: 'Das Rathaus Quickborn liegt am Rathausplatz 1. Dort sind Bürgerbüro, Standesamt und Ordnungsamt.',
  }),
  article({
    id: 'hasloh',
    kind: 'town-facts',
    municipality: 'hasloh',
    title: 'Gemeinde Hasloh',
    answer: 'Das Rathaus Hasloh in der Kieler Straße ist nur zu Sitzungen geöffnet; die Verwaltung führt das Amt Pinnau.',
  }),
  article({
    id: 'fischereischein',
    status: 'draft',
    title: 'Fischereischein',
    answer: 'Den Fischereischein stellt die Fischereibehörde des Kreises aus.',
  }),
  article({
    id: 'abwrackpraemie',
    status: 'retired',
    title: 'Abwrackprämie',
    answer: 'Die Umweltprämie für Altfahrzeuge gibt es seit 2009 nicht mehr.',
  }),
];
