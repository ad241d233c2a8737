/**
 * The platform overview page (German): plain HTML with inline CSS, no script, nothing loaded from
 * elsewhere; it reloads itself every few seconds (`<meta http-equiv="refresh">`), as the board
 * changes every second.
 */
import { escapeHtml } from '../web/html.js';
import type { PlatformCenter, PlatformView, ReportingCenter } from './view.js';

/** How often the page reloads, in seconds. */
export const PLATFORM_REFRESH_SEC = 5;

const NBSP = '\u00a0';

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;background:#f4f5f7}
header{background:#003064;color:#fff;padding:.8rem 1.2rem}
header h1{font-size:1.35rem;margin:0}
header p{margin:.2rem 0 0}
header a{color:#fff}
main{max-width:80rem;margin:0 auto;padding:1rem}
section{background:#fff;border:1px solid #d0d4da;border-radius:4px;padding:.8rem 1rem;margin:0 0 1rem;overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #d0d4da;padding:.35rem .5rem;text-align:right;white-space:nowrap}
th:first-child,td:first-child,td.text{text-align:left}
thead th{background:#eef1f5}
tr.self td:first-child{border-left:6px solid #003064}
tr.silent td{color:#666;background:#f6f7f9}
td.ok{color:#2e7d32;font-weight:600}
td.bad{color:#c00000;font-weight:600}
td.closed{color:#b45309}
.small{font-size:.8rem;color:#444}
`;

export interface PlatformPageOptions {
  readonly view: PlatformView;
  /** Who is signed in (shown in the header). */
  readonly signedInAs: string;
  /** This center's time zone, for the clock time of the view. */
  readonly timezone: string;
}

const plural = (n: number, one: string, many: string): string => `${n}${NBSP}${n === 1 ? one : many}`;
const percent = (share: number): string => `${Math.round(share * 100)}${NBSP}%`;

/** How old a post is, in words: "gerade eben" under a second, else "vor 3 s". */
export const ageText = (ageMs: number): string => (ageMs < 1_000 ? 'gerade eben' : `vor ${Math.floor(ageMs / 1_000)}${NBSP}s`);

/** The service level cell: its share and calls, or "zu wenige Anrufe" below the calls it takes to judge. */
export const serviceLevelText = (c: ReportingCenter, callsToJudge: number): string => {
  const sl = c.serviceLevel;
  const target = `Ziel ${percent(sl.targetShare)}`;
  if (sl.calls < callsToJudge || sl.share === null) return `zu wenige Anrufe (${plural(sl.calls, 'Anruf', 'Anrufe')}; ${target})`;
  return `${percent(sl.share)} (${sl.withinTarget} von ${plural(sl.calls, 'Anruf', 'Anrufen')}; ${target})`;
};

const nameCell = (c: PlatformCenter): string => {
  const name = c.name === null ? `<strong>${escapeHtml(c.center)}</strong>` : `<strong>${escapeHtml(c.name)}</strong><br><span class="small">${escapeHtml(c.center)}</span>`;
  return `<td class="text">${name}${c.self ? '<br><span class="small">dieses Service-Center</span>' : ''}</td>`;
};

const row = (c: PlatformCenter, callsToJudge: number): string => {
  const attrs = `data-center="${escapeHtml(c.center)}"`;
  if (!c.reported) {
    return `<tr class="silent${c.self ? ' self' : ''}" ${attrs}>${nameCell(c)}<td class="text" colspan="6">keine Meldung: der Server dieses Service-Centers hat sich seit mehr als 5${NBSP}Sekunden nicht gemeldet (angehalten, gestört oder nicht mehr auf der Plattform)</td></tr>`;
  }
  const met = c.serviceLevel.metTarget;
  const slClass = met === null ? '' : met ? ' class="ok"' : ' class="bad"';
  return `<tr${c.self ? ' class="self"' : ''} ${attrs}>${nameCell(c)}<td${c.open ? '' : ' class="closed"'}>${c.open ? 'ja' : 'nein'}</td><td>${c.loggedIn}</td><td>${c.freeAgents}</td><td>${c.waiting}</td><td${slClass}>${escapeHtml(serviceLevelText(c, callsToJudge))}</td><td>${ageText(c.ageMs)}</td></tr>`;
};

const clock = (at: number, timezone: string): string =>
  new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);

export function platformHtml({ view, signedInAs, timezone }: PlatformPageOptions): string {
  const rows = view.centers.map((c) => row(c, view.callsToJudge)).join('\n');
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${PLATFORM_REFRESH_SEC}">
<title>Plattform-Übersicht · Service-Center</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Plattform-Übersicht: alle Service-Center</h1>
<p>Stand ${escapeHtml(clock(view.at, timezone))} Uhr, aktualisiert sich alle ${PLATFORM_REFRESH_SEC}${NBSP}Sekunden · angemeldet als ${escapeHtml(signedInAs)} · <a href="/dashboard">Lagebild dieses Service-Centers</a></p>
</header>
<main>
<section>
<table>
<thead><tr><th>Service-Center</th><th>Geöffnet</th><th>Agenten angemeldet</th><th>Agenten frei</th><th>Wartende Anrufe</th><th>Servicelevel der letzten 30${NBSP}Minuten</th><th>Stand</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="small">Jedes Service-Center meldet seinen Stand jede Sekunde. Servicelevel: Anteil der eigenen Anrufe der letzten 30${NBSP}Minuten, die innerhalb der Zielzeit angenommen wurden; unter ${view.callsToJudge}${NBSP}Anrufen sagt er noch nichts (zu wenige Anrufe). Ein Service-Center ohne Meldung seit 5${NBSP}Sekunden nimmt keine Anrufe von Partnern an.</p>
</section>
</main>
</body>
</html>
`;
}
