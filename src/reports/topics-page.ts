/**
 * The report page's "Anliegen" (what callers asked about, with FCR per concern) and "Wissenslücken"
 * (calls closed without a topic, searches in the knowledge base that found nothing). The search
 * texts are what agents typed: the report has them only for operators.
 */
import { escapeHtml } from '../web/html.js';
import { count, germanMonth, percent } from './format.js';
import { pct, td, th } from './html-cells.js';
import type { Report } from './service.js';

/** How many topics the page lists (the JSON and the CSV have every one). */
export const TOPICS_ON_PAGE = 15;
/** How many search texts the page lists. */
export const SEARCHES_ON_PAGE = 10;

type Concern = Report['topics']['withTopic'];

const concernCells = (c: Concern): string =>
  `${td(count(c.calls))}${td(count(c.resolved))}${td(count(c.transferred))}${td(count(c.callbackNote))}${td(pct(c.fcr.rate))}${td(pct(c.fcr.strictRate))}`;

const share = (part: number, whole: number): string => (whole > 0 ? `${percent(part / whole)}&nbsp;%` : '–');

function concernsHtml(r: Report): string {
  const t = r.topics;
  const filed = t.withTopic.calls + t.withoutTopic.calls;
  const shown = t.byTopic.slice(0, TOPICS_ON_PAGE);
  const rows = shown.map((x) => `<tr>${td(escapeHtml(x.title ?? x.topic), 'text')}${concernCells(x)}</tr>`).join('\n');
  const more = t.byTopic.length - shown.length;
  return `<section>
<h2>Anliegen</h2>
${t.complete ? '' : '<p class="warn">Für einige Tage wurden die Tageswerte gespeichert, bevor Anliegen gezählt wurden: ihre Anrufe fehlen hier.</p>'}
<table>
<thead><tr>${th('Anliegen', 'text')}${th('Anrufe')}${th('Fallabschl.')}${th('Weitergel.')}${th('Notiz')}${th('FCR')}${th(`FCR streng`)}</tr></thead>
<tbody>
${t.byTopic.length === 0 ? `<tr>${td('Zu keinem Anruf wurde ein Anliegen erfasst.', 'text')}${td('')}${td('')}${td('')}${td('')}${td('')}${td('')}</tr>` : rows}
<tr class="total">${td('Mit Thema (jeder Anruf einmal)', 'text')}${concernCells(t.withTopic)}</tr>
<tr class="total">${td('Ohne Thema', 'text')}${concernCells(t.withoutTopic)}</tr>
</tbody>
</table>
<p class="small">${count(filed)} Anrufe mit Ergebnis, davon ${share(t.withTopic.calls, filed)} mit mindestens einem Thema (einem Artikel der Wissensdatenbank). Ein Anruf mit mehreren Themen zählt bei jedem.${more > 0 ? ` Weitere ${count(more)} Anliegen stehen in der CSV-Datei.` : ''}</p>
</section>`;
}

function gapsHtml(r: Report): string {
  const g = r.knowledgeGaps;
  const s = g.searchesWithoutHits;
  const filed = r.topics.withTopic.calls + r.topics.withoutTopic.calls;
  const months = s.months.map(germanMonth).join(', ');
  const searches = !s.available
    ? 'nicht verfügbar'
    : `${count(s.count)} (${count(s.distinct)} verschiedene Suchbegriffe; gezählt je Monat: ${escapeHtml(months)})`;
  const top =
    s.top === undefined
      ? '<p class="small">Die Suchbegriffe sieht die Teamleitung des Service-Centers.</p>'
      : s.top.length === 0
        ? ''
        : `<table>
<thead><tr>${th('Suchbegriff ohne Treffer', 'text')}${th('Anzahl')}</tr></thead>
<tbody>
${s.top
  .slice(0, SEARCHES_ON_PAGE)
  .map((m) => `<tr>${td(escapeHtml(m.query), 'text')}${td(count(m.count))}</tr>`)
  .join('\n')}
</tbody>
</table>`;
  return `<section>
<h2>Wissenslücken</h2>
<dl>
<dt>Anrufe ohne Thema</dt><dd>${count(g.callsWithoutTopic)} von ${count(filed)} Anrufen mit Ergebnis (${share(g.callsWithoutTopic, filed)})</dd>
<dt>Suchen ohne Treffer</dt><dd>${searches}</dd>
</dl>
${top}
</section>`;
}

/** Both sections of the page. */
export const topicsHtml = (r: Report): string => `${concernsHtml(r)}\n${gapsHtml(r)}`;
