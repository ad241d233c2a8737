/**
 * The report as CSV for spreadsheets set to German (Excel, LibreOffice): UTF-8 with a byte order
 * mark (so Excel reads the umlauts), `;` between fields, a decimal COMMA in numbers (`75,4`), no
 * thousands separator, lines ending CRLF. A field holding `;`, `"`, a line break or leading/trailing
 * blanks is put in double quotes, quotes doubled; a text field starting with `=`, `+`, `-`, `@` (a
 * formula to a spreadsheet) gets a leading `'`. Rates are percentages (`75,4` for 0.754), durations
 * seconds with one decimal, counts whole numbers, an empty field: nothing to divide by. Each judged
 * figure of the days has its target (the report's: the center's, or the town's own) and whether
 * it was met (`ja`/`nein`, empty without calls) beside it.
 *
 * Five sections, separated by one empty line: the days (one row per local day, then `Gesamt`), the
 * overflow reasons (one row per reason, then `Gesamt`), the topics (one row per topic, most calls
 * first, then the calls with and without a topic), the searches that found nothing (their texts
 * for operators only, then `Gesamt`) and the cooperation with partner centers (one row per partner
 * center, then `Gesamt`). `section=days`, `reasons`, `topics`, `gaps` or `partners` gives one alone.
 */
import type { ServiceTargets } from '../config/service-targets.js';
import type { ConcernFigures, NotesFigures, TakenFigures } from '../stats/index.js';
import { abandonLevel, asaLevel, fcrLevel, serviceLevelLevel, type Level } from '../stats/verdicts.js';
import { decimal, germanDate, percent, reasonLabel, seconds, weekdayOf } from './format.js';
import type { Report } from './service.js';
import { otherEndsTotal, type ReasonFigures, type ReportFigures } from './tally.js';

export const CSV_BOM = '\uFEFF';
const EOL = '\r\n';

export type CsvSection = 'all' | 'days' | 'reasons' | 'topics' | 'gaps' | 'partners';

/** One text field, escaped. */
export const csvText = (s: string): string => {
  const v = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[;"\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
};

const line = (fields: readonly string[]): string => fields.join(';') + EOL;

interface DayLike extends ReportFigures {
  readonly label: string;
  readonly weekday: string;
  readonly callbackNotes: NotesFigures;
  readonly source: string;
  readonly complete: string;
}

type Column = readonly [header: string, value: (r: DayLike) => string];

const n = (x: number): string => String(x);

/** Figures a day and an overflow reason both have, and so share columns for. */
type EndsLike = Pick<ReasonFigures, 'answered' | 'abandoned' | 'shortAbandoned' | 'otherEnds'>;
type EndsColumn = readonly [header: string, value: (r: EndsLike) => string];

const answeredColumns: readonly EndsColumn[] = [
  ['Angenommen', (r) => n(r.answered.total)],
  ['Angenommen Service-Center', (r) => n(r.answered.byAgent)],
  ['Angenommen Rathaus', (r) => n(r.answered.byTown)],
];

const notAnsweredColumns = (rules: Report['rules']): readonly EndsColumn[] => [
  [`Aufgelegt (ab ${rules.shortAbandonSec} s)`, (r) => n(r.abandoned)],
  [`Kurz aufgelegt (unter ${rules.shortAbandonSec} s)`, (r) => n(r.shortAbandoned)],
  ['Andere Enden', (r) => n(otherEndsTotal(r.otherEnds))],
  ['Geschlossen', (r) => n(r.otherEnds.closed)],
  ['Warteschlange voll', (r) => n(r.otherEnds.queueFull)],
  ['Kein passender Agent', (r) => n(r.otherEnds.noAgent)],
  ['Rückruf nicht erreicht', (r) => n(r.otherEnds.callbackUnanswered)],
  ['Fehlgeschlagen', (r) => n(r.otherEnds.failed + r.otherEnds.other)],
  ['An Partner-Center abgegeben', (r) => n(r.otherEnds.handedOver)],
];

/** `ja` met, `nein` missed (narrowly or clearly), empty: nothing to judge. */
const metText = (l: Level): string => (l === 'none' ? '' : l === 'good' ? 'ja' : 'nein');

const dayColumns = (rules: Report['rules'], goal: ServiceTargets): readonly Column[] => [
  ['Datum', (r) => csvText(r.label)],
  ['Wochentag', (r) => csvText(r.weekday)],
  ['Angeboten', (r) => n(r.offered)],
  ['davon über 115', (r) => n(r.byEntry['115'])],
  ['davon über Rathausnummer', (r) => n(r.byEntry.town)],
  ...answeredColumns,
  ['davon per Rückruf', (r) => n(r.answered.onCallback)],
  ...notAnsweredColumns(rules),
  [`Servicelevel % (${rules.serviceLevelSec} s)`, (r) => percent(r.serviceLevel.rate)],
  [`In ${rules.serviceLevelSec} s angenommen`, (r) => n(r.serviceLevel.answeredInTime)],
  ['Servicelevel-Basis', (r) => n(r.serviceLevel.base)],
  ['Servicelevel-Ziel %', () => percent(goal.serviceLevel.share)],
  ['Servicelevel-Ziel erreicht', (r) => metText(serviceLevelLevel(r.serviceLevel.rate, goal))],
  ['Abbruchquote %', (r) => percent(r.abandonRate)],
  ['Abbruchquote-Ziel %', () => percent(goal.abandonment.maxShare)],
  ['Abbruchquote-Ziel erreicht', (r) => metText(abandonLevel(r.abandonRate, goal))],
  ['ASA s', (r) => seconds(r.asaMs)],
  ['ASA-Ziel s', () => seconds(goal.asa.maxMs)],
  ['ASA-Ziel erreicht', (r) => metText(asaLevel(r.asaMs, goal))],
  ['Gesprächszeit Ø s', (r) => seconds(r.handle.talkMs)],
  ['Nachbearbeitung Ø s', (r) => seconds(r.handle.wrapUpMs)],
  ['AHT s', (r) => seconds(r.handle.ahtMs)],
  ['Ergebnis fallabschließend', (r) => n(r.outcomes.resolved)],
  ['Ergebnis weitergeleitet', (r) => n(r.outcomes.transferred)],
  ['Ergebnis Rückrufnotiz', (r) => n(r.outcomes.callbackNote)],
  ['Ohne Ergebnis', (r) => n(r.outcomes.unclassified)],
  ['Ergebnis ausstehend', (r) => n(r.outcomes.pending)],
  ['FCR %', (r) => percent(r.fcr.rate)],
  ['FCR-Ziel %', () => percent(goal.fcr.minShare)],
  ['FCR-Ziel erreicht', (r) => metText(fcrLevel(r.fcr.rate, goal))],
  [`FCR streng % (${rules.repeatWindowDays} Tage)`, (r) => percent(r.fcr.strictRate)],
  ['Erneut angerufen', (r) => n(r.fcr.repeatContacts)],
  ['Weiterleitungen', (r) => n(r.transfers.count)],
  ['Weiterleitungen verbunden', (r) => n(r.transfers.connected)],
  ['Weiterleitungen nicht angenommen', (r) => n(r.transfers.noAnswer)],
  ['Weiterleitungen abgebrochen', (r) => n(r.transfers.cancelled)],
  ['Rückrufnotizen erstellt', (r) => n(r.callbackNotes.filed)],
  ['Rückrufnotizen offen', (r) => n(r.callbackNotes.open)],
  ['Rückrufnotizen überfällig', (r) => n(r.callbackNotes.overdue)],
  ['Rückrufnotizen erledigt', (r) => n(r.callbackNotes.closed)],
  ['Rückrufnotizen rechtzeitig erledigt', (r) => n(r.callbackNotes.closedInTime)],
  ['Rückrufnotizen fällig', (r) => n(r.callbackNotes.due)],
  ['Rückruf-Einhaltung %', (r) => percent(r.callbackNotes.compliance)],
  ['Quelle', (r) => csvText(r.source)],
  ['Vollständig', (r) => csvText(r.complete)],
];

type ReasonRow = ReasonFigures & { readonly label: string; readonly key: string; readonly share: string };
type ReasonColumn = readonly [header: string, value: (r: ReasonRow) => string];

const reasonColumns = (rules: Report['rules']): readonly ReasonColumn[] => [
  ['Überlaufgrund', (r) => csvText(r.label)],
  ['Schlüssel', (r) => csvText(r.key)],
  ['Angeboten', (r) => n(r.offered)],
  ...answeredColumns,
  ...notAnsweredColumns(rules),
  ['Anteil am Angebot %', (r) => r.share],
];

const SOURCES: Record<string, string> = { live: 'live', stored: 'gespeichert' };

type TopicRow = ConcernFigures & { readonly label: string; readonly key: string };

const topicColumns = (rules: Report['rules']): readonly (readonly [header: string, value: (r: TopicRow) => string])[] => [
  ['Anliegen', (r) => csvText(r.label)],
  ['Artikel', (r) => csvText(r.key)],
  ['Anrufe', (r) => n(r.calls)],
  ['Fallabschließend', (r) => n(r.resolved)],
  ['Weitergeleitet', (r) => n(r.transferred)],
  ['Rückrufnotiz', (r) => n(r.callbackNote)],
  ['FCR %', (r) => percent(r.fcr.rate)],
  [`FCR streng % (${rules.repeatWindowDays} Tage)`, (r) => percent(r.fcr.strictRate)],
  ['Erneut angerufen', (r) => n(r.fcr.repeatContacts)],
];

/** Per topic, then the calls with one or more and those without (a call with several topics has a row for each). */
const topicsCsv = (r: Report): string => {
  const cols = topicColumns(r.rules);
  const row = (x: TopicRow): string => line(cols.map(([, v]) => v(x)));
  let out = line(cols.map(([h]) => csvText(h)));
  for (const t of r.topics.byTopic) out += row({ ...t, label: t.title ?? t.topic, key: t.topic });
  out += row({ ...r.topics.withTopic, label: 'Mit Thema (jeder Anruf einmal)', key: '' });
  return out + row({ ...r.topics.withoutTopic, label: 'Ohne Thema (Wissenslücke)', key: '' });
};

/** The searches that found nothing: their texts (operators only), then how many in all. */
const gapsCsv = (r: Report): string => {
  const s = r.knowledgeGaps.searchesWithoutHits;
  let out = line([csvText(`Suche ohne Treffer (${s.months.join(', ')})`), 'Anzahl']);
  for (const m of s.top ?? []) out += line([csvText(m.query), n(m.count)]);
  return out + line(['Gesamt', s.available ? n(s.count) : '']);
};

type PartnerRow = { readonly label: string; readonly key: string; readonly handedOver: number; readonly taken: TakenFigures };

const partnerColumns = (rules: Report['rules'], complete: string): readonly (readonly [header: string, value: (r: PartnerRow) => string])[] => [
  ['Partner-Center', (r) => csvText(r.label)],
  ['Kennung', (r) => csvText(r.key)],
  ['Anrufe übernommen für das Partner-Center', (r) => n(r.taken.calls)],
  ['davon angenommen', (r) => n(r.taken.answered)],
  ['davon per Rückruf', (r) => n(r.taken.onCallback)],
  [`davon aufgelegt (ab ${rules.shortAbandonSec} s)`, (r) => n(r.taken.abandoned)],
  [`davon kurz aufgelegt (unter ${rules.shortAbandonSec} s)`, (r) => n(r.taken.shortAbandoned)],
  [`Innerhalb der Zielzeit (${rules.serviceLevelSec} s ab erstem Eingang)`, (r) => n(r.taken.serviceLevel.answeredInTime)],
  ['Zielzeit-Basis', (r) => n(r.taken.serviceLevel.base)],
  ['Innerhalb der Zielzeit %', (r) => percent(r.taken.serviceLevel.rate)],
  ['Gesprächszeit gesamt s', (r) => seconds(r.taken.talk.sumMs)],
  ['Gesprächszeit Ø s', (r) => seconds(r.taken.talk.meanMs)],
  ['Anrufe abgegeben an das Partner-Center', (r) => n(r.handedOver)],
  ['Vollständig', () => complete],
];

/** Per partner center (every configured one, and every one that handed callers over), then every partner together. */
const partnersCsv = (r: Report): string => {
  const cols = partnerColumns(r.rules, r.partners.complete ? 'ja' : 'nein');
  const row = (x: PartnerRow): string => line(cols.map(([, v]) => v(x)));
  let out = line(cols.map(([h]) => csvText(h)));
  for (const p of r.partners.byPartner) out += row({ ...p, label: p.name, key: p.center });
  return out + row({ ...r.partners.total, label: 'Gesamt', key: '' });
};

/** The report as CSV text, starting with the byte order mark. */
export function reportCsv(r: Report, section: CsvSection = 'all'): string {
  let out = CSV_BOM;
  if (section === 'all' || section === 'days') {
    const cols = dayColumns(r.rules, r.targets);
    out += line(cols.map(([h]) => csvText(h)));
    for (const d of r.days) {
      const row: DayLike = { ...d, label: germanDate(d.date), weekday: weekdayOf(d.date), source: SOURCES[d.source] ?? d.source, complete: d.complete ? 'ja' : 'nein' };
      out += line(cols.map(([, v]) => v(row)));
    }
    const total: DayLike = { ...r.totals, label: 'Gesamt', weekday: '', callbackNotes: r.callbackNotes, source: '', complete: r.complete ? 'ja' : 'nein' };
    out += line(cols.map(([, v]) => v(total)));
  }
  if (section === 'all') out += EOL;
  if (section === 'all' || section === 'reasons') {
    const cols = reasonColumns(r.rules);
    const share = (offered: number): string => (r.totals.offered > 0 ? decimal((offered / r.totals.offered) * 100, 1) : '');
    out += line(cols.map(([h]) => csvText(h)));
    for (const reason of r.overflowReasons) out += line(cols.map(([, v]) => v({ ...reason, key: reason.reason, label: reasonLabel(reason.reason), share: share(reason.offered) })));
    const t = r.totals;
    const total: ReasonRow = { reason: '', key: '', label: 'Gesamt', offered: t.offered, answered: t.answered, abandoned: t.abandoned, shortAbandoned: t.shortAbandoned, otherEnds: t.otherEnds, share: share(t.offered) };
    out += line(cols.map(([, v]) => v(total)));
  }
  if (section === 'all' || section === 'topics') out += (section === 'all' ? EOL : '') + topicsCsv(r);
  if (section === 'all' || section === 'gaps') out += (section === 'all' ? EOL : '') + gapsCsv(r);
  if (section === 'all' || section === 'partners') out += (section === 'all' ? EOL : '') + partnersCsv(r);
  return out;
}

const SECTION_FILE_NAMES: Readonly<Record<CsvSection, string>> = {
  all: '',
  days: '-tage',
  reasons: '-ueberlaufgruende',
  topics: '-anliegen',
  gaps: '-wissensluecken',
  partners: '-partner-center',
};

/** `bericht-quickborn-2026-11.csv`, `bericht-all-2026-11-01-bis-2026-11-15.csv`. */
export const csvFileName = (r: Report, section: CsvSection = 'all'): string =>
  `bericht-${r.municipality}-${r.month ?? (r.from === r.to ? r.from : `${r.from}-bis-${r.to}`)}${SECTION_FILE_NAMES[section]}.csv`;
