import { escapeHtml, scriptJson, scriptedPageHeaders } from '../web/html.js';
import { LEVEL_TEXT } from './targets.js';
import type { FiguresView, LiveView } from './view.js';

/**
 * The operators' dashboard (`GET /dashboard`): one plain German HTML document, no framework,
 * nothing loaded from elsewhere. The first views are embedded as JSON (the first paint needs no
 * request); the page's script (src/web/client/dashboard.ts, served as `/assets/dashboard-<hash>.js`)
 * renders them and keeps them live over the server-sent events of `/api/dashboard/events`; the
 * chart is drawn by uPlot, bundled into that script, its stylesheet inlined here. Every value from
 * the server reaches the page through textContent, never as HTML; the Content-Security-Policy
 * allows scripts and connections to this server only.
 */

export const DASHBOARD_HEADERS = scriptedPageHeaders("'self' data:");

const STYLE = `
  html { font-size: clamp(15px, 0.55vw + 9px, 28px); }
  body { font: 1rem/1.4 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #eef0f3; }
  header { background: #003064; color: #fff; padding: 0.5rem 1.2rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1.4rem; }
  header h1 { font-size: 1.35rem; margin: 0; flex: 1 1 auto; }
  header .meta { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 1.2rem; }
  #clock { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
  header form { margin: 0; }
  header button { font: inherit; font-size: 0.85rem; padding: 0.25rem 0.7rem; border: 1px solid #fff; border-radius: 4px; background: transparent; color: #fff; cursor: pointer; }
  header button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  #conn { margin: 0; font-size: 0.9rem; }
  #conn.error { background: #fee2e2; color: #991b1b; padding: 0 0.4rem; border-radius: 3px; }
  #conn a { color: inherit; }
  main { padding: 0.8rem; display: grid; gap: 0.8rem; }
  .tiles { display: grid; gap: 0.8rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr)); }
  .panels { display: grid; gap: 0.8rem; grid-template-columns: minmax(0, 1fr); align-items: start; }
  @media (min-width: 60rem) { .panels { grid-template-columns: repeat(2, minmax(0, 1fr)); } #history, #towns { grid-column: span 2; } }
  @media (min-width: 100rem) { .panels { grid-template-columns: repeat(4, minmax(0, 1fr)); } #queue { grid-column: span 2; } }
  .scroll { overflow-x: auto; }
  section, .tile { background: #fff; border: 1px solid #d0d4da; border-radius: 6px; padding: 0.7rem 0.9rem; min-width: 0; }
  h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
  h3 { font-size: 0.95rem; margin: 0.6rem 0 0.2rem; }
  .tile { border-left-width: 0.5rem; display: flex; flex-direction: column; gap: 0.15rem; }
  .tile .label { font-weight: 600; color: #374151; }
  .tile .value { font-size: 2.4rem; font-weight: 800; line-height: 1.1; font-variant-numeric: tabular-nums; }
  .tile .target { color: #374151; }
  .own-target { display: block; font-size: .8em; color: #374151; }
  .tile .level { font-weight: 700; }
  .tile .detail { color: #555; font-size: 0.85rem; }
  [data-level="good"] { border-left-color: #047857; }
  [data-level="warn"] { border-left-color: #d97706; }
  [data-level="bad"] { border-left-color: #b91c1c; }
  [data-level="none"] { border-left-color: #9ca3af; }
  .tile[data-level="good"] .level, td[data-level="good"], .wait[data-level="good"] { color: #065f46; }
  .tile[data-level="warn"] .level, td[data-level="warn"], .wait[data-level="warn"] { color: #92400e; }
  .tile[data-level="bad"] .level, td[data-level="bad"], .wait[data-level="bad"] { color: #991b1b; }
  .tile[data-level="bad"] { background: #fef2f2; }
  .tile[data-level="warn"] { background: #fffbeb; }
  .tile[data-level="good"] { background: #f0fdf4; }
  .tile[data-level="none"] .level { color: #555; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 0.25rem 0.5rem; border-bottom: 1px solid #eef0f3; vertical-align: top; }
  th { font-size: 0.85rem; color: #374151; }
  td.num, th.num { text-align: right; }
  td.wait { font-weight: 700; }
  tr.offering td { background: #fffbeb; }
  tfoot td { font-weight: 700; border-top: 2px solid #d0d4da; }
  .groups { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr)); }
  .group h3 { display: flex; gap: 0.4rem; align-items: baseline; }
  .group h3::before { content: ""; display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: #9ca3af; }
  .group[data-group="available"] h3::before { background: #047857; }
  .group[data-group="busy"] h3::before { background: #1d4ed8; }
  .group[data-group="wrap-up"] h3::before { background: #6d28d9; }
  .group[data-group="paused"] h3::before { background: #b91c1c; }
  .group[data-group="offered"] h3::before { background: #d97706; }
  .group ul { list-style: none; margin: 0; padding: 0; }
  .group li { display: flex; flex-wrap: wrap; gap: 0 0.5rem; padding: 0.1rem 0; }
  .group li .name { font-weight: 600; flex: 1 1 auto; }
  .group li .reason { color: #991b1b; }
  .group li .since { color: #555; font-variant-numeric: tabular-nums; }
  .hint { color: #555; font-size: 0.85rem; margin: 0.2rem 0; }
  #chart { min-height: 16rem; }
  #stale { color: #991b1b; font-weight: 700; }
  footer { padding: 0 1.2rem 1rem; color: #555; font-size: 0.85rem; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  [hidden] { display: none !important; }
`;

export interface DashboardPage {
  readonly signedInAs: string;
  readonly county: { readonly id: string; readonly name: string };
  readonly timezone: string;
  readonly live: LiveView | null;
  readonly figures: FiguresView | null;
  /** `GET /api/staffing` is served: the page asks it and shows the staffing box when it answers 200. */
  readonly staffing: boolean;
  /** uPlot's stylesheet, inlined. */
  readonly chartCss: string;
  /** The page script's URL (src/web/page-scripts.ts). */
  readonly scriptUrl: string;
}

const tile = (id: string, label: string, valueId: string, rest = ''): string =>
  `<div class="tile" id="${id}" data-level="none"><span class="label">${label}</span><span class="value" id="${valueId}">–</span>${rest}</div>`;

export const dashboardHtml = (p: DashboardPage): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Lagebild – ${escapeHtml(p.county.name)}</title>
<style>${p.chartCss}${STYLE}</style>
</head>
<body>
<header>
<h1>Lagebild ${escapeHtml(p.county.name)}</h1>
<div class="meta">
<span id="date">${escapeHtml(p.figures?.dateLabel ?? '')}</span>
<span id="clock" aria-label="Uhrzeit"></span>
<p id="conn" role="status">Verbindung wird aufgebaut …</p>
<span>Angemeldet: ${escapeHtml(p.signedInAs)}</span>
<form method="post" action="/logout"><button type="submit">Abmelden</button></form>
</div>
</header>
<main id="dashboard" data-timezone="${escapeHtml(p.timezone)}" data-staffing="${p.staffing ? '1' : '0'}">
<div class="tiles" id="kpis" aria-label="Jetzt und Kennzahlen heute">
${tile('tile-waiting', 'Wartende Anrufer', 'waiting-count', '<span class="detail" id="waiting-detail"></span>')}
${tile('tile-longest', 'Längste Wartezeit', 'longest-wait', '<span class="target" id="longest-target"></span><span class="level" id="longest-level"></span>')}
${tile('tile-agents', 'Agenten bereit', 'ready-count', '<span class="level" id="agents-level"></span><span class="detail" id="agents-detail"></span>')}
</div>
<div class="panels">
<section id="queue" aria-labelledby="queue-title">
<h2 id="queue-title">Warteschlange</h2>
<div class="scroll"><table>
<thead><tr><th class="num">Pos.</th><th>Wartezeit</th><th>Gewählt</th><th>Gemeinde</th><th>Status</th><th>Voraussichtlich</th></tr></thead>
<tbody id="waiting-rows"></tbody>
</table></div>
<p id="no-waiting" class="hint">Niemand wartet.</p>
<div id="callbacks" hidden>
<h3>Rückrufwünsche</h3>
<ul id="callback-list"></ul>
</div>
</section>
<section id="agents" aria-labelledby="agents-title">
<h2 id="agents-title">Agenten</h2>
<div class="groups" id="agent-groups"></div>
</section>
<section id="staffing" aria-labelledby="staffing-title" hidden>
<h2 id="staffing-title">Personalbedarf (Erlang C)</h2>
<div class="tiles">
<div class="tile" id="staff-tile" data-level="none"><span class="label">Benötigt</span><span class="value" id="staff-needed">–</span><span class="level" id="staff-level"></span></div>
<div class="tile" data-level="none"><span class="label">Angemeldet</span><span class="value" id="staff-logged-in">–</span><span class="detail" id="staff-ready"></span></div>
<div class="tile" data-level="none"><span class="label">Servicelevel mit den Angemeldeten</span><span class="value" id="staff-sl">–</span><span class="target" id="staff-target"></span></div>
</div>
<p class="hint" id="staff-basis"></p>
</section>
<section id="history" aria-labelledby="history-title">
<h2 id="history-title">Verlauf heute</h2>
<div id="chart" role="img" aria-labelledby="history-title" aria-describedby="chart-summary"></div>
<p class="hint" id="chart-summary"></p>
<p class="hint">Wartende je Minute (höchster Stand) und Servicelevel je Stunde. Der Verlauf der Wartenden wird im laufenden Dienst gesammelt und beginnt nach einem Neustart leer.</p>
</section>
<section id="towns" aria-labelledby="towns-title">
<h2 id="towns-title">Gemeinden heute</h2>
<div class="scroll"><table>
<thead><tr><th>Gemeinde</th><th class="num">Wartet jetzt</th><th class="num">Angeboten</th><th class="num">Angenommen</th><th class="num">Aufgelegt</th><th class="num">Servicelevel</th><th class="num">ASA</th><th class="num">FCR</th></tr></thead>
<tbody id="town-rows"></tbody>
<tfoot id="town-total"></tfoot>
</table></div>
</section>
</div>
<noscript><p>Diese Seite braucht JavaScript.</p></noscript>
</main>
<footer><span id="as-of"></span> <span id="stale" hidden>Die Zahlen sind nicht aktuell: die Statistik konnte die neuesten Anrufe nicht lesen.</span></footer>
<script type="application/json" id="initial-dashboard">${scriptJson({ live: p.live, figures: p.figures, levels: LEVEL_TEXT })}</script>
<script src="${escapeHtml(p.scriptUrl)}" defer></script>
</body>
</html>
`;

/** A refusal, as a page. */
export const problemHtml = (title: string, message: string): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Lagebild</title>
<style>${STYLE} main { display: block; max-width: 40rem; margin: 0 auto; }</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
<section>
<p>${escapeHtml(message)}</p>
<p><a href="/login">Zur Anmeldung</a></p>
</section>
</main>
</body>
</html>
`;
