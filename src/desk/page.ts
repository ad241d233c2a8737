import type { DeskView } from '../app/desk-feed.js';
import { escapeHtml, scriptJson, scriptedPageHeaders } from '../web/html.js';
import { CALL_TOPICS_HTML, KNOWLEDGE_SECTION_HTML, KNOWLEDGE_STYLE, POP_KNOWLEDGE_HTML } from './knowledge-markup.js';

/**
 * The agent desktop (`GET /desk`): one plain German HTML document, no framework, nothing loaded
 * from elsewhere. The agent's desk view is embedded as JSON (the first paint needs no request);
 * the page's script (src/web/client/desk.ts, served as `/assets/desk-<hash>.js`) renders it, keeps
 * it live over the server-sent events of `/api/agents/:id/events` and sends the agent's actions to
 * the JSON API. Every value from the API is put in the page with textContent, never as HTML; the
 * Content-Security-Policy allows scripts and connections to this server only.
 */

export const DESK_HEADERS = scriptedPageHeaders("'self' data:");

const STYLE = `
  body { font: 16px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f7; }
  header { background: #003064; color: #fff; padding: 0.6rem 1.2rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 1.2rem; }
  header h1 { font-size: 1.25rem; margin: 0; flex: 1 1 auto; }
  header form { margin: 0; }
  header button { background: transparent; border-color: #fff; color: #fff; }
  main { max-width: 64rem; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
  @media (min-width: 60rem) { main { grid-template-columns: 22rem minmax(0, 1fr); } #call { grid-row: span 3; } }
  section { background: #fff; border: 1px solid #d0d4da; border-radius: 4px; padding: 0.8rem 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 0.6rem; }
  h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
  #state { display: inline-block; font-size: 1.3rem; font-weight: 700; padding: 0.1rem 0.6rem; border-radius: 4px; background: #e5e7eb; }
  #state[data-status="available"] { background: #d1fae5; color: #065f46; }
  #state[data-status="offered"] { background: #fef3c7; color: #92400e; }
  #state[data-status="busy"] { background: #dbeafe; color: #1e3a8a; }
  #state[data-status="wrap-up"] { background: #ede9fe; color: #4c1d95; }
  #state[data-status="paused"] { background: #fee2e2; color: #991b1b; }
  #state-detail { color: #555; margin: 0.3rem 0 0.6rem; min-height: 1.4em; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.4rem 0; }
  button { font: inherit; padding: 0.35rem 0.9rem; border: 1px solid #003064; border-radius: 4px; background: #003064; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #003064; }
  button[aria-pressed="true"] { background: #065f46; border-color: #065f46; color: #fff; }
  button:disabled { opacity: 0.45; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 1px; }
  select, input, textarea { font: inherit; padding: 0.3rem; border: 1px solid #9ca3af; border-radius: 4px; }
  #conn { font-size: 0.9rem; color: #555; margin: 0; }
  #conn.error, #message.error { color: #a00000; }
  #message { min-height: 1.4em; margin: 0; font-weight: 600; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  dt { color: #555; }
  dd { margin: 0; font-weight: 600; }
  #pop-town { font-size: 1.3rem; }
  #pop-waited { font-variant-numeric: tabular-nums; }
  .repeat { color: #92400e; }
  p.partner { margin: 0 0 0.6rem; padding: 0.4rem 0.7rem; border-left: 4px solid #7c3aed; background: #f5f3ff; font-weight: 700; }
  #call.ringing { border: 3px solid #d97706; }
  ul.departments { list-style: none; padding: 0; margin: 0; }
  ul.departments li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.3rem 0; border-top: 1px solid #eef0f3; }
  ul.departments li span { flex: 1 1 8rem; font-weight: 600; }
  form.note label { display: block; font-weight: 600; margin: 0.5rem 0 0.15rem; }
  form.note label.check { font-weight: normal; display: flex; gap: 0.4rem; align-items: flex-start; }
  form.note input[type="text"], form.note input[type="tel"], form.note textarea, form.note select { width: 100%; box-sizing: border-box; }
  form.note textarea { min-height: 5rem; }
  form.note button { margin-top: 0.7rem; }
  .hint { color: #555; font-size: 0.9rem; font-weight: normal; margin: 0.3rem 0; }
  [hidden] { display: none !important; }
${KNOWLEDGE_STYLE}`;

export interface DeskPage {
  readonly agentId: string;
  readonly agentName: string;
  /** Who is signed in (the agent, or an operator looking at the agent's desk). */
  readonly signedInAs: string;
  /** The service center's id and name: callback notes of a call about no town are the county's. */
  readonly county: { readonly id: string; readonly name: string };
  readonly timezone: string;
  readonly view: DeskView | null;
  /** The page script's URL (src/web/page-scripts.ts). */
  readonly scriptUrl: string;
  /** The deployment's towns: the names of an article's sections. */
  readonly towns?: readonly { readonly id: string; readonly name: string }[];
}

export const deskHtml = ({ agentId, agentName, signedInAs, county, timezone, view, scriptUrl, towns = [] }: DeskPage): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Arbeitsplatz – ${escapeHtml(agentName)} · ${escapeHtml(county.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Arbeitsplatz <span id="agent-name">${escapeHtml(agentName)}</span></h1>
<span>Angemeldet: ${escapeHtml(signedInAs)}</span>
<form method="post" action="/logout"><button type="submit">Sitzung beenden</button></form>
</header>
<main id="desk" data-agent="${escapeHtml(agentId)}" data-county="${escapeHtml(county.id)}" data-timezone="${escapeHtml(timezone)}">
<section id="agent" aria-labelledby="agent-title">
<h2 id="agent-title">Mein Status</h2>
<p role="status" aria-live="polite" aria-atomic="true"><span id="state" data-status="">wird geladen …</span></p>
<p id="state-detail"><span id="state-since"></span></p>
<div class="row">
<button type="button" id="btn-login">Anmelden</button>
<button type="button" id="btn-ready">Bereit</button>
</div>
<div class="row">
<label for="pause-reason">Pausengrund</label>
<select id="pause-reason">
<option value="break">Pause</option>
<option value="meeting">Besprechung</option>
<option value="training">Schulung</option>
<option value="other">Sonstiges</option>
</select>
<button type="button" id="btn-pause">Pause</button>
</div>
<div class="row">
<button type="button" id="btn-logout" class="secondary">Abmelden</button>
</div>
<p id="conn" role="status">Verbindung wird aufgebaut …</p>
</section>
<section id="call" aria-labelledby="call-title">
<h2 id="call-title">Anruf</h2>
<div aria-live="polite" aria-atomic="false">
<p id="no-call">Kein Anruf.</p>
<div id="pop" hidden>
<p id="pop-summary"></p>
<p id="pop-partner" class="partner" hidden></p>
<dl>
<dt>Gewählt</dt><dd id="pop-entry"></dd>
<dt>Gemeinde</dt><dd id="pop-town"></dd>
<dt>Gewartet</dt><dd><span id="pop-waited" aria-live="off"></span> <span class="hint" id="pop-waited-hint">(Rathaus + Warteschlange)</span></dd>
<dt>Weg zum Service-Center</dt><dd id="pop-reason"></dd>
<dt id="pop-handover-title" hidden>Grund der Übernahme</dt><dd id="pop-handover" hidden></dd>
<dt>Frühere Anrufe</dt><dd id="pop-repeat"></dd>
</dl>
<p id="pop-callback" class="hint" hidden>Rückruf: Das Service-Center ruft die Bürgerin oder den Bürger zurück.</p>
${POP_KNOWLEDGE_HTML}
</div>
</div>
<div id="work" hidden>
${CALL_TOPICS_HTML}
<h3 id="outcome-title">Ergebnis des Anrufs</h3>
<div class="row" role="group" aria-labelledby="outcome-title">
<button type="button" class="secondary outcome" data-outcome="resolved" aria-pressed="false">Fallabschließend gelöst</button>
<button type="button" class="secondary outcome" data-outcome="transferred" aria-pressed="false">An Fachamt übergeben</button>
<button type="button" class="secondary outcome" data-outcome="callback-note" aria-pressed="false">Rückrufnotiz</button>
</div>
<p id="outcome-state" class="hint"></p>
<div id="transfer" hidden>
<h3 id="transfer-title">Fachämter</h3>
<p id="transfer-state" role="status" aria-live="polite"></p>
<div class="row">
<button type="button" id="btn-transfer-complete" hidden>Gespräch übergeben</button>
<button type="button" id="btn-transfer-cancel" class="secondary" hidden>Übergabe abbrechen (zurück zum Anrufer)</button>
</div>
<ul class="departments" id="departments" aria-labelledby="transfer-title"></ul>
</div>
<form class="note" id="note-form" novalidate>
<h3 id="note-title">Rückrufnotiz</h3>
<label for="note-name">Name der Anruferin / des Anrufers</label>
<input type="text" id="note-name" name="name" maxlength="200" required autocomplete="off">
<label for="note-topic">Thema</label>
<input type="text" id="note-topic" name="topic" maxlength="200" required autocomplete="off">
<label for="note-text">Anliegen</label>
<textarea id="note-text" name="text" maxlength="5000" required></textarea>
<label for="note-department">Fachamt (optional)</label>
<select id="note-department" name="department"><option value="">– kein bestimmtes Fachamt –</option></select>
<label class="check" for="note-consent"><input type="checkbox" id="note-consent" name="callerConsent"> Die Anruferin / der Anrufer ist einverstanden, dass die Rückrufnummer bis zum Rückruf gespeichert wird.</label>
<label for="note-number">Rückrufnummer</label>
<input type="tel" id="note-number" name="callerNumber" maxlength="40" autocomplete="off" disabled aria-describedby="note-number-hint">
<p id="note-number-hint" class="hint">Nur mit Einwilligung, z. B. 04106 123456.</p>
<button type="submit" id="note-submit">Rückrufnotiz speichern</button>
<p id="note-state" class="hint" role="status"></p>
</form>
</div>
</section>
${KNOWLEDGE_SECTION_HTML}
<section aria-label="Meldungen">
<p id="message" role="status" aria-live="polite"></p>
</section>
<noscript><p>Diese Seite braucht JavaScript.</p></noscript>
</main>
<script type="application/json" id="initial-desk">${scriptJson(view)}</script>
<script type="application/json" id="desk-municipalities">${scriptJson([...towns, { id: 'kreis', name: county.name }])}</script>
<script src="${escapeHtml(scriptUrl)}" defer></script>
</body>
</html>
`;

const simplePage = (title: string, body: string): string => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · Service-Center</title>
<style>${STYLE} main { display: block; max-width: 40rem; } li { margin: 0.3rem 0; }</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
<section>
${body}
</section>
</main>
</body>
</html>
`;

/** For an operator who did not say whose desk: one link per agent. */
export const chooseAgentHtml = (agents: readonly { readonly id: string; readonly name: string }[]): string =>
  simplePage(
    'Arbeitsplatz wählen',
    `<p>Wessen Arbeitsplatz möchten Sie sehen?</p>
<ul>
${agents.map((a) => `<li><a href="/desk?agent=${encodeURIComponent(a.id)}">${escapeHtml(a.name)}</a> (${escapeHtml(a.id)})</li>`).join('\n')}
</ul>`,
  );

/** A refusal or an unknown agent, as a page. */
export const problemHtml = (title: string, message: string): string =>
  simplePage(title, `<p>${escapeHtml(message)}</p>\n<p><a href="/login">Zur Anmeldung</a></p>`);

export { escapeHtml };
