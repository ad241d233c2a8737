/**
 * The printable report page (German): plain HTML with inline CSS, no script, nothing loaded from
 * elsewhere. On screen a small form chooses the municipality and the month (or dates); printed
 * (A4 landscape) the form and links are left out and table headers repeat on every page.
 */
import { escapeHtml } from '../web/html.js';
import { count, germanDate, germanRange, percent, reasonLabel, weekdayOf } from './format.js';
import { pct, sec, td, th } from './html-cells.js';
import type { Report } from './service.js';
import { otherEndsTotal } from './tally.js';
import { partnersHtml, withPartners } from './partners-page.js';
import { topicsHtml } from './topics-page.js';
import { abandonLevel, asaLevel, fcrLevel, serviceLevelLevel, type Level } from '../stats/verdicts.js';

export const REPORT_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f4f5f7}
header{background:#003064;color:#fff;padding:.8rem 1.2rem}
header h1{font-size:1.35rem;margin:0}
header p{margin:.2rem 0 0}
main{max-width:80rem;margin:0 auto;padding:1rem}
section{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:.8rem 1rem;margin:0 0 1rem;overflow-x:auto}
h2{font-size:1.1rem;margin:0 0 .6rem}
form{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end}
label{display:flex;flex-direction:column;font-size:.85rem;font-weight:600}
input,select,button{font:inherit;padding:.3rem .4rem}
button{background:#003064;color:#fff;border:1px solid #003064;border-radius:4px;padding:.35rem 1rem;cursor:pointer}
.links a{margin-right:1rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.6rem}
.kpi{border:1px solid #d0d4da;border-left:6px solid #6a8caf;border-radius:4px;padding:.4rem .6rem}
.kpi.ok{border-left-color:#2e7d32}
.kpi.warn{border-left-color:#b45309}
.kpi.bad{border-left-color:#c00000}
.kpi .v{font-size:1.5rem;font-weight:700}
.kpi .t{font-size:.8rem;color:#444}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #d0d4da;padding:.2rem .35rem;text-align:right;white-space:nowrap}
th:first-child,td:first-child,td.text,th.text{text-align:left}
thead th{background:#eef1f5}
tr.total td{font-weight:700;background:#f6f7f9}
tr.zero td{color:#888}
.warn{background:#fff4e5;border:1px solid #f0b35a;border-radius:4px;padding:.5rem .8rem}
.ok-line{color:#2e7d32;font-weight:600}
.bad-line{color:#c00000;font-weight:600}
.small{font-size:.8rem;color:#444}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0;font-size:.85rem}
dt{font-weight:600}
dd{margin:0}
@page{size:A4 landscape;margin:12mm}
@media print{
  body{background:#fff;font-size:9pt}
  header{background:#fff;color:#000;padding:0 0 .4rem;border-bottom:2px solid #000}
  main{max-width:none;padding:0}
  section{border:0;padding:0;margin:.6rem 0;overflow:visible}
  .no-print{display:none}
  table{font-size:7.5pt}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  h2{break-after:avoid}
  a{color:inherit;text-decoration:none}
}
`;

export interface ReportPageOptions {
  readonly report: Report;
  /** Who is signed in (shown in the page's header). */
  readonly signedInAs: string;
  /** The municipalities the viewer may choose from (`all` first for operators). */
  readonly choices: readonly { readonly id: string; readonly name: string }[];
}


/** The query string of the report's period and municipality (for the download links). */
export const reportQuery = (r: Report): string => {
  const q = new URLSearchParams({ municipality: r.municipality });
  if (r.month !== null) q.set('month', r.month);
  else {
    q.set('from', r.from);
    q.set('to', r.to);
  }
  return q.toString();
};

type KpiState = 'ok' | 'warn' | 'bad' | '';

const kpi = (label: string, value: string, note: string, state: KpiState = ''): string =>
  `<div class="kpi${state ? ` ${state}` : ''}"${state ? ` data-state="${state}"` : ''}><div class="t">${escapeHtml(label)}</div><div class="v">${value}</div><div class="t">${note}</div></div>`;

/** As on the dashboard: met green, within the amber band amber, beyond it red; nothing to judge: no colour. */
const STATE: Readonly<Record<Level, KpiState>> = { good: 'ok', warn: 'warn', bad: 'bad', none: '' };

export function reportHtml({ report: r, signedInAs, choices }: ReportPageOptions): string {
  const t = r.totals;
  const rules = r.rules;
  const goal = r.targets;
  const range = germanRange(r.from, r.to, r.month);
  const title = `Bericht Überlaufanrufe – ${r.municipality === 'all' ? `alle Gemeinden (${r.name})` : r.name}`;
  const query = reportQuery(r);
  const other = otherEndsTotal(t.otherEnds);
  const partners = withPartners(r);

  const form = `<section class="no-print">
<form method="get" action="/reports">
<label>Gemeinde<select name="municipality">${choices
    .map((c) => `<option value="${escapeHtml(c.id)}"${c.id === r.municipality ? ' selected' : ''}>${escapeHtml(c.name)}</option>`)
    .join('')}</select></label>
<label>Monat<input type="month" name="month" value="${escapeHtml(r.month ?? '')}"></label>
<button type="submit">Anzeigen</button>
</form>
<form method="get" action="/reports">
<input type="hidden" name="municipality" value="${escapeHtml(r.municipality)}">
<label>Von<input type="date" name="from" value="${escapeHtml(r.from)}"></label>
<label>Bis<input type="date" name="to" value="${escapeHtml(r.to)}"></label>
<button type="submit">Zeitraum anzeigen</button>
</form>
<p class="links"><a href="/api/reports.csv?${escapeHtml(query)}">CSV herunterladen (Excel)</a><a href="/api/reports?${escapeHtml(query)}">JSON</a></p>
</section>`;

  const warnings: string[] = [];
  if (!r.complete) {
    const missing = r.days.filter((d) => !d.complete).map((d) => germanDate(d.date));
    warnings.push(
      `Für ${missing.length === 1 ? 'einen Tag' : `${missing.length} Tage`} sind die Zahlen unvollständig (${escapeHtml(missing.slice(0, 10).join(', '))}${missing.length > 10 ? ', …' : ''}): die Einzelanrufe sind nicht mehr vorhanden und keine vollständigen Tageswerte gespeichert.`,
    );
  }
  if (!r.upToDate) warnings.push('Die neuesten Anrufe konnten nicht gelesen werden (Redis nicht erreichbar): Stand der Zahlen ist der zuletzt bekannte.');
  if (!t.fcr.settled) warnings.push(`Die strenge Erstlösungsquote kann noch sinken: Anrufe der letzten ${rules.repeatWindowDays} Tage können noch Wiederholungsanrufe bekommen.`);

  const kpis = `<section>
<h2>Kennzahlen</h2>
<div class="kpis">
${kpi('Angebotene Anrufe', count(t.offered), `115: ${count(t.byEntry['115'])} · Rathausnummer: ${count(t.byEntry.town)}`)}
${kpi('Angenommen', count(t.answered.total), `Service-Center: ${count(t.answered.byAgent)} · Rathaus: ${count(t.answered.byTown)}`)}
${kpi(`Servicelevel (${rules.serviceLevelSec} s)`, pct(t.serviceLevel.rate), `Ziel ${percent(goal.serviceLevel.share, 0)}&nbsp;% · ${count(t.serviceLevel.answeredInTime)} von ${count(t.serviceLevel.base)}`, STATE[serviceLevelLevel(t.serviceLevel.rate, goal)])}
${kpi('Ø Wartezeit bis Annahme (ASA)', sec(t.asaMs), `Ziel höchstens ${count(goal.asa.maxMs / 1000)}&nbsp;s · über ${count(t.answeredLive)} live angenommene Anrufe`, STATE[asaLevel(t.asaMs, goal)])}
${kpi('Abbruchquote', pct(t.abandonRate), `Ziel höchstens ${percent(goal.abandonment.maxShare, 0)}&nbsp;% · ${count(t.abandoned)} aufgelegt, ${count(t.shortAbandoned)} kurz (unter ${rules.shortAbandonSec} s) nicht gezählt`, STATE[abandonLevel(t.abandonRate, goal)])}
${kpi('Erstlösungsquote (FCR)', pct(t.fcr.rate), `Ziel ${percent(goal.fcr.minShare, 0)}&nbsp;% · ${count(t.fcr.resolved)} von ${count(t.fcr.classified)}`, STATE[fcrLevel(t.fcr.rate, goal)])}
${kpi(`FCR streng (${rules.repeatWindowDays} Tage)`, pct(t.fcr.strictRate), `${count(t.fcr.repeatContacts)} riefen erneut an`)}
${kpi('Weiterleitungen', count(t.transfers.count), `verbunden ${count(t.transfers.connected)} · nicht angenommen ${count(t.transfers.noAnswer)} · abgebrochen ${count(t.transfers.cancelled)}`)}
${kpi('Rückrufnotizen', count(r.callbackNotes.filed), r.callbackNotes.available ? `Einhaltung ${pct(r.callbackNotes.compliance)} · offen ${count(r.callbackNotes.open)} · überfällig ${count(r.callbackNotes.overdue)}` : 'nicht verfügbar')}
${kpi('Ø Bearbeitungszeit (AHT)', sec(t.handle.ahtMs), `Gespräch ${sec(t.handle.talkMs)} · Nachbearbeitung ${sec(t.handle.wrapUpMs)}`)}
</div>
</section>`;

  const balanceOk = r.checks.endsAddUp && r.checks.reasonsAddUp;
  const balance = `<section>
<h2>Bilanz der angebotenen Anrufe</h2>
<table>
<thead><tr>${th('Angeboten', 'text')}${th('Angenommen Service-Center')}${th('Angenommen Rathaus')}${th(`Aufgelegt (ab ${rules.shortAbandonSec} s)`)}${th(`Kurz aufgelegt (unter ${rules.shortAbandonSec} s)`)}${th('Geschlossen')}${th('Warteschlange voll')}${th('Kein passender Agent')}${th('Rückruf nicht erreicht')}${th('Fehlgeschlagen')}${partners ? th('An Partner-Center abgegeben') : ''}</tr></thead>
<tbody><tr>${td(count(t.offered))}${td(count(t.answered.byAgent))}${td(count(t.answered.byTown))}${td(count(t.abandoned))}${td(count(t.shortAbandoned))}${td(count(t.otherEnds.closed))}${td(count(t.otherEnds.queueFull))}${td(count(t.otherEnds.noAgent))}${td(count(t.otherEnds.callbackUnanswered))}${td(count(t.otherEnds.failed + t.otherEnds.other))}${partners ? td(count(t.otherEnds.handedOver)) : ''}</tr></tbody>
</table>
<p class="${balanceOk ? 'ok-line' : 'bad-line'}">${count(t.offered)} angeboten = ${count(t.answered.total)} angenommen + ${count(t.abandoned)} aufgelegt + ${count(t.shortAbandoned)} kurz aufgelegt + ${count(other)} andere Enden${balanceOk ? ' – die Summe geht auf, auch je Tag und je Überlaufgrund.' : ' – ACHTUNG: die Summen gehen nicht auf.'}</p>
</section>`;

  const reasonRows = r.overflowReasons
    .map((x) => {
      const share = t.offered > 0 ? `${percent(x.offered / t.offered)}&nbsp;%` : '–';
      return `<tr${x.offered === 0 ? ' class="zero"' : ''}>${td(escapeHtml(reasonLabel(x.reason)), 'text')}${td(count(x.offered))}${td(share)}${td(count(x.answered.byAgent))}${td(count(x.answered.byTown))}${td(count(x.abandoned))}${td(count(x.shortAbandoned))}${td(count(otherEndsTotal(x.otherEnds)))}</tr>`;
    })
    .join('\n');
  const reasons = `<section>
<h2>Überlaufgründe</h2>
<table>
<thead><tr>${th('Grund', 'text')}${th('Angeboten')}${th('Anteil')}${th('Angenommen Service-Center')}${th('Angenommen Rathaus')}${th('Aufgelegt')}${th('Kurz aufgelegt')}${th('Andere Enden')}</tr></thead>
<tbody>
${reasonRows}
<tr class="total">${td('Gesamt', 'text')}${td(count(t.offered))}${td(t.offered > 0 ? '100&nbsp;%' : '–')}${td(count(t.answered.byAgent))}${td(count(t.answered.byTown))}${td(count(t.abandoned))}${td(count(t.shortAbandoned))}${td(count(other))}</tr>
</tbody>
</table>
</section>`;

  const dayHead = `<tr>${th('Tag', 'text')}${th('Angeboten')}${th('Angen. SC')}${th('Angen. Rathaus')}${th('Aufgelegt')}${th('Kurz aufgel.')}${th('Andere Enden')}${th(`SL ${rules.serviceLevelSec}&nbsp;s`)}${th('ASA')}${th('Abbruch')}${th('FCR')}${th('FCR streng')}${th('Weiterl.')}${th('verbunden')}${th('Notizen')}${th('Quelle', 'text')}</tr>`;
  const dayRow = (label: string, f: Report['totals'], notes: number, source: string, cls: string): string =>
    `<tr${cls ? ` class="${cls}"` : ''}>${td(label, 'text')}${td(count(f.offered))}${td(count(f.answered.byAgent))}${td(count(f.answered.byTown))}${td(count(f.abandoned))}${td(count(f.shortAbandoned))}${td(count(otherEndsTotal(f.otherEnds)))}${td(pct(f.serviceLevel.rate))}${td(sec(f.asaMs))}${td(pct(f.abandonRate))}${td(pct(f.fcr.rate))}${td(pct(f.fcr.strictRate))}${td(count(f.transfers.count))}${td(count(f.transfers.connected))}${td(count(notes))}${td(source, 'text')}</tr>`;
  const sourceLabel = (d: Report['days'][number]): string => (d.source === 'stored' ? 'gespeichert' : 'live') + (d.complete ? '' : ' (unvollständig)');
  const days = `<section>
<h2>Je Tag</h2>
<table>
<thead>${dayHead}</thead>
<tbody>
${r.days.map((d) => dayRow(`${weekdayOf(d.date)} ${germanDate(d.date)}`, d, d.callbackNotes.filed, sourceLabel(d), d.offered === 0 ? 'zero' : '')).join('\n')}
${dayRow('Gesamt', t, r.callbackNotes.filed, '', 'total')}
</tbody>
</table>
</section>`;

  const municipalities =
    r.byMunicipality === undefined
      ? ''
      : `<section>
<h2>Je Gemeinde</h2>
<table>
<thead><tr>${th('Gemeinde', 'text')}${th('Angeboten')}${th('Angen. SC')}${th('Angen. Rathaus')}${th('Aufgelegt')}${th('Kurz aufgel.')}${th('Andere Enden')}${th(`SL ${rules.serviceLevelSec}&nbsp;s`)}${th('ASA')}${th('FCR')}${th('Weiterl.')}</tr></thead>
<tbody>
${r.byMunicipality
  .map(
    (m) =>
      `<tr${m.offered === 0 ? ' class="zero"' : ''}>${td(escapeHtml(m.name), 'text')}${td(count(m.offered))}${td(count(m.answered.byAgent))}${td(count(m.answered.byTown))}${td(count(m.abandoned))}${td(count(m.shortAbandoned))}${td(count(otherEndsTotal(m.otherEnds)))}${td(pct(m.serviceLevel.rate))}${td(sec(m.asaMs))}${td(pct(m.fcr.rate))}${td(count(m.transfers.count))}</tr>`,
  )
  .join('\n')}
</tbody>
</table>
</section>`;

  const agents =
    r.byAgent === undefined
      ? ''
      : `<section>
<h2>Je Agentin / Agent</h2>
<table>
<thead><tr>${th('Agent', 'text')}${th('Angenommen')}${th('davon Rückruf')}${th('ASA')}${th('Gespräch Ø')}${th('Nachbearb. Ø')}${th('AHT')}${th('Fallabschl.')}${th('Weitergel.')}${th('Notiz')}${th('Ohne Ergebnis')}${th('FCR')}${th('FCR streng')}${th('Weiterl.')}</tr></thead>
<tbody>
${
  r.byAgent.length === 0
    ? `<tr>${td('Keine Anrufe von Agenten angenommen.', 'text')}</tr>`
    : r.byAgent
        .map(
          (a) =>
            `<tr>${td(escapeHtml(a.name ?? a.agentId), 'text')}${td(count(a.answered))}${td(count(a.onCallback))}${td(sec(a.asaMs))}${td(sec(a.handle.talkMs))}${td(sec(a.handle.wrapUpMs))}${td(sec(a.handle.ahtMs))}${td(count(a.outcomes.resolved))}${td(count(a.outcomes.transferred))}${td(count(a.outcomes.callbackNote))}${td(count(a.outcomes.unclassified))}${td(pct(a.fcr.rate))}${td(pct(a.fcr.strictRate))}${td(count(a.transfers.count))}</tr>`,
        )
        .join('\n')
}
</tbody>
</table>
</section>`;

  const n = r.callbackNotes;
  const notes = `<section>
<h2>Rückrufnotizen</h2>
${
  n.available
    ? `<dl>
<dt>Im Zeitraum erstellt</dt><dd>${count(n.filed)}</dd>
<dt>davon erledigt</dt><dd>${count(n.closed)} (rechtzeitig: ${count(n.closedInTime)})</dd>
<dt>davon offen</dt><dd>${count(n.open)} (überfällig: ${count(n.overdue)})</dd>
<dt>Im Zeitraum fällig</dt><dd>${count(n.due)}</dd>
<dt>Einhaltung der Rückruffrist</dt><dd>${pct(n.compliance)} – rechtzeitig erledigt von erledigten und überfälligen</dd>
</dl>`
    : '<p>Rückrufnotizen sind in dieser Installation nicht verfügbar.</p>'
}
</section>`;

  const definitions = `<section class="small">
<h2>Begriffe</h2>
<dl>
<dt>Angeboten</dt><dd>Jeder Anruf auf eine Rathausnummer oder die 115, der beendet ist – gezählt am Tag seines Eingangs, für die Gemeinde, um die es ging.</dd>
<dt>Servicelevel</dt><dd>Live angenommen höchstens ${rules.serviceLevelSec} s nach Eingang (das Klingeln im Rathaus zählt mit; Gemeinden mit eigenem Ziel nach ihren Sekunden), geteilt durch Angebotene ohne kurz Aufgelegte und ohne Anrufe außerhalb der Servicezeit${partners ? ' und ohne an Partner-Center abgegebene Anrufe (für Partner-Center übernommene zählen mit, ab ihrem ersten Eingang beim Partner-Center)' : ''}.</dd>
<dt>Ziele</dt><dd>Grün: Ziel erreicht; gelb: knapp verfehlt (Servicelevel ab ${percent(goal.serviceLevel.amberFrom, 0)}&nbsp;%, ASA bis ${count(goal.asa.amberUpToMs / 1000)}&nbsp;s, Abbruchquote bis ${percent(goal.abandonment.amberUpTo, 0)}&nbsp;%, FCR ab ${percent(goal.fcr.amberFrom, 0)}&nbsp;%); rot: verfehlt. Rückrufnotizen sind ${count(goal.noteReply.withinServiceMs / 3_600_000)} Servicestunden nach Eingang fällig.</dd>
<dt>ASA</dt><dd>Mittlere Zeit vom Eingang bis zur Annahme der live angenommenen Anrufe.</dd>
<dt>Abbruchquote</dt><dd>Aufgelegt (ab ${rules.shortAbandonSec} s nach Eingang) geteilt durch dieselbe Basis wie der Servicelevel.</dd>
<dt>FCR</dt><dd>Fallabschließend bearbeitet geteilt durch Anrufe mit Ergebnis (fallabschließend, weitergeleitet, Rückrufnotiz). Streng: ohne die Anrufe, deren Anrufer innerhalb von ${rules.repeatWindowDays} Tagen erneut anrief.</dd>
<dt>Anliegen</dt><dd>Die Artikel der Wissensdatenbank, die der Agent mit dem Ergebnis als Thema des Anrufs angegeben hat; ein Anruf mit mehreren Anliegen zählt bei jedem. FCR je Anliegen wie oben, über die Anrufe mit diesem Anliegen.</dd>
${partners ? '<dt>Partner-Center</dt><dd>Service-Center anderer Kreise auf derselben Plattform: sie übernehmen wartende Anrufer dieses Service-Centers und übergeben ihm ihre. Die Zahlen je Partner-Center stehen unter „Zusammenarbeit mit Partner-Centern“.</dd>\n' : ''}<dt>Weiterleitungen</dt><dd>Vermittlungen an Sachbearbeitende der Fachämter: verbunden, nicht angenommen (zurück zum Agenten) oder abgebrochen.</dd>
<dt>Quelle</dt><dd>„live“: aus den gespeicherten Einzelanrufen (${r.sources.live} Tage); „gespeichert“: aus den täglich gespeicherten Tageswerten (${r.sources.stored} Tage).</dd>
</dl>
</section>`;

  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} – ${escapeHtml(range)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(range)} · Stand ${escapeHtml(germanDate(r.asOf.slice(0, 10)))} ${escapeHtml(r.asOf.slice(11, 16))} Uhr · angemeldet: ${escapeHtml(signedInAs)}</p>
</header>
<main>
${form}
${warnings.map((w) => `<p class="warn">${w}</p>`).join('\n')}
${kpis}
${balance}
${reasons}
${days}
${municipalities}
${partnersHtml(r)}
${agents}
${topicsHtml(r)}
${notes}
${definitions}
</main>
</body>
</html>
`;
}

/** A short German page for a refusal or a bad request. */
export const reportProblemHtml = (title: string, message: string, problems: readonly string[] = []): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Berichte</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
<section>
<p>${escapeHtml(message)}</p>
${problems.length > 0 ? `<ul>${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : ''}
<p><a href="/reports">Zum Bericht</a> · <a href="/login">Anmeldung</a></p>
</section>
</main>
</body>
</html>
`;
